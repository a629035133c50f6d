/**
 * Helpers the DMC checks share for reading a device session: commands paired with their statuses,
 * side requests matched to the command that caused them, the harness's watches for silence, and
 * what the wire showed when something never came. The session itself (packages, labels, events,
 * memoised parsing) is the transcript contract's (harness/model/transcript-contract.ts).
 *
 * Side requests are matched to a command by the URL it named: path and query, and the authority
 * (scheme, host, port) the request was received on, so a device that sends a GET to the session's
 * own origin instead of the ServerURI's is not taken to have fetched it. This also works on a
 * transcript a passive monitor recorded, where labels other than pkgN carry no meaning.
 */
import { eventEvidence, requestEvidence, responseEvidence, tlsEvidence } from "../../model/evidence.ts";
import type { HttpExchange, Transcript, TranscriptEvent } from "../../model/transcript.ts";
import {
  type DeviceSessionView,
  type DmPackage,
  EVENT,
  eventsOf,
  hasEnd,
  nextPackage,
  reachedAuthorityOf,
  resourceKey,
  statusFileOf,
} from "../../model/transcript-contract.ts";
import type { Evidence } from "../../model/verdict.ts";
import type { Command } from "../../protocol/command-file.ts";
import { decodeNotification, type Notification } from "../../protocol/notification.ts";
import type { StatusFile } from "../../protocol/status-file.ts";

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

const PLACEHOLDER = /\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/;

/**
 * The side requests that target `serverUri` (same path and query, at the authority it names),
 * optionally only those that started in [from, to). A ServerURI with 5.8.1 placeholders matches
 * on its literal part (see sameResource).
 */
export function requestsTo(
  view: DeviceSessionView,
  serverUri: string,
  window: { from?: number; to?: number } = {},
): HttpExchange[] {
  return sameResource(view, serverUri, window).filter((ex) => reachedAuthorityOf(ex, serverUri));
}

/**
 * Side requests for the path and query of `serverUri` that arrived at another authority: a device
 * that ignored the ServerURI's scheme, host or port. Evidence beside a "sent nothing to ServerURI".
 */
export function misdirectedRequests(
  view: DeviceSessionView,
  serverUri: string,
  window: { from?: number; to?: number } = {},
): HttpExchange[] {
  return sameResource(view, serverUri, window).filter((ex) => !reachedAuthorityOf(ex, serverUri));
}

function sameResource(
  view: DeviceSessionView,
  serverUri: string,
  window: { from?: number; to?: number },
): HttpExchange[] {
  const inWindow = (ex: HttpExchange) =>
    (window.from === undefined || ex.startedAt >= window.from) &&
    (window.to === undefined || ex.startedAt < window.to);
  // A URL with 5.8.1 placeholders is matched on its literal part, up to the first placeholder:
  // what the device made of the placeholders is the URL-parameter checks' business.
  if (PLACEHOLDER.test(serverUri)) {
    const prefix = literalPrefix(serverUri);
    return view.others.filter((ex) => inWindow(ex) && ex.request.target.startsWith(prefix));
  }
  const key = resourceKey(serverUri);
  if (key === null) return [];
  return view.others.filter((ex) => inWindow(ex) && resourceKey(ex.request.target) === key);
}

/** The path (and query) of a URL template up to its first 5.8.1 placeholder. */
export function literalPrefix(template: string): string {
  const authority = template.indexOf("://");
  const pathStart = authority < 0 ? 0 : template.indexOf("/", authority + 3);
  const path = pathStart < 0 ? "/" : template.slice(pathStart);
  const first = path.search(PLACEHOLDER);
  return first < 0 ? path : path.slice(0, first);
}

/** The window in which the commands of package p's answer run: from the answer to the next package. */
export function commandWindow(view: DeviceSessionView, p: DmPackage): { from: number; to?: number } {
  const next = nextPackage(view, p);
  return { from: answeredAt(p.exchange) - 1, ...(next ? { to: next.exchange.startedAt + 1 } : {}) };
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
