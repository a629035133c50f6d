/**
 * Fault operators for the DMC clauses: each edits the recorded conformant run of the reference
 * device so that the device breaks one sentence of the draft, and the client suites' test of that
 * clause, replayed over the edit, must fail quoting the wire.
 */
import type { Transcript } from "../model/transcript.ts";
import type { RecordedScenario } from "../server-role/index.ts";
import {
  cutAfter,
  dmOrigin,
  drop,
  editBody,
  editJson,
  editStatus,
  editStatusLines,
  moveAfter,
  packages,
  pkg,
  repath,
  repeatLater,
  retarget,
  session,
  setBody,
  setHeader,
  setStatusLines,
  side,
  sideAt,
  sides,
  statusLines,
  tndsObjects,
} from "./device-edits.ts";
import * as S from "./draft-sentences.ts";
import type { DeviceOperator } from "./operator.ts";

type Row = Omit<DeviceOperator, "role" | "kind">;

// --- the sessions the operators edit --------------------------------------------------------------

const CONTROL = (r: RecordedScenario[]) => session(r, "5.3 control session");
const FLAGS = (r: RecordedScenario[], d: 0 | 1, m: 0 | 1, i: 0 | 1) =>
  session(
    r,
    "5.3 Pkg#0 flag matrix",
    `send-devdetail=${d} send-supported-mo=${m} send-all-mo-instances=${i}`,
  );
const PLAIN = (r: RecordedScenario[]) => session(r, "5.3 http:// session URL", "http:// session URL");
const CERT = (r: RecordedScenario[], c: string) => session(r, `5.3 ${c} certificate`, `${c} certificate`);
const END_BESIDE = (r: RecordedScenario[]) => session(r, "5.5 END beside commands");
const DELETE_END = (r: RecordedScenario[], n: string) => session(r, "5.5 DELETE beside END", n);
const ECHO = (r: RecordedScenario[]) => session(r, "5.6 MsgID echo");
const MIXED = (r: RecordedScenario[]) => session(r, "5.6 mixed batch");
const UNRECOGNISED = (r: RecordedScenario[]) => session(r, "5.8 unrecognised commands");
const AFTER_FAILURE = (r: RecordedScenario[]) => session(r, "5.8 commands after a failing one");
const GET_NEW = (r: RecordedScenario[]) => session(r, "5.8 GET without ClientURI");
const GET_AT = (r: RecordedScenario[], n: "store" | "read back") => session(r, "5.8 GET with ClientURI", n);
const UPLOADS = (r: RecordedScenario[]) => session(r, "5.8 PUT and POST");
const LEVELS = (r: RecordedScenario[]) => session(r, "5.8 Levels");
const STAR = (r: RecordedScenario[]) => session(r, "5.8 PUT/POST of *");
const DELETE = (r: RecordedScenario[], n: "plant a subtree" | "DELETE" | "read back") =>
  session(r, "5.8 DELETE", n);
const EXEC = (r: RecordedScenario[]) => session(r, "5.8 EXEC");
const SHOW = (r: RecordedScenario[], mode: "Close" | "Continue") => session(r, `5.8 SHOW ?${mode}=`);
const DEFAULT = (r: RecordedScenario[], by: "Device" | "User") =>
  session(r, "5.8 DEFAULT", `${by}-initiated session`);
const PARAMS = (r: RecordedScenario[]) => session(r, "5.8.1 URL parameters");

/** The upload of a session's n-th upload URL (…/r/<id>/<n>/upload). */
const upload = (t: Transcript, n: number) => sideAt(t, `/${n}/upload`);

/** A plaintext origin where none of the run's listeners is. */
const http = (t: Transcript) => dmOrigin(t).replace(/^https:/, "http:");

/** The Levels session's uploads: no Levels, Levels=0, 1, 2. */
const levelUpload = (r: RecordedScenario[], n: "all" | 0 | 1 | 2) =>
  upload(LEVELS(r), n === "all" ? 2 : n + 3);

type Doc = Record<string, unknown>;
const first = (d: Doc) => tndsObjects(d)[0]!;
const moList = (d: Doc) => d.MO as Array<Doc>;

/** A request on the plain listener of the http:// session: the Pkg#1 the device should never have sent. */
function plaintextPkg1(r: RecordedScenario[], delayMs: number): void {
  const t = PLAIN(r);
  const ex = repeatLater(t, pkg(CONTROL(r), 1), delayMs, "pkg1");
  const notified = /for (http:\/\/[^:]+:\d+)(\/\S*)/.exec(t.events[0]!.detail);
  if (!notified) throw new Error("the http:// session names no URL");
  retarget(ex, notified[1]!);
  repath(ex, notified[2]!);
  t.tls = t.tls.filter((e) => e.connectionId !== ex.connectionId);
}

/** The device sent a request over a certificate it had to refuse. */
function acceptedCertificate(r: RecordedScenario[], c: string, delayMs = 5): void {
  const t = CERT(r, c);
  const tls = t.tls[0]!;
  const ex = repeatLater(t, pkg(CONTROL(r), 1), delayMs, "pkg1");
  t.tls = t.tls.filter((e) => e.connectionId !== ex.connectionId);
  ex.connectionId = tls.connectionId;
  tls.outcome = "established";
  tls.requests = 1;
  delete tls.errorCode;
  delete tls.errorMessage;
}

/** A DM package sent again after END: the device connected back. */
function connectBack(t: Transcript, delayMs: number, withStatus: boolean): void {
  const last = packages(t).at(-1)!;
  const ex = repeatLater(t, last, delayMs, `pkg${packages(t).length + 1}`);
  if (withStatus)
    setBody(ex.request, `${/^MsgID \d+/.exec(new TextDecoder().decode(last.response!.body))![0]}\r\n200`);
}

