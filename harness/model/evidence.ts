/**
 * Turns transcript records into evidence excerpts. Kept in one place so that every FAIL, whichever
 * role produced it, quotes the wire the same way: the head verbatim, then up to the first KiB of
 * the body as text with CR and LF left in place (the HTML report makes them visible).
 */
import type {
  HttpExchange,
  RecordedRequest,
  RecordedResponse,
  TlsEvent,
  TranscriptEvent,
} from "./transcript.ts";
import type { CheckResult, Evidence, EvidenceKind } from "./verdict.ts";

export const EVIDENCE_BODY_BYTES = 1024;

/** Excerpts of what crossed the wire; an expectation or the harness's own notes are not. */
export const WIRE_EVIDENCE_KINDS: ReadonlySet<EvidenceKind> = new Set<EvidenceKind>([
  "http-request",
  "http-response",
  "tls",
  "notification",
  "body",
]);

/** True when a verdict quotes at least one excerpt of the wire. */
export function quotesTheWire(result: CheckResult): boolean {
  return result.evidence.some((e) => WIRE_EVIDENCE_KINDS.has(e.kind));
}

function headLines(rawHeaders: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  return lines.join("\r\n");
}

/** Body bytes as text for a human; bytes that are not UTF-8 show as U+FFFD, and the cut is said. */
export function bodyExcerpt(body: Uint8Array, bytesSeen = body.length, limit = EVIDENCE_BODY_BYTES): string {
  const shown = body.subarray(0, limit);
  let text = Buffer.from(shown).toString("utf8");
  if (bytesSeen > shown.length) text += `\n[... ${bytesSeen - shown.length} more bytes not shown]`;
  return text;
}

export function requestText(req: RecordedRequest): string {
  const line = `${req.method} ${req.target} HTTP/${req.httpVersion ?? "1.1"}`;
  return `${line}\r\n${headLines(req.rawHeaders)}\r\n\r\n${bodyExcerpt(req.body, req.bodyBytesSeen)}`;
}

export function responseText(res: RecordedResponse): string {
  const line = `HTTP/1.1 ${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ""}`;
  return `${line}\r\n${headLines(res.rawHeaders)}\r\n\r\n${bodyExcerpt(res.body, res.bodyBytesSeen)}`;
}

function withSession(e: Evidence, session: string | undefined): Evidence {
  return session === undefined ? e : { ...e, session };
}

export function requestEvidence(
  ex: HttpExchange,
  label = `request #${ex.seq}${ex.label ? ` (${ex.label})` : ""}`,
): Evidence {
  return withSession({ kind: "http-request", label, text: requestText(ex.request) }, ex.session);
}

export function responseEvidence(
  ex: HttpExchange,
  label = `response to #${ex.seq}${ex.label ? ` (${ex.label})` : ""}`,
): Evidence {
  if (!ex.response) {
    const why = ex.error ? `${ex.error.code}: ${ex.error.message}` : "no response recorded";
    return withSession({ kind: "http-response", label, text: `(no response: ${why})` }, ex.session);
  }
  return withSession({ kind: "http-response", label, text: responseText(ex.response) }, ex.session);
}

/** Both halves of an exchange, the usual evidence for a clause about one package. */
export function exchangeEvidence(ex: HttpExchange): Evidence[] {
  return [requestEvidence(ex), responseEvidence(ex)];
}

export function tlsEvidence(ev: TlsEvent): Evidence {
  const parts = [`connection #${ev.connectionId} from/to ${ev.peer}: ${ev.outcome}`];
  if (ev.protocol) parts.push(`protocol ${ev.protocol}`);
  if (ev.servername) parts.push(`SNI ${ev.servername}`);
  if (ev.alert !== undefined) parts.push(`TLS alert ${ev.alert}`);
  if (ev.errorCode) parts.push(`error ${ev.errorCode}${ev.errorMessage ? ` (${ev.errorMessage})` : ""}`);
  if (ev.peerCertificate) {
    const c = ev.peerCertificate;
    parts.push(
      `peer certificate subject=${c.subject} issuer=${c.issuer} valid ${c.validFrom} .. ${c.validTo}`,
    );
    if (c.subjectAltName) parts.push(`SAN ${c.subjectAltName}`);
  }
  parts.push(`HTTP requests on this connection: ${ev.requests}`);
  return withSession(
    { kind: "tls", label: `TLS connection #${ev.connectionId}`, text: parts.join("; ") },
    ev.session,
  );
}

export function eventEvidence(ev: TranscriptEvent): Evidence {
  const hex = ev.bytes ? `\nbytes (hex): ${Buffer.from(ev.bytes).toString("hex")}` : "";
  return withSession(
    { kind: "event", label: ev.kind, text: `${new Date(ev.at).toISOString()} ${ev.detail}${hex}` },
    ev.session,
  );
}

export function expectation(label: string, expected: string, seen: string): Evidence {
  return { kind: "expectation", label, text: `expected: ${expected}\nseen:     ${seen}` };
}
