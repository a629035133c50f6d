/** Run contexts for the client suites against in-process devices (the reference device, hostile ones). */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IXIT, type Ixit } from "../../harness/model/ixit.ts";
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_MAX_PACKAGES,
  type DeviceAdapter,
  type RunContext,
} from "../../harness/runner/run-context.ts";
import { QUIET_MS_KEY } from "../../harness/server-role/index.ts";

/** Every DMC clause of the SCR outline. */
export const CLIENT_CLAUSES = [
  "DMC-5.3-01",
  "DMC-5.3-02",
  "DMC-5.3-03",
  "DMC-5.4-01",
  "DMC-5.4-02",
  "DMC-5.4-03",
  "DMC-5.4-04",
  "DMC-5.4-05",
  "DMC-5.4-06",
  "DMC-5.4-07",
  "DMC-5.5-01",
  "DMC-5.5-02",
  "DMC-5.6-01",
  "DMC-5.6-02",
  "DMC-5.6-03",
  "DMC-5.6-04",
  "DMC-5.6-05",
  "DMC-5.6-06",
  "DMC-5.8-01",
  "DMC-5.8-02",
  "DMC-5.8-03",
  "DMC-5.8-04",
  "DMC-5.8-05",
  "DMC-5.8-06",
  "DMC-5.8-07",
  "DMC-5.8-08",
  "DMC-5.8-09",
  "DMC-5.8-10",
  "DMC-5.8-11",
  "DMC-5.8-12",
  "DMC-5.8-13",
  "DMC-5.8-14",
  "DMC-5.8-15",
  "DMC-5.8.1-01",
  "DMC-5.8.1-02",
];

/**
 * The run's output folder (the device's CA is written there): one per test process, so that test
 * processes running at the same time never hand each other's CA to their devices. Removed on exit.
 */
const OUT_DIR = join(tmpdir(), `dm20-selftest-client-${process.pid}`);
process.once("exit", () => rmSync(OUT_DIR, { recursive: true, force: true }));

/** Small bounds: the reference device answers on loopback in milliseconds. */
export const SELFTEST_TIMEOUT_MS = 5000;
export const SELFTEST_QUIET_MS = 300;

export function clientContext(
  device: DeviceAdapter,
  opts: { ixit?: Partial<Ixit>; timeoutMs?: number; quietMs?: number; outDir?: string } = {},
): RunContext {
  const shared = new Map<string, unknown>([[QUIET_MS_KEY, opts.quietMs ?? SELFTEST_QUIET_MS]]);
  return {
    role: "client",
    ixit: { ...DEFAULT_IXIT, ...opts.ixit },
    timeoutMs: opts.timeoutMs ?? SELFTEST_TIMEOUT_MS,
    outDir: opts.outDir ?? OUT_DIR,
    strict: false,
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: DEFAULT_MAX_PACKAGES,
    client: { device, host: "127.0.0.1" },
    shared,
  };
}

/** The IXIT a no-SIM, no-3GPP device declares. */
export const NO_SIM_IXIT: Partial<Ixit> = { mcc: null, mnc: null, cmcc: null, cmnc: null };