const FAULTS: Row[] = [
  // --- DMC-5.3-01 -----------------------------------------------------------------------------------
  {
    name: "plaintext-pkg1-after-http-notification",
    clause: "DMC-5.3-01",
    draftSentence: S.HTTPS,
    mutate: (r) => plaintextPkg1(r, 50),
  },
  {
    name: "plaintext-pkg1-late-in-the-run",
    clause: "DMC-5.3-01",
    draftSentence: `${S.HTTPS} (watched until the run ends)`,
    mutate: (r) => plaintextPkg1(r, 120_000),
  },
  {
    name: "pkg1-downgraded-to-http",
    clause: "DMC-5.3-01",
    draftSentence: S.HTTPS,
    mutate: (r) => retarget(pkg(CONTROL(r), 1), http(CONTROL(r))),
  },
  {
    name: "status-package-downgraded-to-http",
    clause: "DMC-5.3-01",
    draftSentence: S.HTTPS,
    mutate: (r) => retarget(pkg(MIXED(r), 2), http(MIXED(r))),
  },
  {
    name: "flag-matrix-pkg1-over-http",
    clause: "DMC-5.3-01",
    draftSentence: S.HTTPS,
    mutate: (r) => retarget(pkg(FLAGS(r, 1, 1, 1), 1), http(FLAGS(r, 1, 1, 1))),
  },
  {
    name: "default-session-over-http",
    clause: "DMC-5.3-01",
    draftSentence: `${S.HTTPS} (the DEFAULT ServerURL is a DM session URL)`,
    mutate: (r) => retarget(pkg(DEFAULT(r, "Device"), 1), http(DEFAULT(r, "Device"))),
  },
  // --- DMC-5.3-02 -----------------------------------------------------------------------------------
  ...["untrusted-issuer", "expired", "not-yet-valid", "host-name-mismatch", "self-signed"].map(
    (c): Row => ({
      name: `request-over-${c}-certificate`,
      clause: "DMC-5.3-02",
      draftSentence: S.CERTIFICATE,
      mutate: (r) => acceptedCertificate(r, c),
    }),
  ),
  {
    name: "late-request-over-expired-certificate",
    clause: "DMC-5.3-02",
    draftSentence: `${S.CERTIFICATE} (watched until the run ends)`,
    mutate: (r) => acceptedCertificate(r, "expired", 120_000),
  },
  {
    name: "self-signed-connection-carried-a-request",
    clause: "DMC-5.3-02",
    draftSentence: S.CERTIFICATE,
    mutate: (r) => {
      const tls = CERT(r, "self-signed").tls[0]!;
      tls.outcome = "established";
      tls.requests = 1;
    },
  },
  // --- DMC-5.3-03 -----------------------------------------------------------------------------------
  {
    name: "devdetail-missing-when-asked",
    clause: "DMC-5.3-03",
    draftSentence: S.SEND_DEVDETAIL,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 1, 0, 0), 1).request, (d) => {
        d.TNDS20 = tndsObjects(d).filter((o) => !String(o.MOID).includes("devdetail"));
      }),
  },
  {
    name: "devdetail-missing-with-every-flag",
    clause: "DMC-5.3-03",
    draftSentence: S.SEND_DEVDETAIL,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 1, 1, 1), 1).request, (d) => {
        d.TNDS20 = tndsObjects(d).filter((o) => !String(o.MOID).includes("devdetail"));
      }),
  },
  {
    name: "devdetail-sent-unasked",
    clause: "DMC-5.3-03",
    draftSentence: S.SEND_DEVDETAIL,
    mutate: (r) => {
      const devdetail = JSON.parse(new TextDecoder().decode(pkg(FLAGS(r, 1, 0, 0), 1).request.body))
        .TNDS20[1];
      editJson(pkg(FLAGS(r, 0, 0, 0), 1).request, (d) => {
        tndsObjects(d).push(devdetail);
      });
    },
  },
  // --- DMC-5.4-01 -----------------------------------------------------------------------------------
  {
    name: "pkg1-content-type-text-plain",
    clause: "DMC-5.4-01",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(CONTROL(r), 1).request, "Content-Type", "text/plain"),
  },
  {
    name: "pkg1-content-type-removed",
    clause: "DMC-5.4-01",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(FLAGS(r, 0, 1, 0), 1).request, "Content-Type", null),
  },
  {
    name: "pkg1-content-type-dm20status",
    clause: "DMC-5.4-01",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(DEFAULT(r, "User"), 1).request, "Content-Type", "application/dm20status"),
  },
  {
    name: "pkg1-content-type-json",
    clause: "DMC-5.4-01",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(MIXED(r), 1).request, "Content-Type", "application/json"),
  },
  {
    name: "pkg1-sent-as-put",
    clause: "DMC-5.4-01",
    draftSentence: "Pkg#1 is an HTTP POST (5.6: “continue to send new HTTP POST to the same URL”)",
    mutate: (r) => {
      pkg(LEVELS(r), 1).request.method = "PUT";
    },
  },
  {
    name: "pkg1-second-content-type",
    clause: "DMC-5.4-01",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(FLAGS(r, 1, 0, 0), 1).request, "Content-Type", "application/json", true),
  },
  // --- DMC-5.4-02 -----------------------------------------------------------------------------------
  {
    name: "pkg1-accept-removed",
    clause: "DMC-5.4-02",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(CONTROL(r), 1).request, "Accept", null),
  },
  {
    name: "pkg1-accept-without-tnds20",
    clause: "DMC-5.4-02",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(FLAGS(r, 1, 1, 1), 1).request, "Accept", "application/dm20"),
  },
  {
    name: "pkg1-accept-without-dm20",
    clause: "DMC-5.4-02",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(EXEC(r), 1).request, "Accept", "application/tnds20"),
  },
  {
    name: "pkg1-accept-wildcard-only",
    clause: "DMC-5.4-02",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(STAR(r), 1).request, "Accept", "*/*"),
  },
  // --- DMC-5.4-03 -----------------------------------------------------------------------------------
  {
    name: "pkg1-device-id-removed",
    clause: "DMC-5.4-03",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(CONTROL(r), 1).request, "X-OMADMDeviceID", null),
  },
  {
    name: "pkg1-device-id-empty",
    clause: "DMC-5.4-03",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(FLAGS(r, 0, 0, 1), 1).request, "X-OMADMDeviceID", ""),
  },
  {
    name: "pkg1-device-id-type-without-value",
    clause: "DMC-5.4-03",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(UPLOADS(r), 1).request, "X-OMADMDeviceID", "IMEI:"),
  },
  {
    name: "pkg1-device-id-of-another-device",
    clause: "DMC-5.4-03",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(ECHO(r), 1).request, "X-OMADMDeviceID", "IMEI:490154203237518"),
  },
  {
    name: "pkg1-device-id-imei-letters",
    clause: "DMC-5.4-03",
    draftSentence: S.PKG1_HEADERS,
    mutate: (r) => setHeader(pkg(DEFAULT(r, "Device"), 1).request, "X-OMADMDeviceID", "IMEI:00440107486000X"),
  },
  // --- DMC-5.4-04 -----------------------------------------------------------------------------------
  {
    name: "pkg1-body-not-json",
    clause: "DMC-5.4-04",
    draftSentence: S.PKG1_BODY,
    mutate: (r) => editBody(pkg(CONTROL(r), 1).request, (s) => s.slice(0, -2)),
  },
  {
    name: "pkg1-body-empty",
    clause: "DMC-5.4-04",
    draftSentence: S.PKG1_BODY,
    mutate: (r) => setBody(pkg(FLAGS(r, 0, 0, 0), 1).request, ""),
  },
  {
    name: "pkg1-without-devinfo",
    clause: "DMC-5.4-04",
    draftSentence: S.PKG1_BODY,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 1, 0, 0), 1).request, (d) => {
        d.TNDS20 = tndsObjects(d).filter((o) => !String(o.MOID).includes("devinfo"));
      }),
  },
  {
    name: "pkg1-body-a-json-array",
    clause: "DMC-5.4-04",
    draftSentence: S.PKG1_BODY,
    mutate: (r) => editJson(pkg(EXEC(r), 1).request, (d) => tndsObjects(d)),
  },
  // --- DMC-5.4-05 -----------------------------------------------------------------------------------
  {
    name: "pkg1-extra-top-level-key",
    clause: "DMC-5.4-05",
    draftSentence: S.PKG1_BODY,
    mutate: (r) =>
      editJson(pkg(CONTROL(r), 1).request, (d) => {
        d.Battery = { Level: "80" };
      }),
  },
  {
    name: "pkg1-extra-mo-instance",
    clause: "DMC-5.4-05",
    draftSentence: S.PKG1_BODY,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 0, 1, 0), 1).request, (d) => {
        d.TNDS20 = [...((d.TNDS20 as Doc[]) ?? []), { MOID: "oma:mo:oma-mms:1.3", Path: "/1", Name: "mms" }];
      }),
  },
  {
    name: "pkg1-devdetail-unasked",
    clause: "DMC-5.4-05",
    draftSentence: S.PKG1_BODY,
    mutate: (r) => {
      const devdetail = JSON.parse(new TextDecoder().decode(pkg(FLAGS(r, 1, 0, 0), 1).request.body))
        .TNDS20[1];
      editJson(pkg(ECHO(r), 1).request, (d) => {
        tndsObjects(d).push(devdetail);
      });
    },
  },
  // --- DMC-5.4-06 -----------------------------------------------------------------------------------
  {
    name: "mo-list-missing-when-asked",
    clause: "DMC-5.4-06",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 0, 1, 0), 1).request, (d) => {
        delete d.MO;
      }),
  },
  {
    name: "mo-list-sent-unasked",
    clause: "DMC-5.4-06",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) => {
      const mo = JSON.parse(new TextDecoder().decode(pkg(FLAGS(r, 0, 1, 0), 1).request.body)).MO;
      editJson(pkg(FLAGS(r, 0, 0, 0), 1).request, (d) => ({ MO: mo, ...d }));
    },
  },
  {
    name: "mo-list-lacks-a-supported-mo",
    clause: "DMC-5.4-06",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 0, 1, 0), 1).request, (d) => {
        d.MO = moList(d).filter((m) => m.MOID !== "oma:mo:oma-mms:1.3");
      }),
  },
  // --- DMC-5.4-07 -----------------------------------------------------------------------------------
  {
    name: "instance-paths-missing-when-asked",
    clause: "DMC-5.4-07",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 0, 0, 1), 1).request, (d) => {
        for (const m of moList(d)) delete m.Path;
      }),
  },
  {
    name: "instance-path-left-out",
    clause: "DMC-5.4-07",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 1, 1, 1), 1).request, (d) => {
        const mms = moList(d).find((m) => m.MOID === "oma:mo:oma-mms:1.3")!;
        mms.Path = (mms.Path as string[]).filter((p) => p !== "/3");
      }),
  },
  {
    name: "instance-list-of-the-exec-mo-missing",
    clause: "DMC-5.4-07",
    draftSentence: S.PKG1_MO_LIST,
    mutate: (r) =>
      editJson(pkg(FLAGS(r, 0, 0, 1), 1).request, (d) => {
        delete moList(d).find((m) => m.MOID === "oma:mo:oma-test-exec:1.0")!.Path;
      }),
  },
  // --- DMC-5.5-01 -----------------------------------------------------------------------------------
  {
    name: "put-beside-end-not-run",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) => drop(END_BESIDE(r), upload(END_BESIDE(r), 1)),
  },
  {
    name: "post-beside-end-not-run",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) => drop(END_BESIDE(r), upload(END_BESIDE(r), 2)),
  },
  {
    name: "exec-beside-end-sent-no-alert",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) => drop(END_BESIDE(r), side(END_BESIDE(r), "alert")),
  },
  {
    name: "show-beside-end-not-loaded",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) => drop(END_BESIDE(r), side(END_BESIDE(r), "show-page")),
  },
  {
    name: "delete-beside-end-not-run",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) =>
      editJson(upload(DELETE_END(r, "read back"), 1).request, (d) => {
        first(d).EndSub = { Leaf: "x", Deep: { Leaf: "y" } };
      }),
  },
  {
    name: "put-beside-delete-and-end-not-run",
    clause: "DMC-5.5-01",
    draftSentence: S.END_EXECUTE,
    mutate: (r) =>
      drop(DELETE_END(r, "DELETE beside END"), side(DELETE_END(r, "DELETE beside END"), "marker")),
  },
  // --- DMC-5.5-02 -----------------------------------------------------------------------------------
  {
    name: "status-after-end",
    clause: "DMC-5.5-02",
    draftSentence: S.END_NO_CONNECT,
    mutate: (r) => connectBack(CONTROL(r), 20, true),
  },
  {
    name: "status-after-end-beside-commands",
    clause: "DMC-5.5-02",
    draftSentence: S.END_NO_CONNECT,
    mutate: (r) => connectBack(END_BESIDE(r), 20, true),
  },
  {
    name: "new-request-after-end-late",
    clause: "DMC-5.5-02",
    draftSentence: `${S.END_NO_CONNECT} (watched until the run ends)`,
    mutate: (r) => connectBack(CONTROL(r), 120_000, false),
  },
  {
    name: "status-after-end-in-a-long-session",
    clause: "DMC-5.5-02",
    draftSentence: S.END_NO_CONNECT,
    mutate: (r) => connectBack(MIXED(r), 50, true),
  },
  // --- DMC-5.6-01 -----------------------------------------------------------------------------------
  {
    name: "status-package-to-another-path",
    clause: "DMC-5.6-01",
    draftSentence: S.SAME_URL,
    mutate: (r) => repath(pkg(MIXED(r), 2), "/dm/elsewhere"),
  },
  {
    name: "status-package-with-a-query-added",
    clause: "DMC-5.6-01",
    draftSentence: S.SAME_URL,
    mutate: (r) => {
      const ex = pkg(ECHO(r), 3);
      repath(ex, `${new URL(ex.request.url).pathname}?again=1`);
    },
  },
  {
    name: "status-package-as-put",
    clause: "DMC-5.6-01",
    draftSentence: S.SAME_URL,
    mutate: (r) => {
      pkg(GET_NEW(r), 2).request.method = "PUT";
    },
  },
  {
    name: "status-package-to-the-resource-origin",
    clause: "DMC-5.6-01",
    draftSentence: S.SAME_URL,
    mutate: (r) => retarget(pkg(AFTER_FAILURE(r), 2), new URL(upload(UPLOADS(r), 1).request.url).origin),
  },
  {
    name: "no-status-package-before-end",
    clause: "DMC-5.6-01",
    draftSentence: S.SAME_URL,
    mutate: (r) => cutAfter(MIXED(r), pkg(MIXED(r), 2)),
  },
  // --- DMC-5.6-02 -----------------------------------------------------------------------------------
  {
    name: "status-content-type-tnds20",
    clause: "DMC-5.6-02",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(MIXED(r), 2).request, "Content-Type", "application/tnds20"),
  },
  {
    name: "status-content-type-removed",
    clause: "DMC-5.6-02",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(ECHO(r), 4).request, "Content-Type", null),
  },
  {
    name: "status-content-type-dm20",
    clause: "DMC-5.6-02",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(EXEC(r), 3).request, "Content-Type", "application/dm20"),
  },
  {
    name: "status-content-type-text-plain",
    clause: "DMC-5.6-02",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(DELETE(r, "DELETE"), 2).request, "Content-Type", "text/plain"),
  },
  {
    name: "status-content-type-two-values",
    clause: "DMC-5.6-02",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(GET_NEW(r), 2).request, "Content-Type", "text/plain", true),
  },
  // --- DMC-5.6-03 -----------------------------------------------------------------------------------
  {
    name: "status-accept-removed",
    clause: "DMC-5.6-03",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(MIXED(r), 3).request, "Accept", null),
  },
  {
    name: "status-accept-dm20-only",
    clause: "DMC-5.6-03",
    draftSentence: `${S.STATUS_HEADERS} (Table 4 is normative over C.3's example)`,
    mutate: (r) => setHeader(pkg(ECHO(r), 2).request, "Accept", "application/dm20"),
  },
  {
    name: "status-device-id-removed",
    clause: "DMC-5.6-03",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(GET_NEW(r), 3).request, "X-OMADMDeviceID", null),
  },
  {
    name: "status-device-id-changed",
    clause: "DMC-5.6-03",
    draftSentence: S.STATUS_HEADERS,
    mutate: (r) => setHeader(pkg(EXEC(r), 2).request, "X-OMADMDeviceID", "IMEI:490154203237518"),
  },
  // --- DMC-5.6-04 -----------------------------------------------------------------------------------
  {
    name: "msgid-own-counter",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_MSGID,
    mutate: (r) =>
      packages(ECHO(r))
        .slice(1)
        .forEach((ex, i) => {
          setStatusLines(ex, statusLines(ex), `MsgID ${i}`);
        }),
  },
  {
    name: "msgid-off-by-one",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_MSGID,
    mutate: (r) => setStatusLines(pkg(MIXED(r), 2), statusLines(pkg(MIXED(r), 2)), "MsgID 8"),
  },
  {
    name: "msgid-line-missing",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_MSGID,
    mutate: (r) => dropMsgId(pkg(AFTER_FAILURE(r), 2)),
  },
  {
    name: "status-lines-lf-only",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_CRLF,
    mutate: (r) => editBody(pkg(MIXED(r), 2).request, (s) => s.replaceAll("\r\n", "\n")),
  },
  {
    name: "status-lines-cr-only",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_CRLF,
    mutate: (r) => editBody(pkg(UPLOADS(r), 2).request, (s) => s.replaceAll("\r\n", "\r")),
  },
  {
    name: "status-empty-line-inside",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_CRLF,
    mutate: (r) => editBody(pkg(AFTER_FAILURE(r), 2).request, (s) => s.replace("\r\n", "\r\n\r\n")),
  },
  {
    name: "msgid-keyword-lower-case",
    clause: "DMC-5.6-04",
    draftSentence: S.STATUS_MSGID,
    mutate: (r) => editBody(pkg(LEVELS(r), 2).request, (s) => s.replace(/^MsgID/, "msgid")),
  },
  // --- DMC-5.6-05 -----------------------------------------------------------------------------------
  {
    name: "status-code-a-word",
    clause: "DMC-5.6-05",
    draftSentence: S.STATUS_CODE,
    mutate: (r) => editStatus(pkg(UPLOADS(r), 2), 0, () => "OK"),
  },
  {
    name: "status-code-hexadecimal",
    clause: "DMC-5.6-05",
    draftSentence: S.STATUS_CODE,
    mutate: (r) => editStatus(pkg(MIXED(r), 3), 1, () => "0xC8"),
  },
  {
    name: "status-code-negative",
    clause: "DMC-5.6-05",
    draftSentence: S.STATUS_CODE,
    mutate: (r) => editStatus(pkg(AFTER_FAILURE(r), 2), 0, () => "-404"),
  },
  {
    name: "status-code-letter-o-for-zero",
    clause: "DMC-5.6-05",
    draftSentence: S.STATUS_CODE,
    mutate: (r) => editStatus(pkg(STAR(r), 2), 1, () => "2OO"),
  },
  {
    name: "status-code-with-a-decimal-point",
    clause: "DMC-5.6-05",
    draftSentence: S.STATUS_CODE,
    mutate: (r) => editStatus(pkg(LEVELS(r), 2), 2, () => "200.0"),
  },
  // --- DMC-5.6-06 -----------------------------------------------------------------------------------
  {
    name: "mixed-batch-statuses-reversed",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(MIXED(r), 2), (l) => [...l].reverse()),
  },
  {
    name: "mixed-batch-locations-swapped",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(MIXED(r), 2), (l) => [l[4]!, l[1]!, l[2]!, l[3]!, l[0]!]),
  },
  {
    name: "mixed-batch-status-dropped",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(MIXED(r), 2), (l) => l.filter((_, i) => i !== 2)),
  },
  {
    name: "mixed-batch-status-duplicated",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(MIXED(r), 2), (l) => [l[0]!, ...l]),
  },
  {
    name: "failure-reported-last",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(AFTER_FAILURE(r), 2), (l) => [...l.slice(1), l[0]!]),
  },
  {
    name: "status-missing-in-a-uniform-batch",
    clause: "DMC-5.6-06",
    draftSentence: S.STATUS_ORDER,
    mutate: (r) => editStatusLines(pkg(LEVELS(r), 2), (l) => l.slice(1)),
  },
  // --- DMC-5.8-01 -----------------------------------------------------------------------------------
  {
    name: "unknown-command-reported-success",
    clause: "DMC-5.8-01",
    draftSentence: S.UNRECOGNISED,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 0, () => "200"),
  },
  {
    name: "unknown-command-gets-404",
    clause: "DMC-5.8-01",
    draftSentence: S.UNRECOGNISED,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 1, () => "404"),
  },
  {
    name: "unknown-command-gets-500",
    clause: "DMC-5.8-01",
    draftSentence: S.UNRECOGNISED,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 0, () => "500"),
  },
  {
    name: "unknown-command-gets-another-not-supported-code",
    clause: "DMC-5.8-01",
    draftSentence: `${S.UNRECOGNISED} (the code the IXIT declares for xxx)`,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 1, () => "501"),
  },
  {
    name: "unknown-command-in-mixed-batch-succeeds",
    clause: "DMC-5.8-01",
    draftSentence: S.UNRECOGNISED,
    mutate: (r) => editStatus(pkg(MIXED(r), 2), 2, () => "200"),
  },
  // --- DMC-5.8-02 -----------------------------------------------------------------------------------
  {
    name: "command-after-failure-not-run",
    clause: "DMC-5.8-02",
    draftSentence: S.INDEPENDENT,
    mutate: (r) => drop(AFTER_FAILURE(r), side(AFTER_FAILURE(r), "first")),
  },
  {
    name: "commands-after-failure-reported-not-executed",
    clause: "DMC-5.8-02",
    draftSentence: S.INDEPENDENT,
    mutate: (r) => {
      const t = AFTER_FAILURE(r);
      for (const l of ["first", "second", "third"]) drop(t, side(t, l));
      editStatusLines(pkg(t, 2), (l) => [l[0]!, "215", "215", "215"]);
    },
  },
  {
    name: "commands-run-out-of-order",
    clause: "DMC-5.8-02",
    draftSentence: S.INDEPENDENT,
    mutate: (r) => {
      const t = AFTER_FAILURE(r);
      moveAfter(t, side(t, "first"), side(t, "third"));
    },
  },
  {
    name: "last-command-after-failure-not-run",
    clause: "DMC-5.8-02",
    draftSentence: S.INDEPENDENT,
    mutate: (r) => drop(AFTER_FAILURE(r), side(AFTER_FAILURE(r), "third")),
  },
  // --- DMC-5.8-03 -----------------------------------------------------------------------------------
  {
    name: "get-without-client-uri-not-requested",
    clause: "DMC-5.8-03",
    draftSentence: S.GET,
    mutate: (r) => drop(GET_NEW(r), side(GET_NEW(r), "get-target", 0)),
  },
  {
    name: "get-sent-as-post",
    clause: "DMC-5.8-03",
    draftSentence: S.GET,
    mutate: (r) => {
      side(GET_NEW(r), "get-target", 0).request.method = "POST";
    },
  },
  {
    name: "get-sent-to-the-session-origin",
    clause: "DMC-5.8-03",
    draftSentence: `${S.GET} (to ServerURI: its authority too)`,
    mutate: (r) => retarget(side(GET_NEW(r), "get-target", 0), dmOrigin(GET_NEW(r))),
  },
  {
    name: "http-get-reported-done-without-request",
    clause: "DMC-5.8-03",
    draftSentence: S.GET,
    mutate: (r) => drop(GET_NEW(r), side(GET_NEW(r), "get-target", 1)),
  },
  {
    name: "get-with-client-uri-not-requested",
    clause: "DMC-5.8-03",
    draftSentence: S.GET,
    mutate: (r) => drop(GET_AT(r, "store"), side(GET_AT(r, "store"), "get-target")),
  },
  {
    name: "get-to-another-path",
    clause: "DMC-5.8-03",
    draftSentence: S.GET,
    mutate: (r) => repath(side(GET_AT(r, "store"), "get-target"), "/r/elsewhere/doc.tnds20"),
  },
  // --- DMC-5.8-04 -----------------------------------------------------------------------------------
  {
    name: "get-location-missing",
    clause: "DMC-5.8-04",
    draftSentence: S.GET,
    mutate: (r) => editStatus(pkg(GET_NEW(r), 2), 0, () => "200"),
  },
  {
    name: "get-locations-crossed",
    clause: "DMC-5.8-04",
    draftSentence: S.GET,
    mutate: (r) =>
      editStatusLines(pkg(GET_NEW(r), 2), (l) => [
        `200 ${l[1]!.split(" ")[1]}`,
        `200 ${l[0]!.split(" ")[1]}`,
      ]),
  },
  {
    name: "get-location-holds-other-content",
    clause: "DMC-5.8-04",
    draftSentence: S.GET,
    mutate: (r) =>
      editJson(upload(GET_NEW(r), 3).request, (d) => {
        first(d).Name = "something else";
        first(d).Sub = { Leaf: "z" };
      }),
  },
  {
    name: "get-location-read-back-empty",
    clause: "DMC-5.8-04",
    draftSentence: S.GET,
    mutate: (r) =>
      editJson(upload(GET_NEW(r), 4).request, (d) => {
        const o = first(d);
        d.TNDS20 = [{ MOID: o.MOID, Path: o.Path }];
      }),
  },
  // --- DMC-5.8-05 -----------------------------------------------------------------------------------
  {
    name: "get-with-client-uri-not-stored",
    clause: "DMC-5.8-05",
    draftSentence: S.GET,
    mutate: (r) => {
      const before = upload(GET_AT(r, "store"), 2).request.body;
      setBody(upload(GET_AT(r, "read back"), 1).request, before);
    },
  },
  {
    name: "get-with-client-uri-stored-in-part",
    clause: "DMC-5.8-05",
    draftSentence: S.GET,
    mutate: (r) =>
      editJson(upload(GET_AT(r, "read back"), 1).request, (d) => {
        const o = first(d);
        for (const k of Object.keys(o)) if (k.startsWith("H")) delete (o[k] as Doc).Deep;
      }),
  },
  {
    name: "get-with-client-uri-kept-old-data",
    clause: "DMC-5.8-05",
    draftSentence: `${S.GET} (“replace all existing data if any”)`,
    mutate: (r) => {
      editJson(upload(GET_AT(r, "store"), 2).request, (d) => {
        first(d).Stale = { Leaf: "old" };
      });
      editJson(upload(GET_AT(r, "read back"), 1).request, (d) => {
        first(d).Stale = { Leaf: "old" };
      });
    },
  },
  // --- DMC-5.8-06 -----------------------------------------------------------------------------------
  {
    name: "put-sent-as-post",
    clause: "DMC-5.8-06",
    draftSentence: S.PUT_POST,
    mutate: (r) => {
      upload(UPLOADS(r), 1).request.method = "POST";
    },
  },
  {
    name: "post-sent-as-put",
    clause: "DMC-5.8-06",
    draftSentence: S.PUT_POST,
    mutate: (r) => {
      upload(UPLOADS(r), 2).request.method = "PUT";
    },
  },
  {
    name: "upload-of-two-uris-lacks-one",
    clause: "DMC-5.8-06",
    draftSentence: S.PUT_POST,
    mutate: (r) =>
      editJson(upload(UPLOADS(r), 3).request, (d) => {
        d.TNDS20 = tndsObjects(d).slice(0, 1);
      }),
  },
  {
    name: "upload-body-not-json",
    clause: "DMC-5.8-06",
    draftSentence: S.PUT_POST,
    mutate: (r) => setBody(upload(UPLOADS(r), 1).request, "DevId=IMEI:004401074860001"),
  },
  {
    name: "upload-reported-done-never-sent",
    clause: "DMC-5.8-06",
    draftSentence: S.PUT_POST,
    mutate: (r) => drop(UPLOADS(r), upload(UPLOADS(r), 2)),
  },
  {
    name: "upload-sent-to-the-session-origin",
    clause: "DMC-5.8-06",
    draftSentence: `${S.PUT_POST} (to ServerURI: its authority too)`,
    mutate: (r) => retarget(upload(UPLOADS(r), 3), dmOrigin(UPLOADS(r))),
  },
  // --- DMC-5.8-07 -----------------------------------------------------------------------------------
  {
    name: "upload-without-levels-cut-short",
    clause: "DMC-5.8-07",
    draftSentence: S.LEVELS_DEFAULT,
    mutate: (r) =>
      editJson(levelUpload(r, "all").request, (d) => {
        delete ((first(d).L1 as Doc).L2 as Doc).L3;
      }),
  },
  {
    name: "upload-without-levels-node-alone",
    clause: "DMC-5.8-07",
    draftSentence: S.LEVELS_DEFAULT,
    mutate: (r) =>
      editJson(levelUpload(r, "all").request, (d) => {
        delete first(d).L1;
      }),
  },
  {
    name: "upload-without-levels-leaf-dropped",
    clause: "DMC-5.8-07",
    draftSentence: S.LEVELS_DEFAULT,
    mutate: (r) =>
      editJson(levelUpload(r, "all").request, (d) => {
        delete (first(d).L1 as Doc).Leaf;
      }),
  },
  // --- DMC-5.8-08 -----------------------------------------------------------------------------------
  {
    name: "levels-0-sends-everything",
    clause: "DMC-5.8-08",
    draftSentence: S.LEVELS,
    mutate: (r) => setBody(levelUpload(r, 0).request, levelUpload(r, "all").request.body),
  },
  {
    name: "levels-1-sends-two-levels",
    clause: "DMC-5.8-08",
    draftSentence: S.LEVELS,
    mutate: (r) => setBody(levelUpload(r, 1).request, levelUpload(r, 2).request.body),
  },
  {
    name: "levels-2-sends-three-levels",
    clause: "DMC-5.8-08",
    draftSentence: S.LEVELS,
    mutate: (r) => setBody(levelUpload(r, 2).request, levelUpload(r, "all").request.body),
  },
  {
    name: "levels-2-sends-one-level",
    clause: "DMC-5.8-08",
    draftSentence: S.LEVELS,
    mutate: (r) => setBody(levelUpload(r, 2).request, levelUpload(r, 1).request.body),
  },
  // --- DMC-5.8-09 -----------------------------------------------------------------------------------
  {
    name: "star-lacks-a-supported-mo",
    clause: "DMC-5.8-09",
    draftSentence: S.STAR,
    mutate: (r) =>
      editJson(upload(STAR(r), 1).request, (d) => {
        d.MO = moList(d).filter((m) => m.MOID !== "oma:mo:oma-connmo:1.0");
      }),
  },
  {
    name: "star-levels-1-without-instances",
    clause: "DMC-5.8-09",
    draftSentence: S.STAR,
    mutate: (r) => setBody(upload(STAR(r), 2).request, upload(STAR(r), 1).request.body),
  },
  {
    name: "star-answered-404-nothing-sent",
    clause: "DMC-5.8-09",
    draftSentence: S.STAR,
    mutate: (r) => {
      drop(STAR(r), upload(STAR(r), 1));
      editStatus(pkg(STAR(r), 2), 0, () => "404");
    },
  },
  {
    name: "star-beside-node-without-the-node",
    clause: "DMC-5.8-09",
    draftSentence: S.STAR,
    mutate: (r) =>
      editJson(upload(UPLOADS(r), 4).request, (d) => {
        delete d.TNDS20;
      }),
  },
  {
    name: "star-levels-1-lacks-an-instance",
    clause: "DMC-5.8-09",
    draftSentence: S.STAR,
    mutate: (r) =>
      editJson(upload(STAR(r), 2).request, (d) => {
        const mms = moList(d).find((m) => m.MOID === "oma:mo:oma-mms:1.3")!;
        mms.Path = (mms.Path as string[]).filter((p) => p !== "/3");
      }),
  },
  // --- DMC-5.8-10 -----------------------------------------------------------------------------------
  {
    name: "delete-left-the-node",
    clause: "DMC-5.8-10",
    draftSentence: S.DELETE,
    mutate: (r) =>
      editJson(upload(DELETE(r, "read back"), 1).request, (d) => {
        first(d).Sub = { Leaf: "x", Deep: { Leaf: "y" } };
      }),
  },
  {
    name: "delete-left-a-child",
    clause: "DMC-5.8-10",
    draftSentence: S.DELETE,
    mutate: (r) =>
      editJson(upload(DELETE(r, "read back"), 1).request, (d) => {
        first(d).Sub = { Deep: { Leaf: "y" } };
      }),
  },
  {
    name: "delete-reported-failed",
    clause: "DMC-5.8-10",
    draftSentence: S.DELETE,
    mutate: (r) => editStatus(pkg(DELETE(r, "DELETE"), 2), 0, () => "500"),
  },
  {
    name: "deleted-node-still-uploaded",
    clause: "DMC-5.8-10",
    draftSentence: S.DELETE,
    mutate: (r) => {
      const t = DELETE(r, "read back");
      const node = upload(t, 1);
      const sub = repeatLater(t, node, 1, node.label);
      repath(sub, new URL(node.request.url).pathname.replace("/1/upload", "/2/upload"));
      editJson(sub.request, (d) => {
        const o = first(d);
        d.TNDS20 = [{ MOID: o.MOID, Path: `${o.Path}/Sub`, Leaf: "x", Deep: { Leaf: "y" } }];
      });
      moveAfter(t, sub, node);
      editStatus(pkg(t, 2), 1, () => "200");
    },
  },
  // --- DMC-5.8-11 -----------------------------------------------------------------------------------
  {
    name: "exec-sent-no-alert",
    clause: "DMC-5.8-11",
    draftSentence: S.EXEC,
    mutate: (r) => drop(EXEC(r), side(EXEC(r), "alert")),
  },
  {
    name: "exec-alert-to-the-session-origin",
    clause: "DMC-5.8-11",
    draftSentence: `${S.EXEC} (to ServerURI: its authority too)`,
    mutate: (r) => retarget(side(EXEC(r), "alert"), dmOrigin(EXEC(r))),
  },
  {
    name: "exec-reported-failed",
    clause: "DMC-5.8-11",
    draftSentence: S.EXEC,
    mutate: (r) => editStatus(pkg(EXEC(r), 2), 0, () => "500"),
  },
  {
    name: "exec-alert-to-another-path",
    clause: "DMC-5.8-11",
    draftSentence: S.EXEC,
    mutate: (r) => repath(side(EXEC(r), "alert"), "/r/elsewhere/alert"),
  },
  // --- DMC-5.8-12 -----------------------------------------------------------------------------------
  {
    name: "show-page-never-loaded",
    clause: "DMC-5.8-12",
    draftSentence: S.SHOW,
    mutate: (r) => drop(SHOW(r, "Close"), side(SHOW(r, "Close"), "show-page")),
  },
  {
    name: "show-status-before-close-url",
    clause: "DMC-5.8-12",
    draftSentence: S.SHOW_CLOSE,
    mutate: (r) => {
      const t = SHOW(r, "Close");
      moveAfter(t, side(t, "show-close"), pkg(t, 2));
      moveAfter(t, side(t, "show-page"), pkg(t, 2));
    },
  },
  {
    name: "show-close-url-never-loaded",
    clause: "DMC-5.8-12",
    draftSentence: S.SHOW_CLOSE,
    mutate: (r) => drop(SHOW(r, "Close"), side(SHOW(r, "Close"), "show-close")),
  },
  {
    name: "show-continue-url-never-loaded",
    clause: "DMC-5.8-12",
    draftSentence: S.SHOW,
    mutate: (r) => drop(SHOW(r, "Continue"), side(SHOW(r, "Continue"), "show-continue")),
  },
  {
    name: "show-status-before-page-with-continue",
    clause: "DMC-5.8-12",
    draftSentence: S.SHOW,
    mutate: (r) => {
      const t = SHOW(r, "Continue");
      moveAfter(t, side(t, "show-page"), pkg(t, 2));
      moveAfter(t, side(t, "show-continue"), side(t, "show-page"));
    },
  },
  // --- DMC-5.8-14 -----------------------------------------------------------------------------------
  {
    name: "default-opened-no-session",
    clause: "DMC-5.8-14",
    draftSentence: S.DEFAULT,
    mutate: (r) => {
      const t = DEFAULT(r, "Device");
      t.exchanges = [];
      t.tls = [];
    },
  },
  {
    name: "default-session-to-another-url",
    clause: "DMC-5.8-14",
    draftSentence: S.DEFAULT,
    mutate: (r) => repath(pkg(DEFAULT(r, "User"), 1), "/dm/somewhere-else?InitiatedBy=User"),
  },
  {
    name: "default-session-to-the-resource-origin",
    clause: "DMC-5.8-14",
    draftSentence: S.DEFAULT,
    mutate: (r) => retarget(pkg(DEFAULT(r, "Device"), 1), new URL(upload(UPLOADS(r), 1).request.url).origin),
  },
  // --- DMC-5.8-15 -----------------------------------------------------------------------------------
  {
    name: "default-without-initiated-by",
    clause: "DMC-5.8-15",
    draftSentence: S.INITIATED_BY,
    mutate: (r) => {
      const ex = pkg(DEFAULT(r, "Device"), 1);
      repath(ex, new URL(ex.request.url).pathname);
    },
  },
  {
    name: "default-initiated-by-server",
    clause: "DMC-5.8-15",
    draftSentence: S.INITIATED_BY,
    mutate: (r) => {
      const ex = pkg(DEFAULT(r, "User"), 1);
      repath(ex, `${new URL(ex.request.url).pathname}?InitiatedBy=Server`);
    },
  },
  {
    name: "default-initiated-by-the-other-one",
    clause: "DMC-5.8-15",
    draftSentence: S.INITIATED_BY,
    mutate: (r) => {
      const ex = pkg(DEFAULT(r, "Device"), 1);
      repath(ex, `${new URL(ex.request.url).pathname}?InitiatedBy=User`);
    },
  },
  {
    name: "default-initiated-by-lower-case",
    clause: "DMC-5.8-15",
    draftSentence: S.INITIATED_BY,
    mutate: (r) => {
      const ex = pkg(DEFAULT(r, "User"), 1);
      repath(ex, `${new URL(ex.request.url).pathname}?initiatedby=user`);
    },
  },
  // --- DMC-5.8.1-01 ---------------------------------------------------------------------------------
  {
    name: "mnc-left-unreplaced",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) =>
      repath(
        sideAt(PARAMS(r), "/p/MNC/01"),
        sideAt(PARAMS(r), "/p/MNC/01").request.target.replace("/01", "/%5BMNC%5D"),
      ),
  },
  {
    name: "mcc-of-another-network",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) =>
      repath(
        sideAt(PARAMS(r), "/p/MCC/262"),
        sideAt(PARAMS(r), "/p/MCC/262").request.target.replace("/262", "/999"),
      ),
  },
  {
    name: "imei-of-another-device",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/IMEI/004401074860001");
      repath(ex, ex.request.target.replace("004401074860001", "490154203237518"));
    },
  },
  {
    name: "man-replaced-empty",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/MAN/OMA%20Reference");
      repath(ex, ex.request.target.replace("/OMA%20Reference", "/"));
    },
  },
  {
    name: "query-placeholder-unreplaced",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => {
      const ex = sides(PARAMS(r)).find((e) => e.request.target.includes("mod="))!;
      repath(ex, ex.request.target.replace("mod=RefDevice-1", "mod=%5BMOD%5D"));
    },
  },
  {
    name: "alert-url-placeholder-unreplaced",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => {
      const ex = sides(PARAMS(r)).find((e) => e.request.target.includes("/alert/"))!;
      repath(ex, ex.request.target.replace("/004401074860001/", "/%5BIMEI%5D/"));
    },
  },
  {
    name: "man-percent-encoded-twice",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/MAN/OMA%20Reference");
      repath(ex, ex.request.target.replace("OMA%20Reference", "OMA%2520Reference"));
    },
  },
  {
    name: "placeholder-url-never-requested",
    clause: "DMC-5.8.1-01",
    draftSentence: S.URL_PARAMS,
    mutate: (r) => drop(PARAMS(r), sideAt(PARAMS(r), "/p/CMNC/02")),
  },
];

