/** The harness as DM server: session scripts that drive a device under test and record the wire. */

export { DeviceLiveness, deviceLiveness } from "./device-liveness.ts";
export {
  DeviceSession,
  type Pkg0Flags,
  type SessionOptions,
  type StartOptions,
  type Step,
  step,
} from "./device-session.ts";
export {
  CERT_CASE_NAMES,
  type CertCase,
  INVALID_CERT_CASES,
  PKI_KEY,
  type RunPki,
  runPki,
  tlsFor,
} from "./pki.ts";
export { DEFAULT_QUIET_MS, QUIET_MS_KEY, quietPeriodMs } from "./quiet.ts";
export { resourceHost, resourceOrigin } from "./resource-origin.ts";
export { EMPTY_OK, RESOURCE_PREFIX, type Reply, type ResourceHandler } from "./resources.ts";
export { REPLAY_KEY, RunWatch, runWatch } from "./run-watch.ts";
export {
  type RecordedScenario,
  recordedIn,
  recordedScenarios,
  replayContext,
  Scenario,
  ScenarioRun,
  scenario,
} from "./scenario.ts";
export { MAX_SESSIONS_KEY, SessionSlots, sessionSlots } from "./session-slots.ts";
