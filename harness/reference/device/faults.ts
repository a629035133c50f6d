/**
 * The reference device's fault switches: each one breaks one DMC clause through one seam of the
 * engine (harness/device/behaviour.ts) or of its transport, and leaves everything else correct.
 * The self-tests turn each on in turn and require the client suites to fail that clause.
 */
import type { DeviceBehaviour, MoListEntry, PackageKind } from "../../device/index.ts";
import { DEVDETAIL_MOID, DEVINFO_MOID, isRecognised, type UrlParamValues } from "../../device/index.ts";
import type { FaultSwitch } from "../fault-switch.ts";
import { CONNMO_MOID } from "./initial-tree.ts";
import type { TransportFaults } from "./undici-http.ts";

export interface ReferenceDeviceFault extends FaultSwitch {
  behaviour?: DeviceBehaviour;
  transport?: TransportFaults;
  /**
   * The device state the fault needs to show at all (e.g. TBD is only due without a SIM). Purely
   * informative: the fault-detection table creates the device (and the IXIT) accordingly.
   */
  needs?: { noSim?: boolean; noCellular?: boolean };
}

const setHeader =
  (kind: PackageKind, name: string, value: string | undefined) =>
  (headers: Array<[string, string]>, k: PackageKind): Array<[string, string]> => {
    if (k !== kind) return headers;
    const rest = headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    return value === undefined ? rest : [...rest, [name, value]];
  };

const dropPaths = (list: MoListEntry[]): MoListEntry[] => list.map(({ MOID, DDF }) => ({ MOID, DDF }));

/** Rewrites the ClientURIs of a PUT/POST (params[0] is the ServerURI) before the engine runs it. */
const rewriteClientUris =
  (rewrite: (uri: string) => string): DeviceBehaviour["wrapCommand"] =>
  (name, run) =>
    name === "PUT" || name === "POST" ? (p) => run([p[0]!, ...p.slice(1).map(rewrite)]) : run;

/** The ClientURI without its Levels query parameter (other query parameters kept). */
function stripLevels(uri: string): string {
  const q = uri.indexOf("?");
  if (q < 0) return uri;
  const rest = uri
    .slice(q + 1)
    .split("&")
    .filter((pair) => !pair.startsWith("Levels="));
  return rest.length === 0 ? uri.slice(0, q) : `${uri.slice(0, q)}?${rest.join("&")}`;
}
const isStar = (uri: string) => uri === "*" || uri.startsWith("*?");