function dropMsgId(ex: ReturnType<typeof pkg>): void {
  setBody(ex.request, statusLines(ex).join("\r\n"));
}

/** DMC-5.8.1-02, on the recording of a device with no SIM and no 3GPP connection. */
const NO_SIM_FAULTS: Row[] = [
  {
    name: "no-sim-mnc-given-a-value",
    clause: "DMC-5.8.1-02",
    draftSentence: S.TBD_SIM,
    recording: "no-sim",
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/MNC/TBD");
      repath(ex, ex.request.target.replace("/TBD", "/01"));
    },
  },
  {
    name: "no-sim-mcc-empty",
    clause: "DMC-5.8.1-02",
    draftSentence: S.TBD_SIM,
    recording: "no-sim",
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/MCC/TBD");
      repath(ex, ex.request.target.replace("/TBD", "/"));
    },
  },
  {
    name: "no-3gpp-cmcc-zero",
    clause: "DMC-5.8.1-02",
    draftSentence: S.TBD_3GPP,
    recording: "no-sim",
    mutate: (r) => {
      const ex = sideAt(PARAMS(r), "/p/CMCC/TBD");
      repath(ex, ex.request.target.replace("/TBD", "/000"));
    },
  },
  {
    name: "no-3gpp-cmnc-lower-case-tbd",
    clause: "DMC-5.8.1-02",
    draftSentence: S.TBD_3GPP,
    recording: "no-sim",
    mutate: (r) => {
      const ex = sides(PARAMS(r)).find((e) => e.request.target.includes("cmnc="))!;
      repath(ex, ex.request.target.replace("cmnc=TBD", "cmnc=tbd"));
    },
  },
];

export const DEVICE_FAULTS: DeviceOperator[] = [...FAULTS, ...NO_SIM_FAULTS].map(
  (r): DeviceOperator => ({ ...r, role: "client", kind: "fault" }),
);
