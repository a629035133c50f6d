/**
 * Runs an interop matrix: for each pair (device × server), one monitored session plan through its
 * own monitor, with the device woken by the same adapters as `run --iut client` (trigger, push,
 * manual) and the server asked for its notification as `run --iut server` asks. Independent pairs
 * run `jobs` at a time; one harness CA serves the whole event (the devices trust it once).
 */
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { commandTrigger } from "../client-role/notify-trigger.ts";
import { ManualAdapter } from "../iut/manual-adapter.ts";
import { PushAdapter } from "../iut/push-adapter.ts";
import { TriggerAdapter } from "../iut/trigger-adapter.ts";
import { loadIxit } from "../model/ixit.ts";
import type { PairSummary } from "../monitor/pair-report.ts";
import { type MonitorBounds, runMonitor } from "../monitor/run-monitor.ts";
import type { TestPki } from "../pki/test-pki.ts";
import type { DeviceAdapter } from "../runner/run-context.ts";
import type { DeviceEntry, MatrixFile, ServerEntry } from "./matrix-file.ts";
import { MatrixFileError, selectPairs } from "./matrix-file.ts";
import {
  type MatrixPair,
  type MatrixSummary,
  pairDirName,
  summarizeMatrix,
  writeMatrix,
} from "./matrix-summary.ts";

export interface MatrixRunOptions extends MonitorBounds {
  matrix: MatrixFile;
  outDir: string;
  jobs: number;
  pair?: string;
  pki: TestPki;
  /** The harness CA the devices trust (DM20_CA_FILE). */
  caFile: string;
  host?: string;
  publicHost?: string;
  /** Told as each pair ends. */
  onPair?: (p: MatrixPair) => void;
}

/** Read before any pair runs, so a missing file is a set-up error, not a failed pair. */
interface PreparedServer {
  entry: ServerEntry;
  caPem: string;
}

async function readServer(m: MatrixFile, entry: ServerEntry): Promise<PreparedServer> {
  const path = resolve(m.baseDir, entry.ca);
  try {
    return { entry, caPem: await readFile(path, "utf8") };
  } catch (e) {
    throw new MatrixFileError(
      `server "${entry.label}": CA file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
}

async function readPushCa(m: MatrixFile, d: DeviceEntry): Promise<string | undefined> {
  if (!d.pushCa) return undefined;
  const path = resolve(m.baseDir, d.pushCa);
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new MatrixFileError(
      `device "${d.label}": pushCa ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
}

function adapterFor(
  d: DeviceEntry,
  pushCa: string | undefined,
  pairDir: string,
  pair: string,
  timeoutMs: number,
): DeviceAdapter {
  if (d.trigger !== undefined) {
    // The pair's folder lets one trigger keep one device state per pair (pairs may run at once).
    return new TriggerAdapter({ command: d.trigger, extraEnv: { DM20_PAIR_DIR: pairDir, DM20_PAIR: pair } });
  }
  if (d.push !== undefined)
    return new PushAdapter({ url: d.push, ...(pushCa ? { caPem: pushCa } : {}), timeoutMs });
  return new ManualAdapter();
}

/** Runs `items` through `work`, at most `jobs` at a time, in order of the list. */
async function pool<T>(items: T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export async function runMatrix(o: MatrixRunOptions): Promise<MatrixSummary> {
  const started = new Date();
  const pairs = selectPairs(o.matrix, o.pair);
  // Set-up first: every file a pair needs, before anything runs.
  const servers = new Map<string, PreparedServer>();
  for (const s of new Set(pairs.map((p) => p.server))) servers.set(s.label, await readServer(o.matrix, s));
  const devices = new Map<string, { ixit: Awaited<ReturnType<typeof loadIxit>>; pushCa?: string }>();
  for (const d of new Set(pairs.map((p) => p.device))) {
    const ixit = await loadIxit(d.ixit === undefined ? undefined : resolve(o.matrix.baseDir, d.ixit));
    const pushCa = await readPushCa(o.matrix, d);
    devices.set(d.label, { ixit, ...(pushCa ? { pushCa } : {}) });
  }

  const results: MatrixPair[] = [];
  await pool(pairs, o.jobs, async ({ device, server }) => {
    const dir = pairDirName(device.label, server.label);
    const pairDir = resolve(o.outDir, dir);
    const d = devices.get(device.label)!;
    const s = servers.get(server.label)!;
    let summary: PairSummary;
    try {
      // The trigger may keep the device's state there (DM20_PAIR_DIR) from the first session on.
      await mkdir(pairDir, { recursive: true });
      summary = await runMonitor({
        device: {
          label: device.label,
          adapter: adapterFor(device, d.pushCa, pairDir, `${device.label}:${server.label}`, o.timeoutMs),
          ixit: d.ixit,
        },
        server: {
          label: server.label,
          url: server.url,
          caPem: s.caPem,
          notify: server.notify === "DEFAULT" ? "DEFAULT" : commandTrigger(server.notify),
          ...(server.defaultMoid ? { defaultMoid: server.defaultMoid } : {}),
        },
        certificate: o.pki.valid,
        caFile: o.caFile,
        outDir: pairDir,
        timeoutMs: o.timeoutMs,
        bodyLimitBytes: o.bodyLimitBytes,
        maxPackages: o.maxPackages,
        quietMs: o.quietMs,
        ...(o.host ? { host: o.host } : {}),
        ...(o.publicHost ? { publicHost: o.publicHost } : {}),
        options: { pair: `${device.label}:${server.label}` },
      });
    } catch (e) {
      summary = harnessFailure(device.label, server.label, e as Error);
    }
    const pair = { dir, summary };
    results.push(pair);
    o.onPair?.(pair);
  });
  // The matrix lists pairs in the file's order, whatever order they finished in.
  const order = pairs.map((p) => pairDirName(p.device.label, p.server.label));
  results.sort((a, b) => order.indexOf(a.dir) - order.indexOf(b.dir));
  const summary = summarizeMatrix(
    o.matrix.devices.map((d) => d.label),
    o.matrix.servers.map((s) => s.label),
    results,
    started,
  );
  await writeMatrix(summary, o.outDir);
  return summary;
}

/** A pair the harness itself could not run: never clean, blamed on neither side. */
function harnessFailure(device: string, server: string, e: Error): PairSummary {
  const now = new Date().toISOString();
  return {
    format: "dm20-interop-pair/1",
    device,
    server,
    completed: false,
    reachedEnd: false,
    sessions: [],
    stopped: { blame: "none", reason: `the harness could not run this pair: ${e.message}` },
    failures: { device: [], server: [] },
    verdicts: {},
    report: join("report.html"),
    started: now,
    finished: now,
  };
}
