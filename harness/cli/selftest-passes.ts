/**
 * The passes of `selftest`, each on its own: the client suites against the reference device
 * without SIM or 3GPP connection (DMC-5.8.1-02 only), against the device in each reading profile,
 * and the server suites against the reference server. A pass is described by plain data
 * (SelftestPassSpec), so it runs the same in the command's own thread or in a worker thread of
 * its own (selftest-worker.ts), where it has its own suites, run context and listeners.
 */
import { join } from "node:path";
import { NOTIFY_HOOK_KEY, type NotifyHook } from "../client-role/notify-trigger.ts";
import { DEFAULT_IXIT, type Ixit } from "../model/ixit.ts";
import type { TestPki } from "../pki/test-pki.ts";
import {
  createReferenceDevice,
  READING_PROFILES,
  type ReadingProfileName,
} from "../reference/device/index.ts";
import { REFERENCE_SERVER_HOSTS, startReferenceServer } from "../reference/server/index.ts";
import { DEFAULT_BODY_LIMIT, type RunContext } from "../runner/run-context.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { GIVEN_PKI_KEY } from "../server-role/pki.ts";
import { QUIET_MS_KEY } from "../server-role/quiet.ts";
import { type PassHooks, runRolePass } from "./role-pass.ts";

export const TBD_CLAUSE = "DMC-5.8.1-02";
const NO_SIM_IXIT: Partial<Ixit> = { mcc: null, mnc: null, cmcc: null, cmnc: null };

export type SelftestPassName = "no-sim" | ReadingProfileName | "server";

/**
 * The hosts of the one test PKI a self-test makes for all its passes: every pass runs on loopback,
 * where the client role's resource origin is "localhost" and the reference server listens on
 * 127.0.0.1 (REFERENCE_SERVER_HOSTS). One PKI instead of one per pass: ~0.1 s of key generation
 * and certificate encoding each, on the critical path of every pass.
 */
export const SELFTEST_PKI_HOSTS = REFERENCE_SERVER_HOSTS;

/** Everything a pass needs, as data a worker thread can be given. */
export interface SelftestPassSpec {
  name: SelftestPassName;
  /** The run's output folder; a pass other than the first of its role writes below it. */
  outDir: string;
  timeoutMs: number;
  quietMs: number;
  strict: boolean;
  maxPackages: number;
  /** The pass's selection: clause IDs ([] = every test of its role), and --grep. */
  clauses: string[];
  grep?: string;
  /** Print the reference device's events on stderr (--debug). */
  debug: boolean;
  /** The self-test's test PKI (SELFTEST_PKI_HOSTS): the client role serves it, the reference server too. */
  pki: TestPki;
}

/** A pass of the command's own thread may start while the PKI is still being made. */
export type LocalPassSpec = Omit<SelftestPassSpec, "pki"> & { pki: TestPki | Promise<TestPki> };

/** What the terminal says before the pass's clause lines. */
export function passHeading(name: SelftestPassName): string {
  switch (name) {
    case "no-sim":
      return "client role: the reference device without SIM or 3GPP connection is the IUT";
    case "default":
      return "client role: the harness is the DM server, the reference device is the IUT";
    case "server":
      return "server role: the harness is the device, the reference server is the IUT";
    default:
      return `client role: the reference device with the ${name} reading profile is the IUT`;
  }
}

/** Appended to each test's title in the report, to tell passes of the same test apart. */
function passLabel(name: SelftestPassName): string | undefined {
  if (name === "no-sim") return "reference device without SIM or 3GPP connection";
  if (name === "default" || name === "server") return undefined;
  return `reference device, ${name} reading profile`;
}

function contextOf(
  spec: LocalPassSpec,
  role: RunContext["role"],
  sub: string,
  ixit: Partial<Ixit>,
): RunContext {
  return {
    role,
    ixit: { ...DEFAULT_IXIT, ...ixit },
    timeoutMs: spec.timeoutMs,
    outDir: sub ? join(spec.outDir, sub) : spec.outDir,
    strict: spec.strict,
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: spec.maxPackages,
    shared: new Map<string, unknown>([
      [QUIET_MS_KEY, spec.quietMs],
      [GIVEN_PKI_KEY, spec.pki],
    ]),
  };
}

/**
 * Runs one pass against a reference started for it, and stops that reference. `onContext` sees
 * the pass's run context as soon as it exists (what a signal must end).
 */
export async function runSelftestPass(
  spec: LocalPassSpec,
  hooks: PassHooks,
  onContext: (ctx: RunContext) => void = () => {},
): Promise<TestOutcome[]> {
  const selection = {
    ...(spec.clauses.length > 0 ? { clauses: spec.clauses } : {}),
    ...(spec.grep !== undefined ? { grep: spec.grep } : {}),
  };
  const label = passLabel(spec.name);
  if (spec.name === "server") {
    const server = await startReferenceServer({ notifyTimeoutMs: spec.timeoutMs, pki: await spec.pki });
    try {
      const ctx: RunContext = {
        ...contextOf(spec, "server", "", {}),
        server: { url: server.url, caPem: server.caPem },
      };
      const notify: NotifyHook = (pushUrl, deviceId) => server.notify(pushUrl, deviceId);
      ctx.shared.set(NOTIFY_HOOK_KEY, notify);
      onContext(ctx);
      return await runRolePass({ context: ctx, ...selection }, hooks);
    } finally {
      await server.close();
    }
  }
  const debug = spec.debug
    ? (e: { kind: string; detail?: string }) => process.stderr.write(`[device] ${e.kind} ${e.detail ?? ""}\n`)
    : undefined;
  const noSim = spec.name === "no-sim";
  const profile: ReadingProfileName = spec.name === "no-sim" ? "default" : spec.name;
  const device = createReferenceDevice({
    timeoutMs: spec.timeoutMs,
    ...(noSim ? { noSim: true, noCellular: true } : { readingProfile: profile }),
    ...(debug ? { onEvent: debug } : {}),
  });
  try {
    const [sub, ixit] = noSim
      ? ["no-sim-device", NO_SIM_IXIT]
      : [profile === "default" ? "" : `${profile}-readings`, READING_PROFILES[profile].ixit];
    const ctx: RunContext = {
      ...contextOf(spec, "client", sub, ixit),
      client: { device: device.adapter, host: "127.0.0.1" },
    };
    onContext(ctx);
    return await runRolePass({ context: ctx, ...selection, ...(label ? { label } : {}) }, hooks);
  } finally {
    await device.adapter.close();
  }
}
