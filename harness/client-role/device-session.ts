/**
 * One DM session of the harness-as-device against the server under test, recorded: Pkg#1 with
 * the IXIT's DevInfo and the flags the device was woken with, every command executed as a correct
 * device executes it, a correct status package for every response, until END — or until a bound
 * stops it (packages per session, the timeout on every wait, the size of a body). Whatever ends
 * the session, it ends, and its transcript says why (an EVENT.sessionEnd).
 */
import type { Pkg1Flags, SessionResult } from "../device/index.ts";
import { newTranscript, type Transcript } from "../model/transcript.ts";
import { EVENT } from "../model/transcript-contract.ts";
import { phase } from "../runner/phases.ts";
import { createSessionHttp } from "./session-http.ts";
import type { SimulatedDevice } from "./simulated-device.ts";
import type { TurnTaker } from "./turns.ts";

export interface SessionBounds {
  caPem: string;
  timeoutMs: number;
  bodyLimitBytes: number;
  maxPackages: number;
}

export interface SessionStart {
  /** Where Pkg#1 goes. */
  url: string;
  flags: Pkg1Flags;
  /** How the session came about, for the report: "notification", "parallel A", "DEFAULT"… */
  label: string;
  turns?: TurnTaker;
  /** Recorded into this transcript (e.g. one already holding the Pkg#0 that woke the device). */
  transcript?: Transcript;
}

export interface RecordedSession {
  label: string;
  deviceId: string;
  url: string;
  flags: Pkg1Flags;
  transcript: Transcript;
  result: SessionResult;
}

/** One DM session against the server, timed as a span of the phase profile (DM20_PHASES). */
export function runDeviceSession(
  device: SimulatedDevice,
  bounds: SessionBounds,
  start: SessionStart,
): Promise<RecordedSession> {
  return phase("session", start.label, deviceSession(device, bounds, start));
}

async function deviceSession(
  device: SimulatedDevice,
  bounds: SessionBounds,
  start: SessionStart,
): Promise<RecordedSession> {
  const transcript = start.transcript ?? newTranscript("client");
  const note = (kind: string, detail: string) => transcript.events.push({ at: Date.now(), kind, detail });
  const http = createSessionHttp({
    caPem: bounds.caPem,
    timeoutMs: bounds.timeoutMs,
    bodyLimitBytes: bounds.bodyLimitBytes,
    transcript,
    ...(start.turns ? { turns: { taker: start.turns, id: device.deviceId } } : {}),
  });
  note("session-start", `${start.label}: ${device.deviceId} -> ${start.url} ${JSON.stringify(start.flags)}`);
  let result: SessionResult;
  try {
    const engine = device.engine(http, (e) => {
      // The engine's own end-of-session note is replaced by EVENT.sessionEnd below.
      if (e.kind !== EVENT.sessionEnd) note(`device:${e.kind}`, e.detail);
    });
    result = await engine.runSession(start.url, start.flags);
  } catch (e) {
    // The engine does not throw on what a server sends; this is the harness failing.
    result = {
      outcome: "aborted",
      url: start.url,
      packages: 0,
      detail: `harness error: ${(e as Error).message}`,
    };
  } finally {
    start.turns?.leave(device.deviceId);
    await http.close();
  }
  note(
    EVENT.sessionEnd,
    `${result.outcome} after ${result.packages} package(s)${result.detail ? `: ${result.detail}` : ""}`,
  );
  transcript.endedAt = Date.now();
  return {
    label: start.label,
    deviceId: device.deviceId,
    url: start.url,
    flags: start.flags,
    transcript,
    result,
  };
}
