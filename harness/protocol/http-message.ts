/**
 * A textual HTTP/1.1 message as the draft prints them in Appendix C (request or response):
 * start line, header lines, an empty line, the body. Used for the verbatim Appendix C vectors and
 * for transcripts saved as text. It reports, rather than hides, what the draft's examples get
 * wrong: a Content-Length that differs from the body's byte count, header lines that are not
 * `name: value` (C.1 and C.3 print "Content length:1181" among the headers).
 */
import { type Finding, type FindingCodeInfo, FindingSink } from "./finding.ts";
import { decodeLenient } from "./utf8.ts";

/** Every code parseHttpMessageText can emit. */
export const HTTP_MESSAGE_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "http-no-empty-line", about: "no empty line ends the head" },
  { code: "http-start-line", about: "the first line is neither a request line nor a status line" },
  {
    code: "http-invalid-header-line",
    about: "a head line that is not name: value (C.1's 'Content length:1181')",
  },
  { code: "http-repeated-content-length", about: "Content-Length given more than once" },
  { code: "http-bad-content-length", about: "a Content-Length that is not a number, or one beyond 2^53-1" },
  {
    code: "content-length-mismatch",
    about: "Content-Length differs from the body's byte count (C.1, C.3, C.5)",
  },
  {
    code: "findings-truncated",
    about: "more findings of one code than the per-code cap; the count is given",
  },
];

export interface HttpMessageText {
  kind: "request" | "response" | "unknown";
  startLine: string;
  method: string | null;
  target: string | null;
  status: number | null;
  /** Header name/value pairs as written (names not case-folded), valid lines only. */
  headers: Array<[string, string]>;
  body: Uint8Array;
  /** The Content-Length header's value when it is a decimal number; null otherwise. */
  contentLength: number | null;
  findings: Finding[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function findHeadEnd(bytes: Uint8Array): { headEnd: number; bodyStart: number } {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a && bytes[i + 2] === 0x0d && bytes[i + 3] === 0x0a) {
      return { headEnd: i, bodyStart: i + 4 };
    }
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) return { headEnd: i, bodyStart: i + 2 };
  }
  return { headEnd: bytes.length, bodyStart: bytes.length };
}

export function parseHttpMessageText(bytes: Uint8Array): HttpMessageText {
  const findings: Finding[] = [];
  // Invalid head lines are capped like the other readers' findings (a head of a million bad lines
  // gives 100 and a count); the sink only counts, so the findings keep their order.
  const sink = new FindingSink();
  const { headEnd, bodyStart } = findHeadEnd(bytes);
  if (bodyStart === bytes.length && headEnd === bytes.length) {
    findings.push({ code: "http-no-empty-line", message: "no empty line ends the head" });
  }
  const head = decodeLenient(bytes.subarray(0, headEnd));
  const lines = head.split(/\r?\n/);
  const startLine = lines[0] ?? "";
  const headers: Array<[string, string]> = [];
  let kind: HttpMessageText["kind"] = "unknown";
  let method: string | null = null;
  let target: string | null = null;
  let status: number | null = null;
  const resp = /^HTTP\/\d\.\d (\d{3})(?: .*)?$/.exec(startLine);
  const req = /^([A-Z]+) (\S+) HTTP\/\d\.\d$/.exec(startLine);
  if (resp) {
    kind = "response";
    status = Number(resp[1]);
  } else if (req) {
    kind = "request";
    method = req[1]!;
    target = req[2]!;
  } else
    findings.push({
      code: "http-start-line",
      message: `"${startLine}" is not a request or status line`,
      line: 1,
      column: 1,
    });
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const colon = l.indexOf(":");
    const name = colon < 0 ? "" : l.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) {
      if (!sink.wants("http-invalid-header-line")) continue;
      findings.push({
        code: "http-invalid-header-line",
        message: `"${l}" is not a header line (name: value)`,
        line: i + 1,
        column: 1,
      });
      continue;
    }
    headers.push([name, l.slice(colon + 1).trim()]);
  }
  const body = bytes.subarray(bodyStart);
  const cl = headers.filter(([n]) => n.toLowerCase() === "content-length");
  let contentLength: number | null = null;
  if (cl.length > 1)
    findings.push({ code: "http-repeated-content-length", message: "Content-Length appears more than once" });
  if (cl.length > 0) {
    const v = cl[0]![1];
    // past 2^53 a Number is rounded (to Infinity past ~1e308): no body is that long, and a
    // rounded value would be compared as if it were the one sent
    if (/^\d+$/.test(v) && Number.isSafeInteger(Number(v))) contentLength = Number(v);
    else if (/^\d+$/.test(v))
      findings.push({
        code: "http-bad-content-length",
        message: `Content-Length ${v.slice(0, 40)}… is beyond 2^53-1`,
      });
    else findings.push({ code: "http-bad-content-length", message: `Content-Length "${v}" is not a number` });
  }
  if (contentLength !== null && contentLength !== body.length) {
    findings.push({
      code: "content-length-mismatch",
      message: `Content-Length says ${contentLength} bytes, the body has ${body.length}`,
      offset: bodyStart,
    });
  }
  findings.push(...sink.finish()); // the truncation notes only
  return { kind, startLine, method, target, status, headers, body, contentLength, findings };
}

/** First value of a header, case-insensitive name. */
export function headerValue(msg: HttpMessageText, name: string): string | undefined {
  const n = name.toLowerCase();
  return msg.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}
