/**
 * What the engine needs to know about the device it plays, beyond its tree: identity, the values
 * of the URL parameters, optional features, and bounds.
 */
import type { DmTree } from "./dm-tree.ts";
import type { GenericAlert } from "./pkg1.ts";

export interface DeviceProfile {
  /** X-OMADMDeviceID, e.g. "IMEI:004401074860001". */
  deviceId: string;
  /** [IMEI]. */
  imei: string;
  /** [MCC] / [MNC]; null when the device has no active SIM (then TBD). */
  mcc: string | null;
  mnc: string | null;
  /** [CMCC] / [CMNC]; null when there is no 3GPP/3GPP2 connection (then TBD). */
  cmcc: string | null;
  cmnc: string | null;
  /** Whether SHOW is supported (else it gets unsupportedStatus). */
  show: boolean;
  /** "Optional Feature Not Supported" (the draft's "xxx"; OMA DM 1.x uses 406). */
  unsupportedStatus: number;
  /** User-Agent on every request. */
  userAgent: string;
  /** Bound on the packages of one session (Pkg#1 included): a server that never sends END is left. */
  maxPackages: number;
  /** Bound on the page loads of one SHOW. */
  browserMaxLoads: number;
}

/** State kept across sessions, beside the tree. */
export interface DeviceState {
  /** DEFAULT MOID ServerURL, remembered by MOID. */
  defaults: Record<string, string>;
  /** Generic Alerts that could not be delivered yet; they go into the next Pkg#1. */
  pendingAlerts: GenericAlert[];
}

/**
 * What EXEC does on one node. Returns the Generic Alert that reports the outcome, and the alert
 * server when the MO names one (then the EXEC's ServerURI is not used).
 */
export type ExecHandler = (tree: DmTree, clientUri: string) => { alert: GenericAlert; alertServer?: string };

export const STATUS = {
  ok: 200,
  notExecuted: 215,
  badRequest: 400,
  notFound: 404,
  notAllowed: 405,
  failed: 500,
} as const;

export function isFailure(code: number): boolean {
  return code < 200 || code >= 300;
}
