/**
 * A DM 2.0 device: its tree, its state across sessions, and the ways a session starts — a
 * server's notification (5.3) or a device/user-initiated request for configuration of one MO
 * through the URL a DEFAULT command left (5.8). Several sessions may run at once; they share the
 * tree, and each has its own executor context.
 */
import type { DeviceBehaviour } from "./behaviour.ts";
import { DmTree, type DmTreeSnapshot } from "./dm-tree.ts";
import type { DeviceEvent, ExecutorContext } from "./executor.ts";
import { urlParamValues } from "./executor.ts";
import type { DeviceHttp } from "./http-io.ts";
import { NO_PKG1_FLAGS, type Pkg1Flags } from "./pkg1.ts";
import type { DeviceProfile, DeviceState, ExecHandler } from "./profile.ts";
import { DEFAULT_READINGS, type DeviceReadings } from "./readings.ts";
import { runSession, type SessionResult } from "./session.ts";
import { substituteParams } from "./url-params.ts";

/** The tree and the device state as JSON, to carry a device across processes (one run, many sessions). */
export interface DeviceSnapshot {
  tree: DmTreeSnapshot;
  defaults: Record<string, string>;
  pendingAlerts: DeviceState["pendingAlerts"];
}

/** What a notification tells the device: where to connect and what to put in Pkg#1. */
export interface NotificationOrder {
  serverUrl: string;
  flags: Pkg1Flags;
}

export interface DmDeviceOptions {
  tree: DmTree;
  http: DeviceHttp;
  profile: DeviceProfile;
  behaviour?: DeviceBehaviour;
  /** Which lawful reading to take where the draft allows several (default: DEFAULT_READINGS). */
  readings?: DeviceReadings;
  executables?: ReadonlyMap<string, ExecHandler>;
  state?: DeviceState;
  log?: (event: DeviceEvent) => void;
  /** See ExecutorContext.persist: called after each response's commands ran, before their status. */
  persist?: () => Promise<void>;
}

export type InitiatedBy = "Device" | "User";

export class DmDevice {
  readonly tree: DmTree;
  readonly state: DeviceState;
  readonly profile: DeviceProfile;
  private readonly http: DeviceHttp;
  private readonly behaviour: DeviceBehaviour;
  private readonly readings: DeviceReadings;
  private readonly executables: ReadonlyMap<string, ExecHandler>;
  private readonly log: (event: DeviceEvent) => void;
  private readonly persist: (() => Promise<void>) | undefined;

  constructor(opts: DmDeviceOptions) {
    this.tree = opts.tree;
    this.http = opts.http;
    this.profile = opts.profile;
    this.behaviour = opts.behaviour ?? {};
    this.readings = opts.readings ?? DEFAULT_READINGS;
    this.executables = opts.executables ?? new Map();
    this.state = opts.state ?? { defaults: {}, pendingAlerts: [] };
    this.log = opts.log ?? (() => {});
    this.persist = opts.persist;
  }

  /** Runs the session a notification asks for. */
  onNotification(order: NotificationOrder, signal?: AbortSignal): Promise<SessionResult> {
    this.log({ kind: "notification", detail: `${order.serverUrl} ${JSON.stringify(order.flags)}` });
    return this.runSession(order.serverUrl, order.flags, signal);
  }

  /**
   * The device (or its user) wants configuration for `moid`: opens a session to the URL the
   * DEFAULT command left for it, with `?InitiatedBy=Device|User`. Resolves to undefined when no
   * DEFAULT is known for that MOID (nothing to connect to).
   */
  async requestConfiguration(
    moid: string,
    initiatedBy: InitiatedBy,
    signal?: AbortSignal,
  ): Promise<SessionResult | undefined> {
    const url = this.defaultSessionUrl(moid, initiatedBy);
    if (url === undefined) {
      this.log({ kind: "default", detail: `no DEFAULT session for ${moid}` });
      return undefined;
    }
    this.log({ kind: "default", detail: `${moid} -> ${url}` });
    return this.runSession(url, NO_PKG1_FLAGS, signal);
  }

  /** The URL requestConfiguration would open, or undefined. */
  defaultSessionUrl(moid: string, initiatedBy: InitiatedBy): string | undefined {
    const remembered = this.state.defaults[moid];
    if (remembered === undefined) return undefined;
    const base = substituteParams(
      remembered,
      urlParamValues(this.tree, this.profile, this.behaviour),
      this.readings.urlParams,
    );
    const hash = base.indexOf("#");
    const [head, fragment] = hash < 0 ? [base, ""] : [base.slice(0, hash), base.slice(hash)];
    // InitiatedBy is appended last, beside the URL's own query and (under the other reading) the MOID asked for.
    const params = [
      ...(this.readings.defaultQuery === "moid-and-initiated-by" ? [`MOID=${encodeURIComponent(moid)}`] : []),
      `InitiatedBy=${initiatedBy}`,
    ];
    const url = `${head}${head.includes("?") ? "&" : "?"}${params.join("&")}${fragment}`;
    return this.behaviour.defaultSessionUrl ? this.behaviour.defaultSessionUrl(url) : url;
  }

  runSession(url: string, flags: Pkg1Flags, signal?: AbortSignal): Promise<SessionResult> {
    const ctx: ExecutorContext = {
      tree: this.tree,
      http: this.http,
      profile: this.profile,
      state: this.state,
      behaviour: this.behaviour,
      readings: this.readings,
      executables: this.executables,
      log: this.log,
      background: [],
      afterStatus: [],
      ...(signal ? { signal } : {}),
      ...(this.persist ? { persist: this.persist } : {}),
    };
    this.log({ kind: "session-start", detail: url });
    return runSession(ctx, { url, flags });
  }

  snapshot(): DeviceSnapshot {
    return {
      tree: this.tree.snapshot(),
      defaults: { ...this.state.defaults },
      pendingAlerts: structuredClone(this.state.pendingAlerts),
    };
  }

  restore(snapshot: DeviceSnapshot): void {
    this.tree.restore(snapshot.tree);
    this.state.defaults = { ...snapshot.defaults };
    this.state.pendingAlerts = structuredClone(snapshot.pendingAlerts);
  }

  static fromSnapshot(snapshot: DeviceSnapshot, opts: Omit<DmDeviceOptions, "tree" | "state">): DmDevice {
    const device = new DmDevice({ ...opts, tree: new DmTree() });
    device.restore(snapshot);
    return device;
  }
}
