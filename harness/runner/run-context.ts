/**
 * What a suite needs to know about the run it is part of: which IUT, how to reach or wake it, the
 * IXIT, the bounds. The CLI (or a self-test) sets it before the suites run; suites read it in
 * their hooks, never at load time, so one loaded suite tree can be re-run with other contexts
 * (the fault-detection table does exactly that).
 */
import type { Ixit } from "../model/ixit.ts";

/** How the harness wakes a device for one session (contract: DM20_STIMULUS). */
export type DeviceStimulus =
  | {
      kind: "notification";
      /** The Pkg#0 bytes. */
      notification: Uint8Array;
      /** The URL inside the notification (DM20_SERVER_URL). */
      serverUrl: string;
      /** CA the device must trust (DM20_CA_FILE). */
      caFile: string;
    }
  | {
      kind: "default";
      /** The MOID the device should request configuration for (DM20_MOID). */
      moid: string;
      initiatedBy: "Device" | "User";
      caFile: string;
    };

/** One way of reaching a device under test: trigger command, push URL, manual, or in-process reference. */
export interface DeviceAdapter {
  /** One line for the report header, e.g. `trigger: ./wake.sh`. */
  describe(): string;
  /** Delivers the stimulus; resolves once delivered (not when the session ends: the harness waits on the wire). */
  wake(stimulus: DeviceStimulus): Promise<void>;
  /** What the adapter captured that may serve as evidence (the trigger's stdout/stderr), if anything. */
  output?(): string;
  /** Ends whatever the adapter started (the trigger's process group). Idempotent. */
  close(): Promise<void>;
}

export interface ClientIutTarget {
  device: DeviceAdapter;
  /** Address the harness's DM server listens on (default 127.0.0.1). */
  host: string;
  /** Host name put into URLs and certificates when the device runs elsewhere (default: host). */
  publicHost?: string;
}

export interface ServerIutTarget {
  /** The DM server URL Pkg#1 is POSTed to. */
  url: string;
  /** PEM of the CA the vendor declares for the server's certificate. */
  caPem: string;
  /** Shell command that makes the server emit a notification to DM20_PUSH_URL. */
  notifyCmd?: string;
}

export interface RunContext {
  role: "client" | "server";
  ixit: Ixit;
  /** Bound on every single wait, in ms (contract --timeout, default 10000). */
  timeoutMs: number;
  /** Run output folder: pki/, artifacts, reports. */
  outDir: string;
  /** Treat SHOULD failures as failures for certification. */
  strict: boolean;
  /** Largest body the harness buffers; more is recorded as a finding and cut. */
  bodyLimitBytes: number;
  /** Largest number of packages one session may take before the harness stops it. */
  maxPackages: number;
  client?: ClientIutTarget;
  server?: ServerIutTarget;
  /** Per-run state shared between suites of one run (the generated PKI, for instance). */
  shared: Map<string, unknown>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_PACKAGES = 50;

/*
 * Kept on globalThis, not in a module variable: mocha loads suite files with require() (Node's
 * require(esm) through tsx's CommonJS hook) while the CLI imports the runner as ESM, so this module
 * can be evaluated twice in one process, and a module variable would not be shared.
 */
const SLOT = Symbol.for("oma-dm20-conformance.run-context");
const holder = globalThis as { [SLOT]?: RunContext };

export function setRunContext(ctx: RunContext | undefined): void {
  holder[SLOT] = ctx;
}

/** The context of the run in progress; a suite run without one is a harness bug, so this throws. */
export function runContext(): RunContext {
  const ctx = holder[SLOT];
  if (!ctx) throw new Error("no run context: suites must be started through the harness runner");
  return ctx;
}

export function clientTarget(): ClientIutTarget {
  const ctx = runContext();
  if (!ctx.client) throw new Error("this run has no device under test (role client)");
  return ctx.client;
}

export function serverTarget(): ServerIutTarget {
  const ctx = runContext();
  if (!ctx.server) throw new Error("this run has no server under test (role server)");
  return ctx.server;
}

/** Memoises per-run state in ctx.shared (e.g. the PKI, generated once per run). */
export async function sharedOnce<T>(key: string, make: () => Promise<T>): Promise<T> {
  const ctx = runContext();
  const existing = ctx.shared.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const made = make();
  ctx.shared.set(key, made);
  return made;
}

const CLEANUPS_KEY = "runner.runEnd";

/**
 * Registers work to do when the run ends (listeners a session kept open to watch for late requests,
 * for instance): the runner calls every registered function once, after the last test, even when
 * the run fails or is stopped. Registered functions must not throw; they are awaited in parallel.
 */
export function onRunEnd(fn: () => Promise<void>): void {
  const shared = runContext().shared;
  let list = shared.get(CLEANUPS_KEY) as Array<() => Promise<void>> | undefined;
  if (!list) {
    list = [];
    shared.set(CLEANUPS_KEY, list);
  }
  list.push(fn);
}

/** Runs (once) and forgets everything registered with onRunEnd in `ctx`. */
export async function endRun(ctx: RunContext): Promise<void> {
  const list = (ctx.shared.get(CLEANUPS_KEY) as Array<() => Promise<void>> | undefined) ?? [];
  ctx.shared.delete(CLEANUPS_KEY);
  await Promise.allSettled(list.map((fn) => fn()));
}
