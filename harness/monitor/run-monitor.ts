/**
 * One monitored pair from start to report: the monitor's listener with a certificate from the
 * harness CA, the session plan (the server's notification, the device woken through its adapter,
 * the DEFAULT follow-up), the judgement of both sides, the pair's report folder. Whatever happens,
 * the listener and the adapter's processes are ended before this returns.
 */
import type { Ixit } from "../model/ixit.ts";
import type { CertAndKey } from "../pki/test-pki.ts";
import type { DeviceAdapter } from "../runner/run-context.ts";
import { judgeMonitored } from "./judge-monitored.ts";
import { startMonitor } from "./monitor.ts";
import { type PairSummary, writePairReport } from "./pair-report.ts";
import { runMonitorPlan, type ServerStimulus } from "./session-plan.ts";

export interface MonitorBounds {
  timeoutMs: number;
  bodyLimitBytes: number;
  maxPackages: number;
  quietMs: number;
}

export interface RunMonitorOptions extends MonitorBounds {
  device: { label: string; adapter: DeviceAdapter; ixit: Ixit };
  server: { label: string; caPem: string } & ServerStimulus;
  /** The monitor's certificate (from the harness CA) and the CA file the device trusts. */
  certificate: CertAndKey;
  caFile: string;
  host?: string;
  port?: number;
  publicHost?: string;
  outDir: string;
  /** Recorded in report.json as the run's options. */
  options?: Record<string, unknown>;
}

export async function runMonitor(o: RunMonitorOptions): Promise<PairSummary> {
  const started = new Date();
  const monitor = await startMonitor({
    tls: { cert: o.certificate.chainPem, key: o.certificate.keyPem },
    upstreamCaPem: o.server.caPem,
    timeoutMs: o.timeoutMs,
    bodyLimitBytes: o.bodyLimitBytes,
    maxPackages: o.maxPackages,
    quietMs: o.quietMs,
    ...(o.host ? { host: o.host } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.publicHost ? { publicHost: o.publicHost } : {}),
  });
  let plan: Awaited<ReturnType<typeof runMonitorPlan>>;
  try {
    plan = await runMonitorPlan({
      monitor,
      device: o.device.adapter,
      caFile: o.caFile,
      deviceId: o.device.ixit.deviceId,
      server: o.server,
      timeoutMs: o.timeoutMs,
    });
  } finally {
    await o.device.adapter.close();
    await monitor.close();
  }
  const judgement = judgeMonitored(plan, { ixit: o.device.ixit, maxPackages: o.maxPackages });
  const { summary } = await writePairReport({
    outDir: o.outDir,
    device: o.device.label,
    server: o.server.label,
    deviceId: o.device.ixit.deviceId,
    target: `${o.device.label} (${o.device.adapter.describe()}) ⇄ monitor ${monitor.origin} ⇄ ${o.server.label} (${o.server.url})`,
    options: {
      ...o.options,
      timeoutMs: o.timeoutMs,
      quietMs: o.quietMs,
      maxPackages: o.maxPackages,
    },
    plan,
    judgement,
    started,
  });
  return summary;
}