export const FAULTS: ReferenceDeviceFault[] = [
  // --- 5.3 -----------------------------------------------------------------------------------
  {
    name: "plaintext-session",
    clause: "DMC-5.3-01",
    description: "Follows an http:// notification URL and sends Pkg#1 in plaintext.",
    behaviour: { allowPlaintextSessionUrl: true },
  },
  {
    name: "no-certificate-verification",
    clause: "DMC-5.3-02",
    description: "Accepts any server certificate: untrusted issuer, expired, not yet valid, self-signed.",
    transport: { skipCertificateVerification: true },
  },
  {
    name: "no-hostname-check",
    clause: "DMC-5.3-02",
    description: "Verifies the certificate chain but not that the certificate names the server's host.",
    transport: { skipHostnameCheck: true },
  },
  {
    name: "devdetail-always",
    clause: "DMC-5.3-03",
    description: "Sends DevDetail in Pkg#1 even when send-devdetail is 0.",
    behaviour: { pkg1Flags: (f) => ({ ...f, sendDevDetail: true }) },
  },
  {
    name: "devdetail-never",
    clause: "DMC-5.3-03",
    description: "Leaves DevDetail out of Pkg#1 even when send-devdetail is 1.",
    behaviour: { pkg1Flags: (f) => ({ ...f, sendDevDetail: false }) },
  },
  // --- 5.4 -----------------------------------------------------------------------------------
  {
    name: "pkg1-wrong-content-type",
    clause: "DMC-5.4-01",
    description: "Sends Pkg#1 with Content-Type application/json.",
    behaviour: { packageHeaders: setHeader("pkg1", "Content-Type", "application/json") },
  },
  {
    name: "pkg1-accept-without-tnds20",
    clause: "DMC-5.4-02",
    description: "Pkg#1's Accept lists application/dm20 only.",
    behaviour: { packageHeaders: setHeader("pkg1", "Accept", "application/dm20") },
  },
  {
    name: "pkg1-no-device-id",
    clause: "DMC-5.4-03",
    description: "Sends Pkg#1 without X-OMADMDeviceID.",
    behaviour: { packageHeaders: setHeader("pkg1", "X-OMADMDeviceID", undefined) },
  },
  {
    name: "pkg1-no-devinfo",
    clause: "DMC-5.4-04",
    description: "Leaves DevInfo out of the Pkg#1 body.",
    behaviour: {
      pkg1Document: (d) => ({ ...d, TNDS20: (d.TNDS20 ?? []).filter((o) => o.MOID !== DEVINFO_MOID) }),
    },
  },
  {
    name: "pkg1-extra-content",
    clause: "DMC-5.4-05",
    description: "Adds the ConnMO instances to Pkg#1's TNDS20 list, which the server did not ask for.",
    behaviour: {
      pkg1Document: (d, tree) => ({
        ...d,
        TNDS20: [...(d.TNDS20 ?? []), ...(tree.export(CONNMO_MOID, "/") ?? [])],
      }),
    },
  },
  {
    name: "mo-list-missing",
    clause: "DMC-5.4-06",
    description:
      "Leaves the supported-MO list out of Pkg#1 when send-supported-mo is 1 (and instances are not asked).",
    behaviour: { pkg1Flags: (f) => (f.sendAllMoInstances ? f : { ...f, sendSupportedMo: false }) },
  },
  {
    name: "mo-list-unrequested",
    clause: "DMC-5.4-06",
    description: "Sends the supported-MO list in Pkg#1 when send-supported-mo is 0.",
    behaviour: { pkg1Flags: (f) => ({ ...f, sendSupportedMo: true }) },
  },
  {
    name: "instances-missing",
    clause: "DMC-5.4-07",
    description: "Sends the MO list without instance paths when send-all-mo-instances is 1.",
    behaviour: { pkg1Document: (d) => (d.MO ? { ...d, MO: dropPaths(d.MO) } : d) },
  },
  // --- 5.5 -----------------------------------------------------------------------------------
  {
    name: "end-commands-skipped",
    clause: "DMC-5.5-01",
    description: "Does not execute the other commands of a response that carries END.",
    behaviour: { skipEndCommands: true },
  },
  {
    name: "status-after-end",
    clause: "DMC-5.5-02",
    description: "Sends a status package for the commands of a response that carries END.",
    behaviour: { statusAfterEnd: true },
  },
  // --- 5.6 -----------------------------------------------------------------------------------
  {
    name: "status-to-other-url",
    clause: "DMC-5.6-01",
    description: "POSTs status packages to a sibling URL ('status') instead of the session URL.",
    behaviour: { statusUrl: (url) => new URL("status", url).href },
  },
  {
    name: "pkg2-wrong-content-type",
    clause: "DMC-5.6-02",
    description: "Sends status packages with Content-Type text/plain.",
    behaviour: { packageHeaders: setHeader("status", "Content-Type", "text/plain") },
  },
  {
    name: "pkg2-accept-without-tnds20",
    clause: "DMC-5.6-03",
    description: "Status packages' Accept lists application/dm20 only (as the informative C.3 does).",
    behaviour: { packageHeaders: setHeader("status", "Accept", "application/dm20") },
  },
  {
    name: "pkg2-device-id-changed",
    clause: "DMC-5.6-03",
    description: "Status packages carry another X-OMADMDeviceID than Pkg#1.",
    behaviour: { packageHeaders: setHeader("status", "X-OMADMDeviceID", "IMEI:999999999999999") },
  },
  {
    name: "status-lf-only",
    clause: "DMC-5.6-04",
    description: "Separates status lines with LF instead of CRLF.",
    behaviour: { statusText: (t) => t.replaceAll("\r\n", "\n") },
  },
  {
    name: "msgid-off-by-one",
    clause: "DMC-5.6-04",
    description: "Echoes the response's MsgID plus one.",
    behaviour: { statusPackage: (p) => ({ ...p, msgId: p.msgId + 1 }) },
  },
  {
    name: "status-code-not-decimal",
    clause: "DMC-5.6-05",
    description: "Writes status codes in hexadecimal (0xC8 for 200).",
    behaviour: {
      statusText: (t) =>
        t.replace(
          /(\r\n|\n)([0-9]+)(?= |\r|\n|$)/g,
          (_m, br: string, code: string) => `${br}0x${Number(code).toString(16).toUpperCase()}`,
        ),
    },
  },
  {
    name: "statuses-reversed",
    clause: "DMC-5.6-06",
    description: "Reports the statuses in the reverse order of the commands.",
    behaviour: { statusPackage: (p) => ({ ...p, statuses: [...p.statuses].reverse() }) },
  },
  {
    name: "status-missing",
    clause: "DMC-5.6-06",
    description: "Leaves out the status of the last command of each response.",
    behaviour: { statusPackage: (p) => ({ ...p, statuses: p.statuses.slice(0, -1) }) },
  },
  // --- 5.8 -----------------------------------------------------------------------------------
  {
    name: "unknown-command-ok",
    clause: "DMC-5.8-01",
    description:
      "Answers an unrecognised or malformed command with 200 instead of Optional Feature Not Supported.",
    behaviour: {
      commandStatus: (s, c) => (isRecognised(c) ? s : { code: 200, params: [] }),
    },
  },
  {
    name: "stop-after-failure",
    clause: "DMC-5.8-02",
    description: "Stops executing a response's commands after the first failing one (the rest get 215).",
    behaviour: { stopAfterFailure: true },
  },
  {
    name: "get-not-performed",
    clause: "DMC-5.8-03",
    description: "Reports 200 for GET without sending the HTTP GET.",
    behaviour: {
      wrapCommand: (name, run) => (name === "GET" ? async () => ({ code: 200, params: [] }) : run),
    },
  },
  {
    name: "get-location-missing",
    clause: "DMC-5.8-04",
    description: "GET without ClientURI stores the MO but reports no location as Param1.",
    behaviour: {
      commandStatus: (s, c) => (c.name === "GET" && c.params.length === 1 ? { ...s, params: [] } : s),
    },
  },
  {
    name: "get-merges",
    clause: "DMC-5.8-05",
    description: "GET with ClientURI merges the retrieved MO into the existing node instead of replacing it.",
    behaviour: { storeRetrieved: (tree, moid, path, content) => tree.mergeAt(moid, path, content) },
  },
  {
    name: "put-sent-as-post",
    clause: "DMC-5.8-06",
    description: "Sends the TNDS20 object of a PUT command as HTTP POST.",
    behaviour: { wrapCommand: (name, run, runners) => (name === "PUT" ? runners.POST! : run) },
  },
  {
    name: "default-levels-cut",
    clause: "DMC-5.8-07",
    description: "PUT/POST without Levels includes only one sublevel of child nodes.",
    behaviour: {
      wrapCommand: rewriteClientUris((u) =>
        isStar(u) || /[?&]Levels=/.test(u) ? u : `${u}${u.includes("?") ? "&" : "?"}Levels=1`,
      ),
    },
  },
  {
    name: "levels-ignored",
    clause: "DMC-5.8-08",
    description: "PUT/POST ignores ?Levels=n and sends every level.",
    behaviour: { wrapCommand: rewriteClientUris((u) => (isStar(u) ? u : stripLevels(u))) },
  },
  {
    name: "star-mo-missing",
    clause: "DMC-5.8-09",
    description: "PUT/POST of * leaves out one supported MO (DevDetail).",
    behaviour: { starList: (list) => list.filter((m) => m.MOID !== DEVDETAIL_MOID) },
  },
  {
    name: "star-instances-missing",
    clause: "DMC-5.8-09",
    description: "PUT/POST of *?Levels=1 lists the MOs without their instances.",
    behaviour: { starList: (list) => dropPaths(list) },
  },
  {
    name: "delete-keeps-children",
    clause: "DMC-5.8-10",
    description: "DELETE removes the node's leaves but keeps its interior child nodes (and so the node).",
    behaviour: {
      deleteNode: (tree, moid, path) => {
        const node = tree.valueAt(moid, path);
        if (node === undefined) return tree.delete(moid, path);
        if (typeof node === "string") return tree.delete(moid, path);
        const kept = Object.fromEntries(Object.entries(node).filter(([, v]) => typeof v !== "string"));
        return tree.replaceAt(moid, path, kept);
      },
    },
  },
  {
    name: "exec-alert-not-sent",
    clause: "DMC-5.8-11",
    description: "EXEC performs the operation but sends no Generic Alert.",
    behaviour: { execAlert: () => undefined },
  },
  {
    name: "show-status-before-close",
    clause: "DMC-5.8-12",
    description:
      "Reports SHOW's status at once, without waiting for the browser to load the Close/Continue URL.",
    behaviour: { showStatusBeforeBrowser: true },
  },
  {
    name: "default-session-not-opened",
    clause: "DMC-5.8-14",
    description: "Remembers DEFAULT but never opens a session to its ServerURL.",
    behaviour: { defaultSessionUrl: () => undefined },
  },
  {
    name: "default-no-initiated-by",
    clause: "DMC-5.8-15",
    description: "Opens the DEFAULT session without ?InitiatedBy=.",
    behaviour: { defaultSessionUrl: (url) => url.replace(/[?&]InitiatedBy=(Device|User)/, "") },
  },
  {
    name: "imei-not-substituted",
    clause: "DMC-5.8.1-01",
    description: "Leaves [IMEI] in ServerURIs as written.",
    behaviour: {
      urlParams: (v) => {
        const { IMEI: _imei, ...rest } = v;
        return rest;
      },
    },
  },
  {
    name: "tbd-not-used",
    clause: "DMC-5.8.1-02",
    description:
      "Puts an empty value instead of TBD for [MNC]/[MCC] without SIM and [CMNC]/[CMCC] without 3GPP connection.",
    behaviour: {
      urlParams: (v) =>
        Object.fromEntries(Object.entries(v).map(([k, val]) => [k, val ?? ""])) as UrlParamValues,
    },
    needs: { noSim: true, noCellular: true },
  },
];

export function faultByName(name: string): ReferenceDeviceFault | undefined {
  return FAULTS.find((f) => f.name === name);
}
