/**
 * The sessions one monitored pair runs, all started by the real server or the real device:
 *
 * 1. the server's own notification: its notify command gets DM20_PUSH_URL (the same machinery as
 *    `run --iut server`), the Pkg#0 that arrives is decoded, its URL swapped for the monitor's, and
 *    the device is woken with it through its adapter (as `run --iut client` wakes it) — or, for a
 *    server that cannot notify (`DEFAULT`), a device-initiated request for configuration;
 * 2. when the server sent a DEFAULT command in that session, the device-initiated session it asks
 *    for (`DM20_STIMULUS=default`, InitiatedBy=Device), forwarded to the server like the first.
 *
 * The notification flags are the server's choice: the monitor judges what it gets.
 */
import { receiveNotification } from "../client-role/notified-session.ts";
import type { NotifyTrigger } from "../client-role/notify-trigger.ts";
import { newTranscript, type Transcript } from "../model/transcript.ts";
import { parseCommandFile } from "../protocol/command-file.ts";
import { toHex } from "../protocol/notification.ts";
import type { DeviceAdapter } from "../runner/run-context.ts";
import type { Monitor } from "./monitor.ts";
import type { MonitoredSession, SessionEnding } from "./monitored-session.ts";
import { originOf, rewriteNotification } from "./rewrite.ts";
import { EVENT } from "./transcript-convention.ts";

export interface ServerStimulus {
  /** The server's DM URL (where a DEFAULT-initiated first session goes). */
  url: string;
  /** The server's notify command, or DEFAULT for a server that cannot notify. */
  notify: NotifyTrigger | "DEFAULT";
  /** MOID of the device-initiated request when `notify` is DEFAULT. */
  defaultMoid?: string;
}

export interface MonitorPlan {
  monitor: Monitor;
  device: DeviceAdapter;
  /** The CA file the device trusts (DM20_CA_FILE): the harness CA that issued the monitor's certificate. */
  caFile: string;
  /** DM20_DEVICE_ID handed to the notify command (the IXIT's). */
  deviceId: string;
  server: ServerStimulus;
  timeoutMs: number;
}

export interface PlanResult {
  /** The Pkg#0 step: its server-leg transcript, and why no session followed when none did. */
  notification?: { serverLeg: Transcript; failed?: SessionEnding };
  sessions: MonitoredSession[];
}

export const DEFAULT_STIMULUS_MOID = "oma:mo:oma-mms:1.3";

export async function runMonitorPlan(plan: MonitorPlan): Promise<PlanResult> {
  const result: PlanResult = { sessions: [] };
  const first = await firstSession(plan, result);
  if (!first) return result;
  result.sessions.push(first);
  const next = defaultFollowUp(first);
  if (next) result.sessions.push(await defaultSession(plan, 2, next.url, next.moid));
  return result;
}

async function firstSession(plan: MonitorPlan, result: PlanResult): Promise<MonitoredSession | undefined> {
  const { monitor, server } = plan;
  if (server.notify === "DEFAULT")
    return defaultSession(plan, 1, server.url, server.defaultMoid ?? DEFAULT_STIMULUS_MOID);

  const serverLeg = newTranscript("client");
  result.notification = { serverLeg };
  const pkg0 = await receiveNotification(server.notify, plan.deviceId, plan.timeoutMs, serverLeg);
  const stop = (reason: string) => {
    result.notification!.failed = { reachedEnd: false, blame: "server", reason };
    return undefined;
  };
  if (!pkg0) return stop(`no notification reached DM20_PUSH_URL within ${plan.timeoutMs} ms`);
  const rewritten = rewriteNotification(pkg0, (url) => {
    const from = originOf(url);
    return from ? { from, to: monitor.origin } : undefined;
  });
  if (!rewritten)
    return stop(`the notification cannot be decoded, so no device could act on it (${toHex(pkg0)})`);
  if (!rewritten.original.url.toLowerCase().startsWith("https://"))
    return stop(`the notification names ${rewritten.original.url}: no DM session over HTTPS to forward`);
  const n = rewritten.rewritten;
  const flags = `send-devdetail=${+n.sendDevDetail} send-supported-mo=${+n.sendSupportedMOs} send-all-mo-instances=${+n.sendAllMOInstances}`;
  return monitor.runSession({
    index: 1,
    kind: "notification",
    upstreamUrl: rewritten.original.url,
    serverLeg,
    notifyConfigured: true,
    deviceEvents: [
      {
        at: Date.now(),
        kind: EVENT.notification,
        detail: `Pkg#0 for ${n.url} (the server's ${rewritten.original.url}, through the monitor): ${flags}`,
        bytes: rewritten.bytes,
      },
    ],
    ...adapterOutput(plan.device),
    wake: () =>
      plan.device.wake({
        kind: "notification",
        notification: rewritten.bytes,
        serverUrl: n.url,
        caFile: plan.caFile,
      }),
  });
}

function defaultSession(
  plan: MonitorPlan,
  index: number,
  upstreamUrl: string,
  moid: string,
): Promise<MonitoredSession> {
  return plan.monitor.runSession({
    index,
    kind: "default",
    upstreamUrl,
    serverLeg: newTranscript("client"),
    notifyConfigured: plan.server.notify !== "DEFAULT",
    stimulus: { moid, initiatedBy: "Device" },
    deviceEvents: [{ at: Date.now(), kind: EVENT.stimulus, detail: `default ${moid} InitiatedBy=Device` }],
    ...adapterOutput(plan.device),
    wake: () => plan.device.wake({ kind: "default", moid, initiatedBy: "Device", caFile: plan.caFile }),
  });
}

/**
 * The DEFAULT the server sent in a session (as the server wrote it), when the device was given it
 * through the monitor (same origin as the session) and reported it done: the next session to run.
 */
function defaultFollowUp(s: MonitoredSession): { moid: string; url: string } | undefined {
  const origin = originOf(s.upstreamUrl);
  for (const ex of s.serverLeg.exchanges) {
    if (!ex.label?.startsWith("pkg") || !ex.response || ex.response.statusCode >= 300) continue;
    for (const c of parseCommandFile(ex.response.body).commands) {
      if (c.name !== "DEFAULT" || c.params.length !== 2) continue;
      const [moid, url] = c.params as [string, string];
      if (originOf(url) === origin) return { moid, url };
    }
  }
  return undefined;
}

function adapterOutput(device: DeviceAdapter): { output?: () => string } {
  return device.output ? { output: () => device.output!() } : {};
}
