/** What `monitor` does once its options are read: CA, adapter, one monitored pair, its report. */
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CliIo } from "../cli/io.ts";
import type { MonitorCommandOptions } from "../cli/monitor-command.ts";
import { defaultOutDir } from "../cli/output-dir.ts";
import { UsageError } from "../cli/usage-error.ts";
import { commandTrigger } from "../client-role/notify-trigger.ts";
import { ManualAdapter } from "../iut/manual-adapter.ts";
import { PushAdapter } from "../iut/push-adapter.ts";
import { TriggerAdapter } from "../iut/trigger-adapter.ts";
import { IxitError, loadIxit } from "../model/ixit.ts";
import { generateTestPki, readSavedCa, writePublicCa } from "../pki/test-pki.ts";
import { DEFAULT_BODY_LIMIT } from "../runner/run-context.ts";
import { runMonitor } from "./run-monitor.ts";

async function readPem(cwd: string, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), "utf8");
  } catch (e) {
    throw new UsageError(`${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}

export async function runMonitorCommand(o: MonitorCommandOptions, io: CliIo, cwd: string): Promise<number> {
  const outDir = resolve(cwd, o.out ?? defaultOutDir(cwd, "monitor", new Date()));
  let ixit: Awaited<ReturnType<typeof loadIxit>>;
  try {
    ixit = await loadIxit(o.ixit ? resolve(cwd, o.ixit) : undefined);
  } catch (e) {
    if (e instanceof IxitError) throw new UsageError(e.message);
    throw e;
  }
  const upstreamCa = await readPem(cwd, o.upstreamCa, "--upstream-ca");
  const pushCa = o.pushCa ? await readPem(cwd, o.pushCa, "--push-ca") : undefined;
  const hosts = [...new Set([o.host, ...(o.publicHost ? [o.publicHost] : []), "localhost"])];
  const saved = o.pki ? await readSavedCa(resolve(cwd, o.pki)) : undefined;
  const pki = await generateTestPki({ hosts, ...(saved ? { ca: saved } : {}) });
  const caFile = await writePublicCa(pki, join(outDir, "pki"));
  await mkdir(outDir, { recursive: true });
  const adapter = o.trigger
    ? new TriggerAdapter({ command: o.trigger, extraEnv: { DM20_PAIR_DIR: outDir } })
    : o.push
      ? new PushAdapter({ url: o.push, ...(pushCa ? { caPem: pushCa } : {}), timeoutMs: o.timeout })
      : new ManualAdapter();
  io.out.write(`monitor: ${o.upstream} ⇄ device (${adapter.describe()}); the device trusts ${caFile}\n`);
  let summary: Awaited<ReturnType<typeof runMonitor>>;
  try {
    summary = await runMonitor({
      device: { label: "device", adapter, ixit },
      server: {
        label: "server",
        url: o.upstream,
        caPem: upstreamCa,
        notify: o.notifyCmd ? commandTrigger(o.notifyCmd) : "DEFAULT",
        ...(o.defaultMoid ? { defaultMoid: o.defaultMoid } : {}),
      },
      certificate: pki.valid,
      caFile,
      host: o.host,
      ...(o.port ? { port: o.port } : {}),
      ...(o.publicHost ? { publicHost: o.publicHost } : {}),
      outDir,
      timeoutMs: o.timeout,
      quietMs: o.quietPeriod,
      maxPackages: o.maxPackages,
      bodyLimitBytes: DEFAULT_BODY_LIMIT,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE" || /cannot listen/.test(err.message)) throw new UsageError(err.message);
    throw e;
  }
  for (const s of summary.sessions)
    io.out.write(
      `  session ${s.index} (${s.kind}): ${s.reason}${s.blame !== "none" ? ` [${s.blame}]` : ""}\n`,
    );
  if (summary.stopped) io.out.write(`  ${summary.stopped.reason} [${summary.stopped.blame}]\n`);
  for (const side of ["device", "server"] as const)
    for (const f of summary.failures[side])
      io.out.write(`  FAIL ${side.padEnd(6)} ${f.clause}  ${f.message.split("\n")[0]}\n`);
  io.out.write(`Reports:\n  ${join(outDir, "report.html")}\n  ${join(outDir, "report.json")}\n`);
  const clean =
    summary.completed && summary.failures.device.length === 0 && summary.failures.server.length === 0;
  return clean ? 0 : 1;
}
