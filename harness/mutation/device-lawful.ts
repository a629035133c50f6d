/**
 * Lawful variations for the DMC clauses: each edits the recorded conformant run into another
 * reading the draft allows (docs/interpretations.md), and then every clause must keep the verdict
 * the conformant run earned. A check that flags one rules out something the draft allows.
 */
import type { HttpExchange } from "../model/transcript.ts";
import type { RecordedScenario } from "../server-role/index.ts";
import {
  bodyText,
  chunked,
  drop,
  editBody,
  editJson,
  editStatus,
  editStatusLines,
  everySession,
  moveAfter,
  packages,
  pkg,
  renameHeaders,
  repath,
  session,
  setBody,
  setHeader,
  side,
  sideAt,
  sides,
  tndsObjects,
} from "./device-edits.ts";
import * as S from "./draft-sentences.ts";
import type { DeviceOperator } from "./operator.ts";

type Row = Omit<DeviceOperator, "role" | "kind">;
type Doc = Record<string, unknown>;

const every = (r: RecordedScenario[]) => everySession(r);
const dmPackages = (r: RecordedScenario[]) => every(r).flatMap(packages);
const statusPackages = (r: RecordedScenario[]) => dmPackages(r).filter((e) => e.label !== "pkg1");
const uploadsOf = (r: RecordedScenario[]) => every(r).flatMap((t) => sides(t));

const LEVELS = (r: RecordedScenario[]) => session(r, "5.8 Levels");
const levelUpload = (r: RecordedScenario[], n: 0 | 1 | 2) => sideAt(LEVELS(r), `/${n + 3}/upload`);

/** Rewrites the Levels=0, 1, 2 uploads with these contents (the node's own object, MOID and Path kept). */
function levelsReading(r: RecordedScenario[], contents: [Doc, Doc, Doc]): void {
  for (const n of [0, 1, 2] as const)
    editJson(levelUpload(r, n).request, (d) => {
      const o = tndsObjects(d)[0]!;
      d.TNDS20 = [{ MOID: o.MOID, Path: o.Path, ...contents[n] }];
    });
}

const name = (r: RecordedScenario[]) => {
  const o = JSON.parse(bodyText(levelUpload(r, 0).request)).TNDS20[0] as Doc;
  return o.Name as string;
};

/** Every status line of every status package rewritten by f. */
function everyStatusLine(r: RecordedScenario[], f: (line: string) => string): void {
  for (const ex of statusPackages(r)) editStatusLines(ex, (lines) => lines.map(f));
}

function everyRequest(r: RecordedScenario[], f: (ex: HttpExchange) => void): void {
  for (const t of every(r)) for (const ex of t.exchanges) f(ex);
}

const UNRECOGNISED = (r: RecordedScenario[]) => session(r, "5.8 unrecognised commands");
const EXEC = (r: RecordedScenario[]) => session(r, "5.8 EXEC");
const GET_NEW = (r: RecordedScenario[]) => session(r, "5.8 GET without ClientURI");
const DEFAULT = (r: RecordedScenario[], by: "Device" | "User") =>
  session(r, "5.8 DEFAULT", `${by}-initiated session`);

