/**
 * A monitored pair of bundled references, in process: the reference server (its notify hook as
 * the notify command) and the reference device (its in-process adapter, woken like any device),
 * with a harness CA the device trusts. Used by the monitor and interop tests.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hookTrigger } from "../../harness/client-role/notify-trigger.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { PairSummary } from "../../harness/monitor/pair-report.ts";
import { runMonitor } from "../../harness/monitor/run-monitor.ts";
import { generateTestPki, type TestPki, writePublicCa } from "../../harness/pki/test-pki.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { type ReferenceServer, startReferenceServer } from "../../harness/reference/server/index.ts";
import type { DeviceAdapter } from "../../harness/runner/run-context.ts";

export const MONITOR_TIMEOUT_MS = 3000;
export const MONITOR_QUIET_MS = 300;

export interface HarnessCa {
  pki: TestPki;
  caFile: string;
  dir: string;
  dispose(): Promise<void>;
}

export async function harnessCa(): Promise<HarnessCa> {
  const dir = await mkdtemp(join(tmpdir(), "dm20-monitor-test-"));
  const pki = await generateTestPki({ hosts: ["127.0.0.1", "localhost"] });
  const caFile = await writePublicCa(pki, join(dir, "pki"));
  return { pki, caFile, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface PairRun {
  summary: PairSummary;
  outDir: string;
}

/** Runs one monitored pair: `device` (an adapter) against `server` (URL, CA, notify). */
export async function monitorPair(
  ca: HarnessCa,
  name: string,
  device: DeviceAdapter,
  server: { url: string; caPem: string; notify: Parameters<typeof hookTrigger>[0] | "DEFAULT" },
  bounds: { timeoutMs?: number } = {},
): Promise<PairRun> {
  const outDir = join(ca.dir, name);
  const summary = await runMonitor({
    device: { label: "device", adapter: device, ixit: { ...DEFAULT_IXIT } },
    server: {
      label: "server",
      url: server.url,
      caPem: server.caPem,
      notify: server.notify === "DEFAULT" ? "DEFAULT" : hookTrigger(server.notify),
    },
    certificate: ca.pki.valid,
    caFile: ca.caFile,
    outDir,
    timeoutMs: bounds.timeoutMs ?? MONITOR_TIMEOUT_MS,
    bodyLimitBytes: 1024 * 1024,
    maxPackages: 50,
    quietMs: MONITOR_QUIET_MS,
  });
  return { summary, outDir };
}

/** The reference pair, with fault switches on either side. */
export async function referencePair(
  ca: HarnessCa,
  name: string,
  faults: { device?: string[]; server?: string[] } = {},
): Promise<PairRun> {
  const server: ReferenceServer = await startReferenceServer({ faults: faults.server ?? [] });
  try {
    const device = createReferenceDevice({ faults: faults.device ?? [], timeoutMs: MONITOR_TIMEOUT_MS });
    return await monitorPair(ca, name, device.adapter, {
      url: server.url,
      caPem: server.caPem,
      notify: (push, id) => server.notify(push, id),
    });
  } finally {
    await server.close();
  }
}
