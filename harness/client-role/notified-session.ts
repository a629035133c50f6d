/**
 * DMS-5.3-01 end to end: the harness opens a sink (a recording HTTP server on loopback), asks the
 * server under test for a notification to it, decodes the Pkg#0 that arrives, and — as a device
 * woken by it would — opens the session it asks for, at its URL, with its Pkg#1 flags. The Pkg#0
 * bytes (EVENT.pkg0Received) and what the trigger did (EVENT.notifyCommand) go into the same
 * transcript as the session, so one transcript tells the whole story.
 */
import { newTranscript, type Transcript } from "../model/transcript.ts";
import { EVENT } from "../model/transcript-contract.ts";
import { decodeNotification, type Notification } from "../protocol/notification.ts";
import { phase } from "../runner/phases.ts";
import { startRecordingServer } from "../transport/recording-server.ts";
import { type RecordedSession, runDeviceSession, type SessionBounds } from "./device-session.ts";
import type { NotifyTrigger } from "./notify-trigger.ts";
import type { SimulatedDevice } from "./simulated-device.ts";

export const PUSH_PATH = "/dm20-push";

export interface NotifiedSession {
  /** Holds the Pkg#0 event(s) and, when a session was opened, the session. */
  transcript: Transcript;
  notification?: Notification;
  /** The session the notification asked for; absent when no usable Pkg#0 arrived. */
  session?: RecordedSession;
}

export function runNotifiedSession(
  device: SimulatedDevice,
  bounds: SessionBounds,
  trigger: NotifyTrigger,
): Promise<NotifiedSession> {
  return phase("session", `notified, device ${device.deviceId}`, notifiedSession(device, bounds, trigger));
}

async function notifiedSession(
  device: SimulatedDevice,
  bounds: SessionBounds,
  trigger: NotifyTrigger,
): Promise<NotifiedSession> {
  const transcript = newTranscript("client");
  const note = (kind: string, detail: string) => transcript.events.push({ at: Date.now(), kind, detail });
  const pkg0 = await receiveNotification(trigger, device.deviceId, bounds.timeoutMs, transcript);
  if (!pkg0) return { transcript };

  const decoded = decodeNotification(pkg0);
  if (!decoded.ok) {
    note(EVENT.pkg0Unusable, `the device cannot act on this notification: ${decoded.error.message}`);
    return { transcript };
  }
  const n = decoded.notification;
  const session = await runDeviceSession(device, bounds, {
    url: n.url,
    flags: {
      sendDevDetail: n.sendDevDetail,
      sendSupportedMo: n.sendSupportedMOs,
      sendAllMoInstances: n.sendAllMOInstances,
    },
    label: "notification",
    transcript,
  });
  return { transcript, notification: n, session };
}

/**
 * Opens the sink, asks the server for a notification to it and waits for one Pkg#0 (bounded by
 * `timeoutMs`). What the trigger did (EVENT.notifyCommand) and the bytes that arrived
 * (EVENT.pkg0Received) go into `transcript`; resolves with those bytes, or undefined when none came.
 * The interop monitor asks a real server for its notification the same way.
 */
export async function receiveNotification(
  trigger: NotifyTrigger,
  deviceId: string,
  timeoutMs: number,
  transcript: Transcript,
): Promise<Uint8Array | undefined> {
  const note = (kind: string, detail: string, bytes?: Uint8Array) =>
    transcript.events.push({ at: Date.now(), kind, detail, ...(bytes ? { bytes } : {}) });
  // Plain HTTP on loopback: the push is the server's side channel, not a DM session.
  const sink = await startRecordingServer({ tls: null, host: "127.0.0.1" });
  try {
    const pushUrl = `${sink.url.replace(/\/$/, "")}${PUSH_PATH}`;
    const arrival = sink.nextRequest(timeoutMs);
    const triggered = trigger.trigger(pushUrl, deviceId, timeoutMs);
    const pending = await arrival;
    pending?.respond({ status: 204 });
    const outcome = pending
      ? // The command may keep running (a daemon); what it did so far is enough once Pkg#0 is in.
        await Promise.race([
          triggered,
          Promise.resolve({ summary: "still running when the notification arrived" }),
        ])
      : await triggered;
    note(
      EVENT.notifyCommand,
      `${trigger.describe()} (DM20_PUSH_URL=${pushUrl}, DM20_DEVICE_ID=${deviceId}): ${outcome.summary}`,
    );
    if (!pending) return undefined;
    const req = pending.exchange.request;
    note(
      EVENT.pkg0Received,
      `${req.method} ${req.target}, ${req.body.length} bytes, Content-Type ${headerOf(req.rawHeaders, "content-type") ?? "(none)"}`,
      req.body,
    );
    return req.body;
  } finally {
    await sink.close();
  }
}

function headerOf(raw: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}
