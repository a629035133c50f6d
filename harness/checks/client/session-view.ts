/**
 * One device session as the DMC checks read it from a transcript: the DM packages in order (Pkg#1,
 * then the status packages), each with the harness's answer parsed as a command file, and every
 * other request (the GET of a ServerURI, uploads, browser loads, alerts) beside them.
 *
 * Transcript convention (shared with harness/server-role/ and the server checks): DM package
 * exchanges are labelled "pkg1", "pkg2", … in arrival order; anything else has another label or
 * none. Side requests are matched to the command that caused them by their request target (the
 * driver gives every served resource its own path), so the checks also work on a transcript a
 * passive monitor recorded, where labels other than pkgN carry no meaning.
 */
import { eventEvidence, requestEvidence, responseEvidence, tlsEvidence } from "../../model/evidence.ts";
import type { HttpExchange, Transcript, TranscriptEvent } from "../../model/transcript.ts";
import type { Evidence } from "../../model/verdict.ts";
import { type Command, type CommandFile, parseCommandFile } from "../../protocol/command-file.ts";
import { decodeNotification, type Notification } from "../../protocol/notification.ts";
import { parseStatusFile, type StatusFile } from "../../protocol/status-file.ts";

export const PACKAGE_LABEL = /^pkg([0-9]+)$/;

export function packageLabel(n: number): string {
  return `pkg${n}`;
}

/** Event kinds the driver writes into a transcript and the checks read back. */
export const EVENT = {
  /** Pkg#0 sent to the device (bytes: the notification). */
  notification: "notification",
  /** A device-initiated stimulus (DEFAULT): detail "default <MOID> InitiatedBy=<Device|User>". */
  stimulus: "stimulus",
  /** A bounded wait ran out: detail says what was awaited. */
  timeout: "timeout",
  /** The harness starts watching for silence (detail: why). */
  quietStart: "quiet-start",
  /** The watch ends (detail: how many requests arrived). */
  quietEnd: "quiet-end",
  /** What the device adapter printed (trigger command stdout/stderr). */
  triggerOutput: "trigger-output",
  /** Waking the device failed. */
  wakeError: "wake-error",
} as const;

export interface DmPackage {
  /** 1 for Pkg#1, 2 for the first status package, … */
  number: number;
  exchange: HttpExchange;
  /** The harness's answer as a command file, when it answered 2xx with a body. */
  answer?: CommandFile;
}

export interface DeviceSessionView {
  transcript: Transcript;
  packages: DmPackage[];
  /** Every exchange that is not a DM package, in arrival order. */
  others: HttpExchange[];
}

const parsedStatus = new WeakMap<HttpExchange, StatusFile>();
const parsedAnswer = new WeakMap<HttpExchange, CommandFile>();

export function viewSession(transcript: Transcript): DeviceSessionView {
  const packages: DmPackage[] = [];
  const others: HttpExchange[] = [];
  const sorted = [...transcript.exchanges].sort((a, b) => a.seq - b.seq);
  for (const exchange of sorted) {
    const m = exchange.label ? PACKAGE_LABEL.exec(exchange.label) : null;
    if (!m) {
      others.push(exchange);
      continue;
    }
    const answer = answerOf(exchange);
    packages.push({ number: packages.length + 1, exchange, ...(answer ? { answer } : {}) });
  }
  return { transcript, packages, others };
}

function answerOf(ex: HttpExchange): CommandFile | undefined {
  const res = ex.response;
  if (!res || res.statusCode < 200 || res.statusCode >= 300 || res.body.length === 0) return undefined;
  let file = parsedAnswer.get(ex);
  if (!file) {
    file = parseCommandFile(res.body);
    parsedAnswer.set(ex, file);
  }
  return file;
}

/** The request body of a status package, read as a status file (parsed once per exchange). */
export function statusFileOf(ex: HttpExchange): StatusFile {
  let file = parsedStatus.get(ex);
  if (!file) {
    file = parseStatusFile(ex.request.body);
    parsedStatus.set(ex, file);
  }
  return file;
}

/** "Pkg#1 (exchange #0)", "Pkg#3 (exchange #5)": how evidence names a package. */
export function packageName(p: DmPackage): string {
  return `Pkg#${p.number} (exchange #${p.exchange.seq})`;
}

export function hasEnd(file: CommandFile | undefined): boolean {
  return file?.commands.some((c) => c.name === "END") ?? false;
}

/** The package that answers package `p`'s answer (the next one), if it came. */
export function nextPackage(view: DeviceSessionView, p: DmPackage): DmPackage | undefined {
  return view.packages[p.number];
}

/** Pairs of (answer's command, the status reported for it) for package p's answer; status undefined when missing. */
export interface CommandWithStatus {
  command: Command;
  index: number;
  /** The package whose answer carried the command. */
  carrier: DmPackage;
  /** The package that reports its status (undefined when none came, or after END). */
  reporter?: DmPackage;
  status?: StatusFile["statuses"][number];
}

