/**
 * The device the harness plays when the IUT is a DM server: the device engine (harness/device/),
 * a correct DM client, with the reference device's factory tree carrying the IXIT's DevInfo. One
 * SimulatedDevice is one device ID; its tree and state live across its sessions (a DEFAULT it
 * learnt in one session is used by the next), and each session gets its own network.
 */
import {
  type DeviceEvent,
  type DeviceHttp,
  type DeviceProfile,
  type DeviceState,
  DmDevice,
  type DmTree,
  type ExecHandler,
  type InitiatedBy,
} from "../device/index.ts";
import type { Ixit } from "../model/ixit.ts";
import { initialTree, runTestExec } from "../reference/device/initial-tree.ts";

export const HARNESS_USER_AGENT = "oma-dm20-conformance (harness as device)";
/** Page loads one SHOW may take before the harness gives up on the browser session. */
export const BROWSER_MAX_LOADS = 8;

export interface SimulatedDeviceOptions {
  ixit: Ixit;
  /** X-OMADMDeviceID; default the IXIT's. */
  deviceId?: string;
  maxPackages: number;
}

/** A device ID for the n-th extra device: the IXIT's IMEI with its last digits changed. */
export function deviceIdFor(ixit: Ixit, n: number): string {
  if (n === 0) return ixit.deviceId;
  // An IMEI stays one (14 or 15 digits, as the IXIT and the wire check accept), whatever the case of its type.
  const m = /^(IMEI:)([0-9]{14,15})$/i.exec(ixit.deviceId);
  if (m) {
    const imei = m[2]!;
    const tail = (Number(imei.slice(-3)) + n * 111) % 1000;
    return `${m[1]}${imei.slice(0, -3)}${String(tail).padStart(3, "0")}`;
  }
  return `${ixit.deviceId}-${n}`;
}

export class SimulatedDevice {
  readonly deviceId: string;
  readonly tree: DmTree;
  readonly state: DeviceState = { defaults: {}, pendingAlerts: [] };
  readonly profile: DeviceProfile;
  private readonly executables: ReadonlyMap<string, ExecHandler>;

  constructor(opts: SimulatedDeviceOptions) {
    const ixit = opts.ixit;
    this.deviceId = opts.deviceId ?? ixit.deviceId;
    this.tree = initialTree({ ...ixit, deviceId: this.deviceId });
    // Every MO the IXIT says the device supports exists in the tree, even if the factory tree lacks it.
    for (const moid of ixit.supportedMOs) this.tree.addMo(moid, "");
    this.executables = new Map(ixit.exec ? [[ixit.exec.node, runTestExec]] : []);
    this.profile = {
      deviceId: this.deviceId,
      imei: ixit.imei,
      mcc: ixit.mcc,
      mnc: ixit.mnc,
      cmcc: ixit.cmcc,
      cmnc: ixit.cmnc,
      show: ixit.show,
      unsupportedStatus: ixit.unsupportedStatus,
      userAgent: HARNESS_USER_AGENT,
      maxPackages: opts.maxPackages,
      browserMaxLoads: BROWSER_MAX_LOADS,
    };
  }

  /** The URL a device-initiated session for `moid` opens (from a DEFAULT it learnt), or undefined. */
  defaultSessionUrl(moid: string, initiatedBy: InitiatedBy): string | undefined {
    const offline: DeviceHttp = {
      request: async () => ({ error: { code: "OFFLINE", message: "not for requests" } }),
    };
    return this.engine(offline, () => {}).defaultSessionUrl(moid, initiatedBy);
  }

  /** The engine bound to one session's network and log. */
  engine(http: DeviceHttp, log: (e: DeviceEvent) => void): DmDevice {
    return new DmDevice({
      tree: this.tree,
      state: this.state,
      http,
      profile: this.profile,
      executables: this.executables,
      log,
    });
  }
}
