/**
 * The bundled reference DM 2.0 device: the engine (harness/device/) on undici, with its factory
 * tree, a reading profile (reading-profiles.ts: which lawful reading it takes where the draft
 * allows several) and optional fault switches. In process it is a DeviceAdapter the harness wakes
 * like any device under test; main.ts runs the same device as an external process for the trigger
 * contract.
 */
import { readFile } from "node:fs/promises";
import {
  combineBehaviours,
  type DeviceEvent,
  type DeviceProfile,
  type DeviceSnapshot,
  type DeviceState,
  DmDevice,
  type DmTree,
  type ExecHandler,
  type SessionResult,
} from "../../device/index.ts";
import { DEFAULT_IXIT, type Ixit } from "../../model/ixit.ts";
import { decodeNotification } from "../../protocol/notification.ts";
import type { DeviceAdapter, DeviceStimulus } from "../../runner/run-context.ts";
import type { FaultSwitch } from "../fault-switch.ts";
import { FAULTS, faultByName, type ReferenceDeviceFault } from "./faults.ts";
import { initialTree, runTestExec, TEST_EXEC_NODE } from "./initial-tree.ts";
import { READING_PROFILES, type ReadingProfileName } from "./reading-profiles.ts";
import { type TransportFaults, UndiciHttp } from "./undici-http.ts";

/** Every fault switch of the reference device (name, clause, description). */
export const REFERENCE_DEVICE_FAULTS: FaultSwitch[] = FAULTS.map(({ name, clause, description }) => ({
  name,
  clause,
  description,
}));

/** For each fault that needs a particular device state to show (e.g. no SIM), that state. */
export const REFERENCE_DEVICE_FAULT_NEEDS: Record<string, { noSim?: boolean; noCellular?: boolean }> =
  Object.fromEntries(FAULTS.filter((f) => f.needs).map((f) => [f.name, f.needs!]));

export { READING_PROFILE_NAMES, READING_PROFILES, type ReadingProfileName } from "./reading-profiles.ts";

/**
 * The IXIT a run against the reference device with this reading profile is judged with: the
 * defaults, the profile's declarations, then `overrides` (the same ones given to the device).
 */
export function referenceDeviceIxit(profile: ReadingProfileName, overrides: Partial<Ixit> = {}): Ixit {
  return { ...DEFAULT_IXIT, ...READING_PROFILES[profile].ixit, ...overrides };
}

export interface ReferenceDeviceOptions {
  /**
   * Which lawful reading the device takes where the draft allows several (default "default"):
   * "alternative" takes the other one at every point. Judge it with referenceDeviceIxit(profile).
   */
  readingProfile?: ReadingProfileName;
  /** Names from REFERENCE_DEVICE_FAULTS; an unknown name throws. They compose with either reading profile. */
  faults?: string[];
  /** Overrides of the IXIT facts the device is built from (deviceId, imei, man, mod, mcc…, show, unsupportedStatus). */
  ixit?: Partial<Ixit>;
  /** No active SIM: [MNC] and [MCC] become TBD. */
  noSim?: boolean;
  /** No 3GPP/3GPP2 connection: [CMNC] and [CMCC] become TBD. */
  noCellular?: boolean;
  /** Bound on each network wait, in ms (default 10000). */
  timeoutMs?: number;
  /** State to start from (a snapshot of an earlier run of the device). */
  snapshot?: DeviceSnapshot;
  /** Receives what the device does (sessions, statuses, browser), for logs. */
  onEvent?: (event: DeviceEvent) => void;
  /** Keeps the device's state (e.g. in a file) after each response's commands ran, before their status. */
  persist?: (snapshot: DeviceSnapshot) => Promise<void>;
}

export interface ReferenceDevice {
  adapter: DeviceAdapter;
  /** The device's tree, shared by all its sessions (tests read it to see what a session did). */
  tree: DmTree;
  state: DeviceState;
  /** Sessions that ran to their end (or were refused), in the order they ended. */
  results: SessionResult[];
  /** Resolves once every session started so far has ended. */
  idle(): Promise<void>;
  snapshot(): DeviceSnapshot;
  /** Runs one stimulus to its end (main.ts uses this; the adapter's wake() returns earlier). */
  runStimulus(stimulus: DeviceStimulus, signal?: AbortSignal): Promise<SessionResult | undefined>;
}

function resolveFaults(names: string[]): ReferenceDeviceFault[] {
  return names.map((n) => {
    const fault = faultByName(n);
    if (!fault)
      throw new Error(
        `unknown reference device fault "${n}" (known: ${FAULTS.map((f) => f.name).join(", ")})`,
      );
    return fault;
  });
}