/** Every command the harness sent in the session, with the status the device reported for it by position. */
export function commandsWithStatus(view: DeviceSessionView): CommandWithStatus[] {
  const out: CommandWithStatus[] = [];
  for (const carrier of view.packages) {
    if (!carrier.answer) continue;
    const reporter = hasEnd(carrier.answer) ? undefined : nextPackage(view, carrier);
    const statuses = reporter ? statusFileOf(reporter.exchange).statuses : [];
    carrier.answer.commands.forEach((command, index) => {
      out.push({
        command,
        index,
        carrier,
        ...(reporter ? { reporter } : {}),
        ...(statuses[index] ? { status: statuses[index] } : {}),
      });
    });
  }
  return out;
}

/** When the harness's answer left (falls back to when the request was in). */
export function answeredAt(ex: HttpExchange): number {
  return ex.respondedAt ?? ex.requestCompleteAt ?? ex.startedAt;
}

/** Path and query of a URL, normalised the WHATWG way; null when it does not parse. */
export function resourceKey(url: string): string | null {
  try {
    const u = new URL(url, "http://resource.invalid");
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

const PLACEHOLDER = /\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/;

/**
 * The side requests that target `serverUri` (same path and query), optionally only those that
 * started in [from, to). ServerURIs with 5.8.1 placeholders match nothing here: what the device
 * makes of them is the URL-parameter check's business.
 */
export function requestsTo(
  view: DeviceSessionView,
  serverUri: string,
  window: { from?: number; to?: number } = {},
): HttpExchange[] {
  if (PLACEHOLDER.test(serverUri)) return [];
  const key = resourceKey(serverUri);
  if (key === null) return [];
  return view.others.filter(
    (ex) =>
      resourceKey(ex.request.target) === key &&
      (window.from === undefined || ex.startedAt >= window.from) &&
      (window.to === undefined || ex.startedAt < window.to),
  );
}

/** The window in which the commands of package p's answer run: from the answer to the next package. */
export function commandWindow(view: DeviceSessionView, p: DmPackage): { from: number; to?: number } {
  const next = nextPackage(view, p);
  return { from: answeredAt(p.exchange) - 1, ...(next ? { to: next.exchange.startedAt + 1 } : {}) };
}

export function eventsOf(transcript: Transcript, kind: string): TranscriptEvent[] {
  return transcript.events.filter((e) => e.kind === kind);
}

/** The Pkg#0 the harness sent in this transcript, decoded; undefined for device-initiated sessions. */
export function notificationOf(
  transcript: Transcript,
): { event: TranscriptEvent; notification?: Notification } | undefined {
  const event = eventsOf(transcript, EVENT.notification)[0];
  if (!event) return undefined;
  if (!event.bytes) return { event };
  const decoded = decodeNotification(event.bytes);
  return decoded.ok ? { event, notification: decoded.notification } : { event };
}

/** Periods in which the harness watched for silence: [start, end] pairs from quiet-start/quiet-end events. */
export function quietWatches(
  transcript: Transcript,
): Array<{ from: number; to: number; start: TranscriptEvent; end: TranscriptEvent }> {
  const starts = eventsOf(transcript, EVENT.quietStart);
  const ends = eventsOf(transcript, EVENT.quietEnd);
  const out: Array<{ from: number; to: number; start: TranscriptEvent; end: TranscriptEvent }> = [];
  for (const start of starts) {
    const end = ends.find((e) => e.at >= start.at);
    if (end) out.push({ from: start.at, to: end.at, start, end });
  }
  return out;
}

/**
 * What the wire showed when the expected package never came: requests that failed (cut bodies,
 * resets, timeouts), connections that carried nothing, the harness's timeouts. Evidence for a
 * NOT-EXERCISED, so a reader sees why.
 */
export function wireTrace(transcript: Transcript, limit = 4): Evidence[] {
  const out: Evidence[] = [];
  for (const ex of transcript.exchanges)
    if (ex.error || ex.request.bodyTruncated) out.push(requestEvidence(ex));
  for (const ev of transcript.tls) if (ev.requests === 0) out.push(tlsEvidence(ev));
  for (const ev of transcript.events)
    if (ev.kind === EVENT.timeout || ev.kind === EVENT.wakeError) out.push(eventEvidence(ev));
  const shown = out.slice(0, limit);
  // What the device's trigger command printed often says why nothing came.
  const output = eventsOf(transcript, EVENT.triggerOutput).at(-1);
  if (output)
    shown.push({ kind: "process-output", label: "trigger command output", text: output.detail.slice(-4096) });
  return shown;
}

/**
 * How a session ended: the harness's last answer (whether it carried END shows in it), then what
 * the wire showed beside it. Evidence for a NOT-EXERCISED about something the session never got to.
 */
export function sessionEnding(view: DeviceSessionView): Evidence[] {
  const last = view.packages.at(-1);
  return [...(last ? [responseEvidence(last.exchange)] : []), ...wireTrace(view.transcript)];
}
