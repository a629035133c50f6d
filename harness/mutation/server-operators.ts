/**
 * Transcript mutation operators for the DMS clauses. Each operator is derived from one sentence of
 * the draft: it edits a recorded conformant session of the reference server (Pkg#0 through END) so
 * that the server breaks exactly that sentence, and the check of `clause` must then fail with
 * evidence. Lawful variations edit it into another reading the draft allows, and then no check may
 * fail. Rows are written `{ name, clause, draftSentence, mutate }`; role and kind are added below.
 */

import type { HttpExchange, Transcript, TranscriptEvent } from "../model/transcript.ts";
import { EVENT, PACKAGE_LABEL } from "../model/transcript-contract.ts";
import type { ServerOperator } from "./operator.ts";

type Row = Omit<ServerOperator, "role" | "kind">;

const enc = new TextEncoder();
const dec = new TextDecoder();

// --- what the operators edit ---------------------------------------------------------------------

/** The session's DM packages that were answered, in order. */
function answers(t: Transcript): HttpExchange[] {
  return t.exchanges.filter((e) => e.label !== undefined && PACKAGE_LABEL.test(e.label) && e.response);
}

function answer(t: Transcript, which: number | "last"): HttpExchange {
  const list = answers(t);
  const ex = which === "last" ? list.at(-1) : list[which];
  if (!ex) throw new Error(`the recorded session has no answer ${which}`);
  return ex;
}

function editAnswer(t: Transcript, which: number | "last", f: (text: string) => string): void {
  const res = answer(t, which).response!;
  res.body = enc.encode(f(dec.decode(res.body)));
  res.bodyBytesSeen = res.body.length;
}

function everyAnswer(t: Transcript, f: (text: string, i: number) => string): void {
  for (const [i] of answers(t).entries()) editAnswer(t, i, (text) => f(text, i));
}

/** Rewrites the first command line (in any answer) that `match` finds. */
function editLine(t: Transcript, match: RegExp, f: (line: string) => string): void {
  for (const ex of answers(t)) {
    const lines = dec.decode(ex.response!.body).split("\r\n");
    const at = lines.findIndex((l, i) => i > 0 && match.test(l));
    if (at < 0) continue;
    lines[at] = f(lines[at]!);
    ex.response!.body = enc.encode(lines.join("\r\n"));
    ex.response!.bodyBytesSeen = ex.response!.body.length;
    return;
  }
  throw new Error(`no command line matches ${match}`);
}

function setHeader(ex: HttpExchange, name: string, value: string | null, add = false): void {
  const raw = ex.response!.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!add && raw[i]!.toLowerCase() === name.toLowerCase()) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  if (value !== null) out.push(name, value);
  ex.response!.rawHeaders = out;
}

/** A device stops at a package that was refused or broken: nothing of the session follows it. */
function endSessionAt(t: Transcript, ex: HttpExchange): void {
  t.exchanges = t.exchanges.filter((e) => e.seq <= ex.seq);
}

function refuse(t: Transcript, ex: HttpExchange, status: number): void {
  endSessionAt(t, ex);
  ex.response!.statusCode = status;
  setHeader(ex, "content-type", "text/plain");
  ex.response!.body = enc.encode("refused\n");
  ex.response!.bodyBytesSeen = ex.response!.body.length;
}

/** The status package that answers the first command file: the session's second DM package. */
function statusExchange(t: Transcript): HttpExchange {
  return answer(t, 1);
}

function breakExchange(t: Transcript, ex: HttpExchange, code: string, keepHead: boolean): void {
  endSessionAt(t, ex);
  if (!keepHead) delete ex.response;
  else {
    ex.response!.body = ex.response!.body.subarray(0, 5);
    ex.response!.bodyTruncated = false;
  }
  ex.error = { code, message: `${code} (mutation)`, at: ex.startedAt + 1 };
}

function pkg0(t: Transcript): TranscriptEvent {
  const ev = t.events.find((e) => e.kind === EVENT.pkg0Received);
  if (!ev?.bytes) throw new Error("the recorded session holds no Pkg#0");
  return ev;
}

/** Pkg#0 with one byte changed. */
function setByte(at: number, f: (old: number) => number): (bytes: Uint8Array) => Uint8Array {
  return (bytes) => {
    bytes[at] = f(bytes[at]!);
    return bytes;
  };
}

function editPkg0(t: Transcript, f: (bytes: Uint8Array) => Uint8Array): void {
  const ev = pkg0(t);
  ev.bytes = f(new Uint8Array(ev.bytes!));
}

