/**
 * The reference server's fault switches: each breaks exactly one DMS clause, through one seam of
 * behaviour.ts. The self-test turns each on alone and requires the server suites to fail its
 * clause (test/selftest-server/fault-detection.test.ts).
 *
 * Beside them, lawful variations: each takes a reading the draft allows but the conformant path
 * does not show (END beside other commands, reserved bits set, a charset on the media type, …).
 * The self-test requires that none of them fails any clause (test/selftest-server/lawful-variations.test.ts):
 * a harness that flags one fails what the draft does not rule out.
 */
import type { FaultSwitch } from "../fault-switch.ts";
import { combineServerBehaviours, type ServerBehaviour } from "./behaviour.ts";
import type { ScenarioCommand } from "./scenario.ts";

interface ServerFault extends FaultSwitch {
  behaviour: ServerBehaviour;
}

/** ServerURIs of a command, by position (5.8): which params a fault that rewrites URLs touches. */
const SERVER_URI_POSITIONS: Record<string, number[]> = {
  GET: [0],
  PUT: [0],
  POST: [0],
  EXEC: [1],
  SHOW: [0],
  DEFAULT: [1],
};

function mapServerUris(commands: ScenarioCommand[], f: (uri: string) => string): ScenarioCommand[] {
  return commands.map((c) => {
    const positions = SERVER_URI_POSITIONS[c.name] ?? [];
    return { ...c, params: c.params.map((p, i) => (positions.includes(i) ? f(p) : p)) };
  });
}

const FAULTS: ServerFault[] = [
  // --- DMS-5.3-01: the notification -----------------------------------------------------------
  {
    name: "notification-wrong-version",
    clause: "DMS-5.3-01",
    description: "Pkg#0 carries version bits 0000001100 (DM 1.2) instead of 0000010100.",
    behaviour: { notification: (n) => ({ ...n, version: 12 }) },
  },
  {
    name: "notification-trailing-bytes",
    clause: "DMS-5.3-01",
    description: "Pkg#0 carries two bytes after the URL that its URL-length byte does not count.",
    behaviour: { notificationTrailingBytes: new Uint8Array([0x00, 0x2a]) },
  },
  {
    name: "notification-url-length",
    clause: "DMS-5.3-01",
    description: "Pkg#0's URL-length byte is one more than the URL's byte length.",
    behaviour: { notificationUrlLengthDelta: 1 },
  },
  {
    name: "notification-http-url",
    clause: "DMS-5.3-01",
    description: "Pkg#0 carries an http:// URL.",
    behaviour: { notification: (n) => ({ ...n, url: n.url.replace(/^https:/, "http:") }) },
  },
  // --- DMS-5.3-02: the certificate ------------------------------------------------------------
  {
    name: "certificate-wrong-host",
    clause: "DMS-5.3-02",
    description: "Serves DM with a certificate issued for another host name.",
    behaviour: { certificate: "wrongHost" },
  },
  {
    name: "certificate-expired",
    clause: "DMS-5.3-02",
    description: "Serves DM with an expired certificate.",
    behaviour: { certificate: "expired" },
  },
  // --- DMS-5.5-01: Content-Type ---------------------------------------------------------------
  {
    name: "content-type-text-plain",
    clause: "DMS-5.5-01",
    description: "Command files are sent as text/plain.",
    behaviour: { contentType: "text/plain" },
  },
  // --- DMS-5.5-02: line breaks and the MsgID line -----------------------------------------------
  {
    name: "lf-line-breaks",
    clause: "DMS-5.5-02",
    description: "Command-file lines are separated by LF alone.",
    behaviour: { lineBreak: "\n" },
  },
  {
    name: "msgid-line-missing",
    clause: "DMS-5.5-02",
    description: "Command files start with the first command, without the MsgID line (as 5.8.2's example).",
    behaviour: { omitMsgIdLine: true },
  },
  // --- DMS-5.5-03: MsgID sequence -------------------------------------------------------------
  {
    name: "msgid-stuck",
    clause: "DMS-5.5-03",
    description: "Every response of a session carries MsgID 0.",
    behaviour: { msgId: () => 0 },
  },
  {
    name: "msgid-step-two",
    clause: "DMS-5.5-03",
    description: "MsgID grows by two with each response.",
    behaviour: { msgId: (perSession) => perSession * 2 },
  },
  {
    name: "msgid-server-wide",
    clause: "DMS-5.5-03",
    description: "One MsgID counter for the whole server instead of one per session.",
    behaviour: { msgId: (_perSession, serverWide) => serverWide },
  },
  // --- DMS-5.5-04: command syntax -------------------------------------------------------------
  {
    name: "get-without-params",
    clause: "DMS-5.5-04",
    description: "The response to Pkg#1 ends with a GET line that has no parameter.",
    behaviour: {
      commands: (commands, ctx) =>
        ctx.firstResponse ? [...commands, { name: "GET", params: [] }] : commands,
    },
  },
  {
    name: "server-uri-relative",
    clause: "DMS-5.5-04",
    description: "ServerURIs are written as paths relative to the server instead of absolute URLs.",
    behaviour: {
      commands: (commands, ctx) => mapServerUris(commands, (uri) => uri.replaceAll(ctx.base, "")),
    },
  },
  {
    name: "default-http-url",
    clause: "DMS-5.5-04",
    description:
      "DEFAULT names an http:// ServerURL, where the device would open a DM session without HTTPS.",
    behaviour: {
      commands: (commands) =>
        commands.map((c) =>
          c.name === "DEFAULT"
            ? { ...c, params: c.params.map((p, i) => (i === 1 ? p.replace(/^https:/, "http:") : p)) }
            : c,
        ),
    },
  },
  // --- DMS-5.6-01: accepting both package kinds -------------------------------------------------
  {
    name: "status-package-415",
    clause: "DMS-5.6-01",
    description: "Status packages (application/dm20status) are refused with 415 Unsupported Media Type.",
    behaviour: { refuseStatusPackages: true },
  },
  // --- DMS-5.7-01: the session ends -----------------------------------------------------------
  {
    name: "never-end",
    clause: "DMS-5.7-01",
    description: "After the last command file the server starts over instead of sending END.",
    behaviour: { neverEnd: true },
  },
  // --- DMS-5.7-02: END alone after the last status --------------------------------------------
  {
    name: "end-beside-location-get",
    clause: "DMS-5.7-02",
    description:
      "The END that answers the last status report comes with a GET without ClientURI, whose new location only a status could report.",
    behaviour: {
      commands: (commands, ctx) =>
        ctx.afterLastStatus
          ? [{ name: "GET", params: [`${ctx.base}/documents/connmo-mms.tnds20`] }, ...commands]
          : commands,
    },
  },
  // --- DMS-5.8-01: SHOW's Close/Continue ------------------------------------------------------
  {
    name: "show-without-close",
    clause: "DMS-5.8-01",
    description: "SHOW's ServerURI carries neither ?Close= nor ?Continue=.",
    behaviour: {
      commands: (commands) =>
        commands.map((c) =>
          c.name === "SHOW" ? { ...c, params: c.params.map((p) => p.replace(/\?.*$/, "")) } : c,
        ),
    },
  },
];