export function createReferenceDevice(opts: ReferenceDeviceOptions = {}): ReferenceDevice {
  const readingProfile = READING_PROFILES[opts.readingProfile ?? "default"];
  const ixit = referenceDeviceIxit(readingProfile.name, opts.ixit);
  const faults = resolveFaults(opts.faults ?? []);
  const behaviour = combineBehaviours(faults.flatMap((f) => (f.behaviour ? [f.behaviour] : [])));
  const transport: TransportFaults = Object.assign({}, ...faults.map((f) => f.transport ?? {}));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const profile: DeviceProfile = {
    deviceId: ixit.deviceId,
    imei: ixit.imei,
    mcc: opts.noSim ? null : ixit.mcc,
    mnc: opts.noSim ? null : ixit.mnc,
    cmcc: opts.noCellular ? null : ixit.cmcc,
    cmnc: opts.noCellular ? null : ixit.cmnc,
    show: ixit.show,
    unsupportedStatus: ixit.unsupportedStatus,
    userAgent: "OMA-DM20-Reference-Device/0.1",
    maxPackages: 50,
    browserMaxLoads: 10,
  };
  const tree = initialTree(ixit);
  const state: DeviceState = { defaults: {}, pendingAlerts: [] };
  const executables = new Map<string, ExecHandler>([[ixit.exec?.node ?? TEST_EXEC_NODE, runTestExec]]);
  const log = opts.onEvent ?? (() => {});
  const snapshot = (): DeviceSnapshot => ({
    tree: tree.snapshot(),
    defaults: { ...state.defaults },
    pendingAlerts: structuredClone(state.pendingAlerts),
  });
  const persist = opts.persist ? () => opts.persist!(snapshot()) : undefined;

  const running = new Set<Promise<unknown>>();
  const controllers = new Set<AbortController>();
  const results: SessionResult[] = [];

  if (opts.snapshot) {
    tree.restore(opts.snapshot.tree);
    state.defaults = { ...opts.snapshot.defaults };
    state.pendingAlerts = structuredClone(opts.snapshot.pendingAlerts);
  }

  /**
   * Everything that can fail before a session starts (reading the CA file, decoding the
   * notification) happens here, so that wake() reports it; the returned function runs the session
   * on its own engine over the shared tree and state, with its own undici Agent.
   */
  const prepare = async (stimulus: DeviceStimulus) => {
    const caPem = await readFile(stimulus.caFile, "utf8");
    let start: (d: DmDevice, signal?: AbortSignal) => Promise<SessionResult | undefined>;
    if (stimulus.kind === "notification") {
      const decoded = decodeNotification(stimulus.notification);
      if (!decoded.ok) {
        log({ kind: "notification-refused", detail: `${decoded.error.code}: ${decoded.error.message}` });
        return async () => undefined;
      }
      const n = decoded.notification;
      const flags = {
        sendDevDetail: n.sendDevDetail,
        sendSupportedMo: n.sendSupportedMOs,
        sendAllMoInstances: n.sendAllMOInstances,
      };
      start = (d, signal) => d.onNotification({ serverUrl: n.url, flags }, signal);
    } else {
      start = (d, signal) => d.requestConfiguration(stimulus.moid, stimulus.initiatedBy, signal);
    }
    return async (signal?: AbortSignal): Promise<SessionResult | undefined> => {
      const http = new UndiciHttp({
        caPem,
        timeoutMs,
        bodyLimitBytes: 1024 * 1024,
        faults: transport,
        readings: readingProfile.transport,
      });
      try {
        const result = await start(
          new DmDevice({
            tree,
            state,
            http,
            profile,
            behaviour,
            readings: readingProfile.device,
            executables,
            log,
            ...(persist ? { persist } : {}),
          }),
          signal,
        );
        if (result) results.push(result);
        return result;
      } finally {
        await http.close();
      }
    };
  };

  const runStimulus = async (stimulus: DeviceStimulus, signal?: AbortSignal) =>
    (await prepare(stimulus))(signal);

  const adapter: DeviceAdapter = {
    describe: () =>
      [
        "reference device",
        ...(readingProfile.name === "default" ? [] : [` (${readingProfile.name} reading profile)`]),
        ...(faults.length ? [` (faults: ${faults.map((f) => f.name).join(", ")})`] : []),
      ].join(""),
    async wake(stimulus) {
      const run = await prepare(stimulus);
      const controller = new AbortController();
      controllers.add(controller);
      const session = run(controller.signal)
        .catch((e: Error) => log({ kind: "session-error", detail: e.message }))
        .finally(() => {
          controllers.delete(controller);
          running.delete(session);
        });
      running.add(session);
    },
    async close() {
      for (const c of controllers) c.abort();
      await Promise.allSettled([...running]);
    },
  };

  return {
    adapter,
    tree,
    state,
    results,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    snapshot,
    runStimulus,
  };
}
