/**
 * Records the conformant sessions the operators start from, once per process: a full run of the
 * client suites against the in-process reference device (and the 5.8.1 slice against the same
 * device with no SIM and no 3GPP connection, the only state in which DMC-5.8.1-02 binds), and one
 * notified session of the simulated device against the reference server. Recordings are kept as
 * JSON text so that every operator gets a fresh copy (transcript-json.ts keeps the body bytes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hookTrigger, runNotifiedSession, SimulatedDevice } from "../client-role/index.ts";
import { DEFAULT_IXIT, type Ixit } from "../model/ixit.ts";
import type { Transcript } from "../model/transcript.ts";
import { createReferenceDevice } from "../reference/device/index.ts";
import { startReferenceServer } from "../reference/server/index.ts";
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_MAX_PACKAGES,
  type DeviceAdapter,
  type RunContext,
} from "../runner/run-context.ts";
import { runSuites } from "../runner/suite-runner.ts";
import { QUIET_MS_KEY, type RecordedScenario, recordedIn } from "../server-role/index.ts";
import { transcriptFromJson, transcriptToJson } from "../transport/transcript-json.ts";
import type { DeviceRecordingName } from "./operator.ts";

/** The shared-state key of the client suites' run tag (suites/client/support.ts): a replay must see the recorded one. */
const RUN_TAG_KEY = "client-suites.tag";

/** The IXIT of a device with no active SIM and no 3GPP/3GPP2 connection. */
export const NO_SIM_IXIT: Partial<Ixit> = { mcc: null, mnc: null, cmcc: null, cmnc: null };

/** A recorded run of the client suites: what replaying it needs, and a fresh copy per call. */
export interface DeviceRecording {
  name: DeviceRecordingName;
  ixit: Ixit;
  /** The run tag the suites built their commands with. */
  tag: string;
  /** The clauses the recording was made for (undefined: every clause). */
  clauses?: string[];
  fresh(): RecordedScenario[];
}

export interface ServerRecording {
  fresh(): Transcript;
}

export interface Recordings {
  devices: Record<DeviceRecordingName, DeviceRecording>;
  server: ServerRecording;
}

/** Generous bounds: a recording cut short by a loaded machine would lose a read-back. */
const RECORD_TIMEOUT_MS = 20_000;
const RECORD_QUIET_MS = 300;

export function deviceRunContext(device: DeviceAdapter, ixit: Ixit, outDir: string): RunContext {
  return {
    role: "client",
    ixit,
    timeoutMs: RECORD_TIMEOUT_MS,
    outDir,
    strict: false,
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: DEFAULT_MAX_PACKAGES,
    client: { device, host: "127.0.0.1" },
    shared: new Map<string, unknown>([[QUIET_MS_KEY, RECORD_QUIET_MS]]),
  };
}

function freshScenarios(json: string): () => RecordedScenario[] {
  return () =>
    (JSON.parse(json) as Array<{ name: string; sessions: unknown[] }>).map((r) => ({
      name: r.name,
      sessions: r.sessions.map((s) => transcriptFromJson(s as Parameters<typeof transcriptFromJson>[0])),
    }));
}

async function recordDevice(
  name: DeviceRecordingName,
  opts: { noSim?: boolean; clauses?: string[] },
): Promise<DeviceRecording> {
  const ixit: Ixit = { ...DEFAULT_IXIT, ...(opts.noSim ? NO_SIM_IXIT : {}) };
  const device = createReferenceDevice(opts.noSim ? { noSim: true, noCellular: true } : {});
  const outDir = mkdtempSync(join(tmpdir(), "dm20-mutation-"));
  const context = deviceRunContext(device.adapter, ixit, outDir);
  try {
    await runSuites({ role: "client", context, ...(opts.clauses ? { clauses: opts.clauses } : {}) });
    const scenarios = await recordedIn(context);
    const json = JSON.stringify(
      scenarios.map((r) => ({ name: r.name, sessions: r.sessions.map(transcriptToJson) })),
    );
    return {
      name,
      ixit,
      tag: String(context.shared.get(RUN_TAG_KEY) ?? ""),
      ...(opts.clauses ? { clauses: opts.clauses } : {}),
      fresh: freshScenarios(json),
    };
  } finally {
    await device.adapter.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function recordServer(): Promise<ServerRecording> {
  const server = await startReferenceServer();
  try {
    const device = new SimulatedDevice({ ixit: DEFAULT_IXIT, maxPackages: DEFAULT_MAX_PACKAGES });
    const run = await runNotifiedSession(
      device,
      {
        caPem: server.caPem,
        timeoutMs: RECORD_TIMEOUT_MS,
        bodyLimitBytes: DEFAULT_BODY_LIMIT,
        maxPackages: DEFAULT_MAX_PACKAGES,
      },
      hookTrigger((push, id) => server.notify(push, id)),
    );
    const json = JSON.stringify(transcriptToJson(run.transcript));
    return { fresh: () => transcriptFromJson(JSON.parse(json)) };
  } finally {
    await server.close();
  }
}

/** Records every conformant session the operators need (the device runs one after the other: one writable node). */
export async function recordConformantRuns(): Promise<Recordings> {
  const server = await recordServer();
  const full = await recordDevice("default", {});
  const noSim = await recordDevice("no-sim", {
    noSim: true,
    clauses: ["DMC-5.8.1-01", "DMC-5.8.1-02"],
  });
  return { devices: { default: full, "no-sim": noSim }, server };
}