/** Pkg#0 with another URL, its length byte following (so only the URL itself is wrong). */
function withUrl(bytes: Uint8Array, f: (url: string) => string): Uint8Array {
  const url = enc.encode(f(dec.decode(bytes.subarray(5))));
  const out = new Uint8Array(5 + url.length);
  out.set(bytes.subarray(0, 4));
  out[4] = url.length;
  out.set(url, 5);
  return out;
}

function setVersion(bytes: Uint8Array, version: number): Uint8Array {
  bytes[0] = version >> 2;
  bytes[1] = ((version & 0x3) << 6) | (bytes[1]! & 0x3f);
  return bytes;
}

/** The session's TLS connections to the DM origin fail verification with `code`. */
function certificateRefused(t: Transcript, code: string): void {
  const first = t.tls[0]!;
  first.outcome = "handshake-failed";
  first.errorCode = code;
  first.errorMessage = `${code} (mutation)`;
  delete first.peerCertificate;
}

function msgIdOf(text: string): number {
  return Number(/^MsgID (\d+)/.exec(text)![1]);
}

// --- the operators ------------------------------------------------------------------------------

const TABLE1 =
  "The content of the message must follow this structure: <version>::= 10*BIT … = 0000010100 (Ver 2.0)";
const URL_LENGTH = "<URL Length>::= 8*BIT Length of the URL to the server; <URL> The URL to the server";
const HTTPS = "When the device connects to the servers URL it MUST use HTTPS";
const CERT = "… and verify that the certificate that is used is a valid one for managing that device";
const TABLE3 =
  "The server's response to the client MUST contain the following HTTP Headers: Content-Type application/dm20";
const CRLF =
  "The HTTP Body MUST be a multi line string there each commands is separated with <CR><LF> character.";
const FIRST = "The first line MUST be: “MsgID <MesssageID>”";
const INCREMENT = "the server MUST increment the <MessageID> with one for each response";
const FORMAT = "All other lines MUST have the following format: Command [Param1] [Param2]….[Param n]";
const ACCEPT =
  "The client MUST continue to send new HTTP POST to the same URL … until the client has received the END Command";
const CONTINUES = "The Session continues until the “END” command is included in the response.";
const END_ALONE =
  "If the Server needs status from all commands then the server MUST wait until all commands are executed by the client and in the last status report from the client send the “END” command as the only command.";
const SHOW = "The Query string “?Close=URL” or “?Continue=URL” MUST be present.";

