/**
 * The transcript contract: what the drivers write into a Transcript and the checks read back out
 * of it, in one place. Drivers (harness/server-role/, harness/client-role/, the interop monitor)
 * label DM packages and record events with these names; checks read them with these helpers. A
 * transcript that follows the contract can be judged live, replayed from a file, or mutated by the
 * mutation suite, with the same result.
 *
 * - DM package exchanges are labelled "pkg1", "pkg2", … in arrival order; every other exchange
 *   (the GET of a ServerURI, an upload, a browser load, a Generic Alert) has another label or none.
 * - Events carry what only the driver knows: the Pkg#0 it sent, the stimulus it gave, a wait that
 *   ran out, a watch for silence, and what it expects each command of a command file to show.
 */
import { type CommandFile, parseCommandFile } from "../protocol/command-file.ts";
import { parseStatusFile, type StatusFile } from "../protocol/status-file.ts";
import { type HttpExchange, headerValue, type Transcript, type TranscriptEvent } from "./transcript.ts";

export const PACKAGE_LABEL = /^pkg([0-9]+)$/;

export function packageLabel(n: number): string {
  return `pkg${n}`;
}

/** The package number of a DM package exchange (1 for Pkg#1), or undefined for anything else. */
export function packageNumber(ex: HttpExchange): number | undefined {
  const m = ex.label ? PACKAGE_LABEL.exec(ex.label) : null;
  return m ? Number(m[1]) : undefined;
}

/** Event kinds the drivers write into a transcript and the checks read back. */
export const EVENT = {
  // --- the harness as DM server (the IUT is a device) ---
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
  /** The device was not woken or not waited for: it answered no notification in this run. */
  deviceSilent: "device-silent",
  /** What the harness expects each command of a command file to show (detail: ExpectationRecord JSON). */
  expectations: "expectations",
  // --- the harness as device (the IUT is a DM server) ---
  /** A Pkg#0 that reached the harness's push sink (bytes: the notification as received). */
  pkg0Received: "pkg0-received",
  /** The notify command the harness ran, and what it printed. */
  notifyCommand: "notify-command",
  /** A notification the simulated device could not act on. */
  pkg0Unusable: "pkg0-unusable",
  /** How a session the harness drove as a device ended. */
  sessionEnd: "session-end",
} as const;

export function eventsOf(transcript: Transcript, kind: string): TranscriptEvent[] {
  return transcript.events.filter((e) => e.kind === kind);
}

// --- what the harness expects of each command ---------------------------------------------------

/**
 * The outcome class a command's status must show, so that statuses can be matched to commands:
 * "success" 2xx; "location" 2xx with Param1 (GET without ClientURI); "failure" any code outside
 * 2xx; "unsupported" exactly the IXIT's unsupportedStatus; "any" no constraint.
 */
export type ExpectedOutcome = "success" | "location" | "failure" | "unsupported" | "any";

export interface ExpectationRecord {
  /** MsgID of the command file these expectations belong to. */
  msgId: number;
  /** One per command line, in order. */
  outcomes: ExpectedOutcome[];
}

/** The expectations the driver recorded, by the MsgID of the command file they belong to. */
export function expectationsOf(transcript: Transcript): Map<number, ExpectedOutcome[]> {
  const out = new Map<number, ExpectedOutcome[]>();
  for (const ev of eventsOf(transcript, EVENT.expectations)) {
    try {
      const rec = JSON.parse(ev.detail) as ExpectationRecord;
      if (Number.isInteger(rec.msgId) && Array.isArray(rec.outcomes)) out.set(rec.msgId, rec.outcomes);
    } catch {
      // A driver wrote something else: no expectations from it.
    }
  }
  return out;
}

// --- the device session as the DMC checks read it -------------------------------------------------

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

/** Reads a device session out of a transcript; parsing is memoised per exchange. */
export function viewSession(transcript: Transcript): DeviceSessionView {
  const packages: DmPackage[] = [];
  const others: HttpExchange[] = [];
  const sorted = [...transcript.exchanges].sort((a, b) => a.seq - b.seq);
  for (const exchange of sorted) {
    if (packageNumber(exchange) === undefined) {
      others.push(exchange);
      continue;
    }
    const answer = answerOf(exchange);
    packages.push({ number: packages.length + 1, exchange, ...(answer ? { answer } : {}) });
  }
  return { transcript, packages, others };
}

/** The command file that answered a DM package (2xx with a body), parsed once per exchange. */
export function answerOf(ex: HttpExchange): CommandFile | undefined {
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

// --- matching side requests to the URLs commands named ---------------------------------------------

/** Path and query of a URL, normalised the WHATWG way; null when it does not parse. */
export function resourceKey(url: string): string | null {
  try {
    const u = new URL(url, "http://resource.invalid");
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };

/** scheme, host name (lower case) and port of an absolute URL; undefined when it has none. */
function authorityOf(url: string): { scheme: string; host: string; port: string } | undefined {
  try {
    const u = new URL(url);
    if (!u.host) return undefined;
    return {
      scheme: u.protocol,
      host: u.hostname.toLowerCase(),
      port: u.port || DEFAULT_PORT[u.protocol] || "",
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether a request reached the authority a URL names. The port and scheme are the listener's own
 * (`receivedOn`) where the harness listened; the host name is the one the device put in its Host
 * header. Without `receivedOn` (a monitor's or a hand-made transcript), the request URL decides.
 */
export function reachedAuthorityOf(ex: HttpExchange, url: string): boolean {
  const want = authorityOf(url);
  if (!want) return true; // a relative URL names no authority to miss
  const on = ex.request.receivedOn ? authorityOf(ex.request.receivedOn) : undefined;
  const hostHeader = headerValue(ex.request, "host");
  const claimed = hostHeader ? authorityOf(`${want.scheme}//${hostHeader.trim()}`) : undefined;
  const seen = authorityOf(ex.request.url);
  const scheme = on?.scheme ?? seen?.scheme;
  const port = on?.port ?? seen?.port;
  const host = claimed?.host ?? seen?.host;
  return scheme === want.scheme && port === want.port && host === want.host;
}