const LAWFUL: Row[] = [
  {
    name: "accept-as-c1-semicolon-list",
    clause: "DMC-5.4-02",
    draftSentence: `${S.PKG1_HEADERS} (C.1 sends application/dm20;application/tnds;application/tnds20)`,
    mutate: (r) => {
      for (const ex of dmPackages(r))
        setHeader(ex.request, "Accept", "application/dm20;application/tnds;application/tnds20");
    },
  },
  {
    name: "accept-with-more-types",
    clause: "DMC-5.6-03",
    draftSentence: `${S.PKG1_HEADERS} — “Any additional Accept header is valid”`,
    mutate: (r) => {
      for (const ex of dmPackages(r))
        setHeader(
          ex.request,
          "Accept",
          "application/dm20, application/json;q=0.5, application/tnds20, */*;q=0.1",
        );
    },
  },
  {
    name: "mo-list-without-ddf",
    clause: "DMC-5.4-06",
    draftSentence: `${S.PKG1_MO_LIST} (a list of MOs: the DDF URL is C.1's example, not a requirement)`,
    mutate: (r) => {
      for (const t of every(r)) {
        const ex = packages(t)[0];
        if (!ex) continue;
        const doc = JSON.parse(bodyText(ex.request)) as Doc;
        if (!Array.isArray(doc.MO)) continue;
        for (const m of doc.MO as Doc[]) delete m.DDF;
        setBody(ex.request, JSON.stringify(doc));
      }
    },
  },
  {
    name: "accept-in-two-header-lines",
    clause: "DMC-5.4-02",
    draftSentence: `${S.PKG1_HEADERS} (RFC 9110: a list header may be split over lines)`,
    mutate: (r) => {
      for (const ex of dmPackages(r)) {
        setHeader(ex.request, "Accept", "application/dm20");
        setHeader(ex.request, "Accept", "application/tnds20", true);
      }
    },
  },
  {
    name: "content-type-with-charset",
    clause: "DMC-5.4-01",
    draftSentence: `${S.PKG1_HEADERS} (media-type parameters, RFC 9110)`,
    mutate: (r) =>
      everyRequest(r, (ex) => {
        const ct = ex.request.rawHeaders.findIndex(
          (h, i) => i % 2 === 0 && h.toLowerCase() === "content-type",
        );
        if (ct >= 0) ex.request.rawHeaders[ct + 1] = `${ex.request.rawHeaders[ct + 1]}; charset=utf-8`;
      }),
  },
  {
    name: "status-content-type-in-capitals",
    clause: "DMC-5.6-02",
    draftSentence: `${S.STATUS_HEADERS} (media types are case-insensitive, RFC 9110)`,
    mutate: (r) => {
      for (const ex of dmPackages(r)) {
        const ct = ex.request.rawHeaders.findIndex(
          (h, i) => i % 2 === 0 && h.toLowerCase() === "content-type",
        );
        ex.request.rawHeaders[ct + 1] = ex.request.rawHeaders[ct + 1]!.replace("application", "Application");
      }
    },
  },
  {
    name: "header-names-lower-case",
    clause: "DMC-5.4-03",
    draftSentence: `${S.PKG1_HEADERS} (header names are case-insensitive, RFC 9110)`,
    mutate: (r) => everyRequest(r, (ex) => renameHeaders(ex.request, (n) => n.toLowerCase())),
  },
  {
    name: "header-names-upper-case",
    clause: "DMC-5.6-03",
    draftSentence: `${S.STATUS_HEADERS} (header names are case-insensitive, RFC 9110)`,
    mutate: (r) => everyRequest(r, (ex) => renameHeaders(ex.request, (n) => n.toUpperCase())),
  },
  {
    name: "bodies-chunked",
    clause: "DMC-5.8-06",
    draftSentence: `${S.PUT_POST} (a body may be sent chunked, RFC 9112)`,
    mutate: (r) => everyRequest(r, (ex) => chunked(ex.request)),
  },
  {
    name: "device-id-not-on-side-requests",
    clause: "DMC-5.6-03",
    draftSentence: `${S.STATUS_HEADERS} (Tables 2 and 4 ask it of DM packages only)`,
    mutate: (r) => {
      for (const ex of uploadsOf(r)) setHeader(ex.request, "X-OMADMDeviceID", null);
    },
  },
  {
    name: "json-indented-with-crlf",
    clause: "DMC-5.4-04",
    draftSentence: `${S.PKG1_BODY} (C.1 prints its JSON indented)`,
    mutate: (r) => {
      for (const ex of [...dmPackages(r).filter((e) => e.label === "pkg1"), ...uploadsOf(r)]) {
        const text = bodyText(ex.request);
        if (!text.startsWith("{")) continue;
        setBody(ex.request, JSON.stringify(JSON.parse(text), null, 2).replaceAll("\n", "\r\n"));
      }
    },
  },
  {
    name: "status-final-crlf",
    clause: "DMC-5.6-04",
    draftSentence: `${S.STATUS_CRLF} (a line break after the last line)`,
    mutate: (r) => {
      for (const ex of statusPackages(r)) editBody(ex.request, (s) => `${s}\r\n`);
    },
  },
  {
    name: "status-trailing-space",
    clause: "DMC-5.6-04",
    draftSentence: `${S.STATUS_CODE} (C.3 prints “200 ”)`,
    mutate: (r) => everyStatusLine(r, (l) => (l.includes(" ") ? l : `${l} `)),
  },
  {
    name: "status-code-leading-zero",
    clause: "DMC-5.6-05",
    draftSentence: `${S.STATUS_CODE} (“0200” is the string of the integer 200 too)`,
    mutate: (r) => everyStatusLine(r, (l) => `0${l}`),
  },
  {
    name: "status-param-after-two-spaces",
    clause: "DMC-5.6-04",
    draftSentence:
      "All other lines MUST have the following format: <StatusCode> [Param1] [Param2]….[Param n]",
    mutate: (r) => everyStatusLine(r, (l) => l.replace(" ", "  ")),
  },
  {
    name: "levels-every-child-a-sublevel-cut-empty",
    clause: "DMC-5.8-08",
    draftSentence: `${S.LEVELS} (reading: leaves are sublevel 1 too; interior nodes at the cut sent empty)`,
    mutate: (r) =>
      levelsReading(r, [{}, { Name: name(r), L1: {} }, { Name: name(r), L1: { Leaf: "1", L2: {} } }]),
  },
  {
    name: "levels-every-child-a-sublevel-cut-omitted",
    clause: "DMC-5.8-08",
    draftSentence: `${S.LEVELS} (reading: leaves are sublevel 1 too; interior nodes at the cut left out)`,
    mutate: (r) => levelsReading(r, [{}, { Name: name(r) }, { Name: name(r), L1: { Leaf: "1" } }]),
  },
  {
    name: "levels-leaves-belong-cut-empty",
    clause: "DMC-5.8-08",
    draftSentence: `${S.LEVELS} (reading: a node's leaves belong to it; interior nodes at the cut sent empty)`,
    mutate: (r) =>
      levelsReading(r, [
        { Name: name(r), L1: {} },
        { Name: name(r), L1: { Leaf: "1", L2: {} } },
        { Name: name(r), L1: { Leaf: "1", L2: { Leaf: "2", L3: {} } } },
      ]),
  },
  {
    name: "wrong-arity-delete-refused-400",
    clause: "DMC-5.8-01",
    draftSentence: `${S.UNRECOGNISED} (DELETE is recognised: a wrong parameter count may get any error)`,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 3, () => "400"),
  },
  {
    name: "lower-case-keyword-refused-400",
    clause: "DMC-5.8-01",
    draftSentence: `${S.UNRECOGNISED} (“put” is PUT in another case: refused with any error)`,
    mutate: (r) => editStatus(pkg(UNRECOGNISED(r), 2), 2, () => "400"),
  },
  {
    name: "missing-node-delete-500",
    clause: "DMC-5.8-02",
    draftSentence: `${S.INDEPENDENT} (a failing DELETE may report any error code)`,
    mutate: (r) => {
      editStatus(pkg(session(r, "5.8 commands after a failing one"), 2), 0, () => "500");
      editStatus(pkg(session(r, "5.6 mixed batch"), 2), 1, () => "500");
    },
  },
  {
    name: "get-location-as-path-201",
    clause: "DMC-5.8-04",
    draftSentence: `${S.GET} (C.5 shows a location; any ClientURI naming where the MO is)`,
    mutate: (r) => editStatusLines(pkg(GET_NEW(r), 2), (l) => l.map((s) => s.replace(/^200 /, "201 "))),
  },
  {
    name: "http-server-uri-refused-400",
    clause: "DMC-5.8-03",
    draftSentence: `${S.HTTPS} (read as binding every request: an http:// ServerURI refused with an error)`,
    mutate: (r) => {
      const t = GET_NEW(r);
      drop(t, side(t, "get-target", 1));
      editStatus(pkg(t, 2), 1, () => "400");
    },
  },
  {
    name: "exec-alert-after-status",
    clause: "DMC-5.8-11",
    draftSentence: `${S.EXEC} (the draft does not say when the alert goes)`,
    mutate: (r) => {
      const t = EXEC(r);
      moveAfter(t, side(t, "alert"), pkg(t, 2));
    },
  },
  {
    name: "exec-alert-as-dm12-json",
    clause: "DMC-5.8-11",
    draftSentence: `${S.EXEC} (the Generic Alert's encoding is not defined)`,
    mutate: (r) => {
      const ex = side(EXEC(r), "alert");
      setHeader(ex.request, "Content-Type", "application/json");
      setBody(
        ex.request,
        JSON.stringify({
          Alert: [
            {
              Code: "1226",
              Item: [
                {
                  Source: { LocURI: "oma:mo:oma-test-exec:1.0/Run" },
                  Meta: { Type: "urn:oma:at:oma-test-exec:1.0", Format: "chr", Mark: "informational" },
                  Data: "run 2",
                },
              ],
            },
          ],
        }),
      );
    },
  },
  {
    name: "default-moid-before-initiated-by",
    clause: "DMC-5.8-15",
    draftSentence: `${S.INITIATED_BY} (the device may add a parameter of its own)`,
    mutate: (r) => {
      for (const by of ["Device", "User"] as const) {
        const ex = pkg(DEFAULT(r, by), 1);
        repath(ex, `${new URL(ex.request.url).pathname}?MOID=oma%3Amo%3Aoma-mms%3A1.3&InitiatedBy=${by}`);
      }
    },
  },
  {
    name: "url-params-form-encoded",
    clause: "DMC-5.8.1-01",
    draftSentence: `${S.URL_PARAMS} (“+” for a space in a query)`,
    mutate: (r) => {
      const ex = sides(session(r, "5.8.1 URL parameters")).find((e) => e.request.target.includes("man="))!;
      repath(ex, ex.request.target.replace("man=OMA%20Reference", "man=OMA+Reference"));
    },
  },
  {
    name: "url-params-raw-in-path",
    clause: "DMC-5.8.1-01",
    draftSentence: `${S.URL_PARAMS} (values percent-encoded or raw)`,
    mutate: (r) => {
      const ex = sideAt(session(r, "5.8.1 URL parameters"), "/p/MAN/OMA%20Reference");
      ex.request.target = ex.request.target.replace("%20", " ");
    },
  },
  {
    name: "tls-1.2",
    clause: "DMC-5.3-01",
    draftSentence: `${S.HTTPS} (any TLS version is HTTPS)`,
    mutate: (r) => {
      for (const t of every(r)) for (const e of t.tls) if (e.protocol) e.protocol = "TLSv1.2";
    },
  },
  {
    name: "certificate-refused-after-handshake",
    clause: "DMC-5.3-02",
    draftSentence: `${S.CERTIFICATE} (closing after the handshake, as curl's late host-name check does)`,
    mutate: (r) => {
      for (const c of ["untrusted-issuer", "expired", "not-yet-valid", "host-name-mismatch", "self-signed"]) {
        const tls = session(r, `5.3 ${c} certificate`, `${c} certificate`).tls[0]!;
        tls.outcome = "established-no-request";
        tls.protocol = "TLSv1.2";
        delete tls.errorCode;
        delete tls.errorMessage;
      }
    },
  },
  {
    name: "success-as-204",
    clause: "DMC-5.6-05",
    draftSentence: `${S.STATUS_CODE} (the draft names no success code: any 2xx)`,
    mutate: (r) => everyStatusLine(r, (l) => l.replace(/^200(?= |$)/, "204")),
  },
  {
    name: "certificate-refused-with-alert",
    clause: "DMC-5.3-02",
    draftSentence: `${S.CERTIFICATE} (an aborted handshake, with a TLS alert)`,
    mutate: (r) => {
      for (const c of ["untrusted-issuer", "expired", "not-yet-valid", "host-name-mismatch", "self-signed"]) {
        const tls = session(r, `5.3 ${c} certificate`, `${c} certificate`).tls[0]!;
        tls.alert = c === "expired" ? 45 : 48;
      }
    },
  },
  {
    name: "one-connection-per-request",
    clause: "DMC-5.6-01",
    draftSentence: `${S.SAME_URL} (the same URL, not the same connection)`,
    mutate: (r) => {
      let id = 10_000;
      for (const t of every(r))
        for (const ex of t.exchanges) {
          const tls = t.tls.find((e) => e.connectionId === ex.connectionId);
          ex.connectionId = ++id;
          if (tls) t.tls.push({ ...tls, connectionId: id, requests: 1 });
        }
    },
  },
];

export const DEVICE_LAWFUL: DeviceOperator[] = LAWFUL.map(
  (r): DeviceOperator => ({ ...r, role: "client", kind: "lawful" }),
);