const FAULTS: Row[] = [
  // DMS-5.3-01
  {
    name: "pkg0-version-1.2",
    clause: "DMS-5.3-01",
    draftSentence: TABLE1,
    mutate: (t) => editPkg0(t, (b) => setVersion(b, 12)),
  },
  {
    name: "pkg0-version-zero",
    clause: "DMS-5.3-01",
    draftSentence: TABLE1,
    mutate: (t) => editPkg0(t, (b) => setVersion(b, 0)),
  },
  {
    name: "pkg0-url-length-plus-one",
    clause: "DMS-5.3-01",
    draftSentence: URL_LENGTH,
    mutate: (t) =>
      editPkg0(
        t,
        setByte(4, (n) => n + 1),
      ),
  },
  {
    name: "pkg0-url-length-minus-one",
    clause: "DMS-5.3-01",
    draftSentence: URL_LENGTH,
    mutate: (t) =>
      editPkg0(
        t,
        setByte(4, (n) => n - 1),
      ),
  },
  {
    name: "pkg0-trailing-byte",
    clause: "DMS-5.3-01",
    draftSentence: URL_LENGTH,
    mutate: (t) => editPkg0(t, (b) => new Uint8Array([...b, 0])),
  },
  {
    name: "pkg0-http-url",
    clause: "DMS-5.3-01",
    draftSentence: HTTPS,
    mutate: (t) => editPkg0(t, (b) => withUrl(b, (u) => u.replace(/^https:/, "http:"))),
  },
  {
    name: "pkg0-relative-url",
    clause: "DMS-5.3-01",
    draftSentence: URL_LENGTH,
    mutate: (t) => editPkg0(t, (b) => withUrl(b, (u) => new URL(u).pathname)),
  },
  {
    name: "pkg0-cut-short",
    clause: "DMS-5.3-01",
    draftSentence: TABLE1,
    mutate: (t) => editPkg0(t, (b) => b.subarray(0, 3)),
  },
  // DMS-5.3-02
  {
    name: "certificate-wrong-host",
    clause: "DMS-5.3-02",
    draftSentence: CERT,
    mutate: (t) => certificateRefused(t, "ERR_TLS_CERT_ALTNAME_INVALID"),
  },
  {
    name: "certificate-expired",
    clause: "DMS-5.3-02",
    draftSentence: CERT,
    mutate: (t) => certificateRefused(t, "CERT_HAS_EXPIRED"),
  },
  {
    name: "certificate-untrusted",
    clause: "DMS-5.3-02",
    draftSentence: CERT,
    mutate: (t) => certificateRefused(t, "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
  },
  {
    name: "dm-url-plaintext",
    clause: "DMS-5.3-02",
    draftSentence: HTTPS,
    mutate: (t) => {
      const pkg1 = answer(t, 0).request;
      pkg1.url = pkg1.url.replace(/^https:/, "http:");
    },
  },
  // DMS-5.5-01
  {
    name: "content-type-text-plain",
    clause: "DMS-5.5-01",
    draftSentence: TABLE3,
    mutate: (t) => setHeader(answer(t, 0), "Content-Type", "text/plain"),
  },
  {
    name: "content-type-removed",
    clause: "DMS-5.5-01",
    draftSentence: TABLE3,
    mutate: (t) => setHeader(answer(t, 2), "Content-Type", null),
  },
  {
    name: "content-type-tnds20",
    clause: "DMS-5.5-01",
    draftSentence: TABLE3,
    mutate: (t) => setHeader(answer(t, "last"), "Content-Type", "application/tnds20"),
  },
  {
    name: "content-type-second-value",
    clause: "DMS-5.5-01",
    draftSentence: TABLE3,
    mutate: (t) => setHeader(answer(t, 1), "Content-Type", "text/html", true),
  },
  // DMS-5.5-02
  {
    name: "lf-instead-of-crlf",
    clause: "DMS-5.5-02",
    draftSentence: CRLF,
    mutate: (t) => editAnswer(t, 0, (s) => s.replaceAll("\r\n", "\n")),
  },
  {
    name: "cr-instead-of-crlf",
    clause: "DMS-5.5-02",
    draftSentence: CRLF,
    mutate: (t) => editAnswer(t, 1, (s) => s.replaceAll("\r\n", "\r")),
  },
  {
    name: "empty-line-inserted",
    clause: "DMS-5.5-02",
    draftSentence: CRLF,
    mutate: (t) => editAnswer(t, 2, (s) => s.replace("\r\n", "\r\n\r\n")),
  },
  {
    name: "msgid-line-dropped",
    clause: "DMS-5.5-02",
    draftSentence: FIRST,
    mutate: (t) => editAnswer(t, 0, (s) => s.slice(s.indexOf("\r\n") + 2)),
  },
  {
    name: "msgid-keyword-lowercase",
    clause: "DMS-5.5-02",
    draftSentence: FIRST,
    mutate: (t) => editAnswer(t, 1, (s) => s.replace(/^MsgID/, "msgid")),
  },
  {
    name: "msgid-not-a-number",
    clause: "DMS-5.5-02",
    draftSentence: FIRST,
    mutate: (t) => editAnswer(t, 1, (s) => s.replace(/^MsgID \d+/, "MsgID one")),
  },
  {
    name: "byte-order-mark",
    clause: "DMS-5.5-02",
    draftSentence: FIRST,
    mutate: (t) => editAnswer(t, 0, (s) => `\ufeff${s}`),
  },
  // DMS-5.5-03
  {
    name: "msgid-step-two",
    clause: "DMS-5.5-03",
    draftSentence: INCREMENT,
    mutate: (t) => everyAnswer(t, (s, i) => s.replace(/^MsgID (\d+)/, (_, n) => `MsgID ${Number(n) + i}`)),
  },
  {
    name: "msgid-repeated",
    clause: "DMS-5.5-03",
    draftSentence: INCREMENT,
    mutate: (t) =>
      editAnswer(t, 1, (s) =>
        s.replace(/^MsgID \d+/, `MsgID ${msgIdOf(dec.decode(answer(t, 0).response!.body))}`),
      ),
  },
  {
    name: "msgid-goes-back",
    clause: "DMS-5.5-03",
    draftSentence: INCREMENT,
    mutate: (t) => editAnswer(t, "last", (s) => s.replace(/^MsgID \d+/, "MsgID 0")),
  },
  // DMS-5.5-04
  {
    name: "delete-with-two-params",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} — DELETE ClientURI`,
    mutate: (t) => editLine(t, /^DELETE /, (l) => `${l} oma:mo:oma-mms:1.3/3`),
  },
  {
    name: "get-without-params",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} — GET ServerURI [ClientURI]`,
    mutate: (t) => editLine(t, /^GET /, () => "GET"),
  },
  {
    name: "server-uri-relative",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} — GET ServerURI [ClientURI]`,
    mutate: (t) => editLine(t, /^GET /, (l) => l.replace(/https:\/\/[^/]+/, "")),
  },
  {
    name: "end-with-parameter",
    clause: "DMS-5.5-04",
    draftSentence: FORMAT,
    mutate: (t) => editAnswer(t, "last", (s) => s.replace(/END$/, "END now")),
  },
  {
    name: "tab-separator",
    clause: "DMS-5.5-04",
    draftSentence: FORMAT,
    mutate: (t) => editLine(t, /^DELETE /, (l) => l.replace(" ", "\t")),
  },
  {
    name: "leading-space",
    clause: "DMS-5.5-04",
    draftSentence: FORMAT,
    mutate: (t) => editLine(t, /^DELETE /, (l) => ` ${l}`),
  },
  {
    name: "client-uri-is-a-url",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} — DELETE ClientURI`,
    mutate: (t) => editLine(t, /^DELETE /, () => "DELETE https://127.0.0.1/oma-mms/1"),
  },
  {
    name: "put-without-client-uri",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} — PUT/POST ServerURI ClientURI1 [CLientURI2]….[ClientURI N]`,
    mutate: (t) => editLine(t, /^PUT /, (l) => l.split(" ").slice(0, 2).join(" ")),
  },
  {
    name: "default-url-plaintext",
    clause: "DMS-5.5-04",
    draftSentence: `DEFAULT MOID ServerURL — ${HTTPS}`,
    mutate: (t) => editLine(t, /^DEFAULT /, (l) => l.replace("https:", "http:")),
  },
  // DMS-5.6-01
  {
    name: "status-package-415",
    clause: "DMS-5.6-01",
    draftSentence: ACCEPT,
    mutate: (t) => refuse(t, statusExchange(t), 415),
  },
  {
    name: "pkg1-refused-500",
    clause: "DMS-5.6-01",
    draftSentence: ACCEPT,
    mutate: (t) => refuse(t, answer(t, 0), 500),
  },
  {
    name: "pkg1-answer-empty",
    clause: "DMS-5.6-01",
    draftSentence: ACCEPT,
    mutate: (t) => editAnswer(t, 0, () => ""),
  },
  {
    name: "status-package-reset",
    clause: "DMS-5.6-01",
    draftSentence: ACCEPT,
    mutate: (t) => breakExchange(t, statusExchange(t), "ECONNRESET", false),
  },
  {
    name: "status-answer-stalled-mid-body",
    clause: "DMS-5.6-01",
    draftSentence: ACCEPT,
    mutate: (t) => breakExchange(t, statusExchange(t), "RESPONSE_TIMEOUT", true),
  },
  // DMS-5.7-01
  {
    name: "end-dropped",
    clause: "DMS-5.7-01",
    draftSentence: CONTINUES,
    mutate: (t) => editAnswer(t, "last", (s) => s.replace(/\r\nEND$/, "\r\nDELETE oma:mo:oma-mms:1.3/3")),
  },
  {
    name: "last-package-reset",
    clause: "DMS-5.7-01",
    draftSentence: CONTINUES,
    mutate: (t) => breakExchange(t, answer(t, "last"), "ECONNRESET", false),
  },
  {
    name: "last-package-refused",
    clause: "DMS-5.7-01",
    draftSentence: CONTINUES,
    mutate: (t) => refuse(t, answer(t, "last"), 503),
  },
  {
    name: "connection-refused-mid-session",
    clause: "DMS-5.7-01",
    draftSentence: CONTINUES,
    mutate: (t) => breakExchange(t, answer(t, 2), "ECONNREFUSED", false),
  },
  // DMS-5.7-02
  {
    name: "end-beside-location-get",
    clause: "DMS-5.7-02",
    draftSentence: END_ALONE,
    mutate: (t) =>
      editAnswer(t, "last", (s) => s.replace(/END$/, "GET https://127.0.0.1/documents/x.tnds20\r\nEND")),
  },
  // DMS-5.8-01
  {
    name: "show-without-close",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) => editLine(t, /^SHOW \S+\?Close=/, (l) => l.replace(/\?.*$/, "")),
  },
  {
    name: "show-without-continue",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) => editLine(t, /^SHOW \S+\?Continue=/, (l) => l.replace(/\?.*$/, "?lang=en")),
  },
  {
    name: "show-close-lowercase",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) =>
      editLine(t, /^SHOW /, (l) => l.replace("?Close=", "?close=").replace("?Continue=", "?continue=")),
  },
  {
    name: "show-continue-empty",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) => editLine(t, /^SHOW \S+\?Continue=/, (l) => l.replace(/\?Continue=.*$/, "?Continue=")),
  },
];

const LAWFUL: Row[] = [
  {
    name: "end-with-commands",
    clause: "DMS-5.7-02",
    draftSentence: `${END_ALONE} (the server did not need the statuses of these)`,
    mutate: (t) => editAnswer(t, "last", (s) => s.replace(/END$/, "DELETE oma:mo:oma-mms:1.3/3\r\nEND")),
  },
  {
    name: "reserved-bits-set",
    clause: "DMS-5.3-01",
    draftSentence: "<reserved>::= 16*BIT Reserved for future use",
    mutate: (t) => editPkg0(t, (b) => setByte(3, () => 0x01)(setByte(2, () => 0x80)(b))),
  },
  {
    name: "content-type-charset",
    clause: "DMS-5.5-01",
    draftSentence: TABLE3,
    mutate: (t) => {
      for (const ex of answers(t)) setHeader(ex, "Content-Type", "application/dm20; charset=utf-8");
    },
  },
  {
    name: "content-type-in-capitals",
    clause: "DMS-5.5-01",
    draftSentence: `${TABLE3} (media types are case-insensitive, RFC 9110)`,
    mutate: (t) => {
      for (const ex of answers(t)) setHeader(ex, "content-type", "Application/DM20");
    },
  },
  {
    name: "msgid-from-seven",
    clause: "DMS-5.5-03",
    draftSentence: `${INCREMENT} (the start is not fixed)`,
    mutate: (t) => everyAnswer(t, (s) => s.replace(/^MsgID (\d+)/, (_, n) => `MsgID ${Number(n) + 7}`)),
  },
  {
    name: "final-crlf",
    clause: "DMS-5.5-02",
    draftSentence: CRLF,
    mutate: (t) => everyAnswer(t, (s) => `${s}\r\n`),
  },
  {
    name: "trailing-space",
    clause: "DMS-5.5-04",
    draftSentence: `${FORMAT} (C.3 prints "200 ")`,
    mutate: (t) => editLine(t, /^DELETE /, (l) => `${l} `),
  },
  {
    name: "unknown-command",
    clause: "DMS-5.5-04",
    draftSentence: "All unrecognized commands MUST result in status code xxx",
    mutate: (t) => editAnswer(t, 0, (s) => `${s}\r\nREBOOT now`),
  },
  {
    name: "keyword-in-lower-case",
    clause: "DMS-5.5-04",
    draftSentence: 'All unrecognized commands MUST result in status code xxx ("get" is not a 5.8 command)',
    mutate: (t) => editAnswer(t, 1, (s) => `${s}\r\nget https://127.0.0.1/documents/x.tnds20`),
  },
  {
    name: "show-relative-close",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) => editLine(t, /^SHOW \S+\?Close=/, (l) => l.replace(/\?Close=https:\/\/[^/]+/, "?Close=")),
  },
  {
    name: "show-close-after-another-parameter",
    clause: "DMS-5.8-01",
    draftSentence: SHOW,
    mutate: (t) => editLine(t, /^SHOW \S+\?Close=/, (l) => l.replace("?Close=", "?lang=en&Close=")),
  },
  {
    name: "connection-reset-after-end",
    clause: "DMS-5.3-02",
    draftSentence: `${CERT} (a reset after a working session is no certificate fault)`,
    mutate: (t) =>
      t.tls.push({
        ...t.tls[0]!,
        connectionId: 999,
        outcome: "handshake-failed",
        errorCode: "ECONNRESET",
        requests: 0,
      }),
  },
];

export const SERVER_OPERATORS: ServerOperator[] = [
  ...FAULTS.map((r): ServerOperator => ({ ...r, role: "server", kind: "fault" })),
  ...LAWFUL.map((r): ServerOperator => ({ ...r, role: "server", kind: "lawful" })),
];
