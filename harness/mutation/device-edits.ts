/**
 * Editing helpers for recorded device sessions (the client suites' scenarios): find a session, a
 * DM package or a side request, and change what the device sent — status lines, headers, bodies,
 * the URL and authority a request reached, its time. Each throws when the recording lacks what it
 * edits, so an operator can never pass by editing nothing.
 */
import type { HttpExchange, RecordedRequest, TlsEvent, Transcript } from "../model/transcript.ts";
import { EVENT, PACKAGE_LABEL } from "../model/transcript-contract.ts";
import type { RecordedScenario } from "../server-role/index.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The session whose name ends with `: <name>` in the scenario named `scenario`. */
export function session(rec: RecordedScenario[], scenario: string, name?: string): Transcript {
  const sc = rec.find((r) => r.name === scenario);
  if (!sc) throw new Error(`the recording has no scenario "${scenario}"`);
  const t = name === undefined ? sc.sessions[0] : sc.sessions.find((s) => s.session?.endsWith(`: ${name}`));
  if (!t) throw new Error(`scenario "${scenario}" has no session "${name}"`);
  return t;
}

/** Every session of the recording. */
export function everySession(rec: RecordedScenario[]): Transcript[] {
  return rec.flatMap((r) => r.sessions);
}

/** DM package n (1 = Pkg#1) of a session. */
export function pkg(t: Transcript, n: number): HttpExchange {
  const ex = t.exchanges.find((e) => e.label === `pkg${n}`);
  if (!ex) throw new Error(`session "${t.session}" has no Pkg#${n}`);
  return ex;
}

export function packages(t: Transcript): HttpExchange[] {
  return t.exchanges.filter((e) => e.label !== undefined && PACKAGE_LABEL.test(e.label));
}

/** The side requests (not DM packages) of a session with this label, in order. */
export function sides(t: Transcript, label?: string): HttpExchange[] {
  return t.exchanges.filter(
    (e) => !(e.label && PACKAGE_LABEL.test(e.label)) && (label === undefined || e.label === label),
  );
}

export function side(t: Transcript, label: string, i = 0): HttpExchange {
  const ex = sides(t, label)[i];
  if (!ex) throw new Error(`session "${t.session}" has no side request "${label}" #${i}`);
  return ex;
}

/** The side request whose URL path ends with `suffix`. */
export function sideAt(t: Transcript, suffix: string): HttpExchange {
  const ex = sides(t).find((e) => new URL(e.request.url).pathname.endsWith(suffix));
  if (!ex) throw new Error(`session "${t.session}" has no side request to …${suffix}`);
  return ex;
}

// --- bodies ---------------------------------------------------------------------------------------

export function bodyText(req: { body: Uint8Array }): string {
  return dec.decode(req.body);
}

export function setBody(req: RecordedRequest, text: string | Uint8Array): void {
  req.body = typeof text === "string" ? enc.encode(text) : text;
  req.bodyBytesSeen = req.body.length;
  req.bodyTruncated = false;
  // A recorded Content-Length would contradict the new body: keep the head honest.
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() === "content-length")
      req.rawHeaders[i + 1] = String(req.body.length);
}

export function editBody(req: RecordedRequest, f: (text: string) => string): void {
  setBody(req, f(bodyText(req)));
}

/** Edits a JSON request body (parsed, changed in place or replaced, written compact). */
export function editJson(req: RecordedRequest, f: (doc: Record<string, unknown>) => unknown): void {
  const doc = JSON.parse(bodyText(req)) as Record<string, unknown>;
  const out = f(doc);
  setBody(req, JSON.stringify(out === undefined ? doc : out));
}

/** The TNDS20 objects of an upload or Pkg#1 body. */
export function tndsObjects(doc: Record<string, unknown>): Array<Record<string, unknown>> {
  const list = doc.TNDS20;
  if (!Array.isArray(list)) throw new Error("the body holds no TNDS20 list");
  return list as Array<Record<string, unknown>>;
}

// --- status packages ------------------------------------------------------------------------------

/** The lines of a status package after its MsgID line. */
export function statusLines(ex: HttpExchange): string[] {
  return bodyText(ex.request).split("\r\n").slice(1);
}

export function msgIdLine(ex: HttpExchange): string {
  return bodyText(ex.request).split("\r\n")[0]!;
}

export function setStatusLines(ex: HttpExchange, lines: string[], first = msgIdLine(ex)): void {
  setBody(ex.request, [first, ...lines].join("\r\n"));
}

export function editStatusLines(ex: HttpExchange, f: (lines: string[]) => string[]): void {
  setStatusLines(ex, f(statusLines(ex)));
}

/** Replaces status line i (0 = the first status) with f(line). */
export function editStatus(ex: HttpExchange, i: number, f: (line: string) => string): void {
  editStatusLines(ex, (lines) => {
    if (lines[i] === undefined) throw new Error(`exchange #${ex.seq} has no status ${i}`);
    return lines.map((l, j) => (j === i ? f(l) : l));
  });
}

// --- heads ------------------------------------------------------------------------------------------

/** Sets (or, with null, removes) a request header; `add` keeps the existing ones beside it. */
export function setHeader(req: RecordedRequest, name: string, value: string | null, add = false): void {
  const raw = req.rawHeaders;
  const out: string[] = [];
  let placed = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!add && raw[i]!.toLowerCase() === name.toLowerCase()) {
      // Kept in place (first occurrence), so only the value changes on the wire.
      if (value !== null && !placed) out.push(raw[i]!, value);
      placed = true;
      continue;
    }
    out.push(raw[i]!, raw[i + 1]!);
  }
  if (value !== null && (!placed || add)) out.push(name, value);
  req.rawHeaders = out;
}

