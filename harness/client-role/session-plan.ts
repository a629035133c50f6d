/**
 * The sessions the server suites judge, run once per run:
 *
 * - three devices (different X-OMADMDeviceIDs, different Pkg#1 flags) in parallel, their DM
 *   packages interleaved round-robin, so that MsgID counters are shown to be per session;
 * - meanwhile, when a notify command (or hook) is configured, a fourth device woken by the
 *   server's own Pkg#0, running the session the notification asks for;
 * - then, when the first device learnt a DEFAULT, the device-initiated session it asks for
 *   (`?InitiatedBy=Device`).
 *
 * Every check is applied to every one of these sessions.
 */
import type { JudgedSession } from "../checks/server/index.ts";
import { NO_PKG1_FLAGS, type Pkg1Flags } from "../device/index.ts";
import type { Ixit } from "../model/ixit.ts";
import { type RecordedSession, runDeviceSession, type SessionBounds } from "./device-session.ts";
import { type NotifiedSession, runNotifiedSession } from "./notified-session.ts";
import type { NotifyTrigger } from "./notify-trigger.ts";
import { deviceIdFor, SimulatedDevice } from "./simulated-device.ts";
import { TurnTaker } from "./turns.ts";

export interface ServerRunPlan extends SessionBounds {
  url: string;
  ixit: Ixit;
  /** Absent when no notify command or hook is configured (DMS-5.3-01 is then not exercised). */
  notify?: NotifyTrigger;
  /** --strict: the checks fail the readings the draft does not describe (see ServerCheckOptions). */
  strict?: boolean;
}

export interface ServerSessions {
  parallel: RecordedSession[];
  deviceInitiated?: RecordedSession;
  notified?: NotifiedSession;
}

/** Pkg#1 flags of the parallel sessions: none, DevDetail only, everything. */
export const PARALLEL_FLAGS: Pkg1Flags[] = [
  NO_PKG1_FLAGS,
  { sendDevDetail: true, sendSupportedMo: false, sendAllMoInstances: false },
  { sendDevDetail: true, sendSupportedMo: true, sendAllMoInstances: true },
];

const NOTIFIED_DEVICE = PARALLEL_FLAGS.length;

export async function runServerSessions(plan: ServerRunPlan): Promise<ServerSessions> {
  const devices = PARALLEL_FLAGS.map(
    (_, i) =>
      new SimulatedDevice({
        ixit: plan.ixit,
        deviceId: deviceIdFor(plan.ixit, i),
        maxPackages: plan.maxPackages,
      }),
  );
  const turns = new TurnTaker(
    devices.map((d) => d.deviceId),
    plan.timeoutMs,
  );
  const parallel = Promise.all(
    devices.map((device, i) =>
      runDeviceSession(device, plan, {
        url: plan.url,
        flags: PARALLEL_FLAGS[i]!,
        label: `parallel session ${String.fromCharCode(65 + i)} (${device.deviceId})`,
        turns,
      }),
    ),
  );
  const notified = plan.notify
    ? runNotifiedSession(
        new SimulatedDevice({
          ixit: plan.ixit,
          deviceId: deviceIdFor(plan.ixit, NOTIFIED_DEVICE),
          maxPackages: plan.maxPackages,
        }),
        plan,
        plan.notify,
      )
    : undefined;
  const out: ServerSessions = { parallel: await parallel };
  if (notified) out.notified = await notified;

  const first = devices[0]!;
  const moid = Object.keys(first.state.defaults)[0];
  if (moid !== undefined) {
    const url = first.defaultSessionUrl(moid, "Device");
    if (url !== undefined) {
      out.deviceInitiated = await runDeviceSession(first, plan, {
        url,
        flags: NO_PKG1_FLAGS,
        label: `device-initiated session for ${moid} (DEFAULT)`,
      });
    }
  }
  return out;
}

/** Every session that opened a DM session, as the checks take them. */
export function judgedSessions(
  sessions: ServerSessions,
  plan: Pick<ServerRunPlan, "maxPackages" | "notify" | "strict">,
): JudgedSession[] {
  const list: RecordedSession[] = [...sessions.parallel];
  // A notification naming an http URL gets no request from a correct device: nothing to judge there
  // (DMS-5.3-01 fails that notification).
  const notified = sessions.notified?.session;
  if (notified && notified.result.outcome !== "refused-plaintext") list.push(notified);
  if (sessions.deviceInitiated) list.push(sessions.deviceInitiated);
  return list.map((s) => ({
    transcript: s.transcript,
    label: s.label,
    options: {
      maxPackages: plan.maxPackages,
      dmUrl: s.url,
      notifyConfigured: plan.notify !== undefined,
      strict: plan.strict ?? false,
    },
  }));
}