/** A reading the draft allows; `clause` is the one whose reading it exercises. */
export interface LawfulVariation extends FaultSwitch {
  /** True when --strict fails it (a reading the draft does not describe, only does not rule out). */
  strictFails: boolean;
}

const VARIATIONS: Array<LawfulVariation & { behaviour: ServerBehaviour }> = [
  {
    name: "end-with-commands",
    clause: "DMS-5.7-02",
    strictFails: true,
    description:
      "The END that answers the last status report comes beside an upload whose status the server does not need.",
    behaviour: {
      commands: (commands, ctx) =>
        ctx.afterLastStatus
          ? [
              { name: "POST", params: [`${ctx.base}/uploads/final.tnds20`, "oma:mo:oma-dm-devinfo:1.0"] },
              ...commands,
            ]
          : commands,
    },
  },
  {
    name: "reserved-bits-set",
    clause: "DMS-5.3-01",
    strictFails: true,
    description: 'Pkg#0 sets reserved bits ("Reserved for future use").',
    behaviour: { notification: (n) => ({ ...n, reserved: 0x8001 }) },
  },
  {
    name: "content-type-charset",
    clause: "DMS-5.5-01",
    strictFails: false,
    description: "Command files are sent as application/dm20; charset=utf-8.",
    behaviour: { contentType: "application/dm20; charset=utf-8" },
  },
  {
    name: "msgid-from-seven",
    clause: "DMS-5.5-03",
    strictFails: false,
    description: "Each session's MsgIDs start at 7 (and grow by one).",
    behaviour: { msgId: (perSession) => perSession + 7 },
  },
  {
    name: "final-line-break",
    clause: "DMS-5.5-02",
    strictFails: false,
    description: "Every command file ends with a CRLF after its last line.",
    behaviour: { finalLineBreak: true },
  },
  {
    name: "show-relative-close",
    clause: "DMS-5.8-01",
    strictFails: false,
    description: "SHOW's ?Close= and ?Continue= URLs are relative to the SHOW page.",
    behaviour: {
      commands: (commands, ctx) =>
        commands.map((c) =>
          c.name === "SHOW" ? { ...c, params: c.params.map((p) => p.replaceAll(`=${ctx.base}/`, "=/")) } : c,
        ),
    },
  },
];

const describeSwitch = ({ name, clause, description }: FaultSwitch): FaultSwitch => ({
  name,
  clause,
  description,
});

export const REFERENCE_SERVER_FAULTS: FaultSwitch[] = FAULTS.map(describeSwitch);

export const REFERENCE_SERVER_VARIATIONS: LawfulVariation[] = VARIATIONS.map((v) => ({
  ...describeSwitch(v),
  strictFails: v.strictFails,
}));

/**
 * The behaviour of the named faults (and lawful variations) together; throws on an unknown name (a
 * typo must not pass as "no fault").
 */
export function behaviourForFaults(names: readonly string[]): ServerBehaviour {
  const known = [...FAULTS, ...VARIATIONS];
  const picked = names.map((name) => {
    const fault = known.find((f) => f.name === name);
    if (!fault) {
      throw new Error(
        `unknown reference-server fault "${name}"; known: ${known.map((f) => f.name).join(", ")}`,
      );
    }
    return fault.behaviour;
  });
  return combineServerBehaviours(picked);
}