export function header(req: RecordedRequest, name: string): string | undefined {
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() === name.toLowerCase()) return req.rawHeaders[i + 1];
  return undefined;
}

/** Renames every header as f(name) (case variations). */
export function renameHeaders(req: RecordedRequest, f: (name: string) => string): void {
  req.rawHeaders = req.rawHeaders.map((v, i) => (i % 2 === 0 ? f(v) : v));
}

/** Sends the body chunked: Content-Length gives way to Transfer-Encoding (the body bytes stay). */
export function chunked(req: RecordedRequest): void {
  setHeader(req, "content-length", null);
  setHeader(req, "transfer-encoding", "chunked");
}

// --- where and when a request went -------------------------------------------------------------------

/** The request reached another origin (scheme, host and port) with the same path and query. */
export function retarget(ex: HttpExchange, origin: string): void {
  const u = new URL(ex.request.url);
  const to = new URL(origin);
  u.protocol = to.protocol;
  u.host = to.host;
  ex.request.url = u.toString();
  ex.request.receivedOn = to.origin;
  setHeader(ex.request, "host", to.host);
}

/** The request went to another path (and query) on the origin it reached. */
export function repath(ex: HttpExchange, pathAndQuery: string): void {
  const u = new URL(ex.request.url);
  const next = new URL(pathAndQuery, u);
  ex.request.url = next.toString();
  ex.request.target = `${next.pathname}${next.search}`;
}

/** The DM session's origin (where Pkg#1 went). */
export function dmOrigin(t: Transcript): string {
  return new URL(pkg(t, 1).request.url).origin;
}

function nextSeq(t: Transcript): number {
  return Math.max(-1, ...t.exchanges.map((e) => e.seq)) + 1;
}

function nextConnection(t: Transcript): number {
  return (
    Math.max(0, ...t.tls.map((e) => e.connectionId), ...t.exchanges.map((e) => e.connectionId ?? 0)) + 1000
  );
}

/** A copy of `ex` as a new exchange at the end of the session, `delayMs` after the last one, on its own connection. */
export function repeatLater(
  t: Transcript,
  ex: HttpExchange,
  delayMs: number,
  label = ex.label,
): HttpExchange {
  const copy = structuredClone(ex);
  // After everything the session recorded (a session with no exchange yet: its notification, its watch).
  const last = Math.max(
    t.startedAt,
    ...t.events.map((e) => e.at),
    ...t.exchanges.map((e) => e.respondedAt ?? e.startedAt),
  );
  copy.seq = nextSeq(t);
  copy.startedAt = last + delayMs;
  copy.requestCompleteAt = copy.startedAt + 1;
  copy.respondedAt = copy.startedAt + 2;
  if (label === undefined) delete copy.label;
  else copy.label = label;
  const conn = nextConnection(t);
  copy.connectionId = conn;
  const tls = t.tls.find((e) => e.connectionId === ex.connectionId);
  if (tls || ex.request.url.startsWith("https:"))
    t.tls.push({
      ...(tls ?? { peer: "remote", protocol: "TLSv1.3" }),
      connectionId: conn,
      outcome: "established",
      at: copy.startedAt - 1,
      requests: 1,
    } as TlsEvent);
  t.exchanges.push(copy);
  return copy;
}

/** Removes an exchange (the device never sent it). */
export function drop(t: Transcript, ex: HttpExchange): void {
  t.exchanges = t.exchanges.filter((e) => e !== ex);
  const tls = t.tls.find((e) => e.connectionId === ex.connectionId);
  if (tls && tls.requests > 0) tls.requests--;
}

/** The session ends after `ex`: nothing the device sent later stays (it stopped there). */
export function cutAfter(t: Transcript, ex: HttpExchange): void {
  for (const e of [...t.exchanges]) if (e.seq > ex.seq) drop(t, e);
}

/**
 * Moves an exchange in time (and in arrival order) to just after `ref`: before whatever came next,
 * so an exchange moved into a command window stays inside it (zero-length if there is no room).
 */
export function moveAfter(t: Transcript, ex: HttpExchange, ref: HttpExchange): void {
  const others = t.exchanges.filter((e) => e !== ex).sort((a, b) => a.seq - b.seq);
  const i = others.indexOf(ref);
  const refEnd = ref.respondedAt ?? ref.startedAt;
  const next = others[i + 1];
  const at = next ? Math.min(refEnd + 1, (refEnd + next.startedAt) / 2) : refEnd + 1;
  const room = next ? Math.max(0, next.startedAt - at) : Number.POSITIVE_INFINITY;
  const duration = Math.min(room, (ex.respondedAt ?? ex.startedAt) - ex.startedAt);
  ex.startedAt = at;
  if (ex.requestCompleteAt !== undefined) ex.requestCompleteAt = at + duration / 2;
  if (ex.respondedAt !== undefined) ex.respondedAt = at + duration;
  // Renumber: arrival order is seq order.
  const order = [...others.slice(0, i + 1), ex, ...others.slice(i + 1)];
  order.forEach((e, n) => {
    e.seq = n;
  });
  t.exchanges = order;
}

/** The TLS record of the connection an exchange came on. */
export function tlsOf(t: Transcript, ex: HttpExchange): TlsEvent {
  const tls = t.tls.find((e) => e.connectionId === ex.connectionId);
  if (!tls) throw new Error(`exchange #${ex.seq} has no TLS record`);
  return tls;
}

/** A device that never answered: the session keeps its notification, nothing arrived. */
export function silence(t: Transcript): void {
  t.exchanges = [];
  t.tls = [];
  t.events = t.events.filter((e) => e.kind === EVENT.notification || e.kind === EVENT.stimulus);
}

export { dec as utf8Decoder, enc as utf8Encoder };
