/**
 * The harness as device: when the IUT is a DM server, the harness plays correct devices against
 * it (the device engine on the recording client) and records every session for the DMS checks.
 */
export {
  type RecordedSession,
  runDeviceSession,
  type SessionBounds,
  type SessionStart,
} from "./device-session.ts";
export { type NotifiedSession, PUSH_PATH, runNotifiedSession } from "./notified-session.ts";
export {
  commandTrigger,
  hookTrigger,
  NOTIFY_HOOK_KEY,
  type NotifyHook,
  type NotifyTrigger,
} from "./notify-trigger.ts";
export {
  describeAnswer,
  PROBES,
  type ProbeDefinition,
  type ProbeObservation,
  runProbe,
  TEN_MIB,
} from "./probes.ts";
export {
  judgedSessions,
  PARALLEL_FLAGS,
  runServerSessions,
  type ServerRunPlan,
  type ServerSessions,
} from "./session-plan.ts";
export { deviceIdFor, HARNESS_USER_AGENT, SimulatedDevice } from "./simulated-device.ts";
export { TurnTaker } from "./turns.ts";
