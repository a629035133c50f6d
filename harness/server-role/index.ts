/** The harness as DM server: session scripts that drive a device under test and record the wire. */
export { DeviceSession, type Pkg0Flags, type SessionOptions, type StartOptions } from "./device-session.ts";
export { type ControlSession, controlSession } from "./liveness.ts";
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
export { RESOURCE_PREFIX, type Reply, type ResourceHandler } from "./resources.ts";
export { MAX_SESSIONS_KEY, SessionSlots, sessionSlots } from "./session-slots.ts";
