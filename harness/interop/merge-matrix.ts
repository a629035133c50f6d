/**
 * `interop --merge DIR…`: joins matrix folders run on different machines (CI shards, each with
 * `--pair`, or a part of the devices) into one matrix. Each pair folder is copied as it is; a pair
 * run in several shards is folded with the project's report merge (the worst verdict of each clause
 * wins), and counts as completed only if it completed everywhere.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PairSummary } from "../monitor/pair-report.ts";
import { PAIR_FILE } from "../monitor/pair-report.ts";
import { mergeReports } from "../report/merge.ts";
import { readReport, writeReports } from "../report/write-reports.ts";
import {
  MATRIX_FILE,
  type MatrixPair,
  type MatrixSummary,
  summarizeMatrix,
  writeMatrix,
} from "./matrix-summary.ts";

export class MatrixMergeError extends Error {
  override name = "MatrixMergeError";
}

async function readMatrix(dir: string): Promise<MatrixSummary> {
  const path = join(dir, MATRIX_FILE);
  let m: MatrixSummary;
  try {
    m = JSON.parse(await readFile(path, "utf8")) as MatrixSummary;
  } catch (e) {
    throw new MatrixMergeError(`${path}: not a readable matrix.json (${(e as Error).message})`);
  }
  if (m?.format !== "dm20-interop-matrix/1" || !Array.isArray(m.pairs))
    throw new MatrixMergeError(`${path}: not an interop matrix.json (no "format": "dm20-interop-matrix/1")`);
  return m;
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

export async function mergeMatrices(dirs: string[], outDir: string): Promise<MatrixSummary> {
  if (dirs.length === 0) throw new MatrixMergeError("nothing to merge: name matrix folders");
  const matrices = await Promise.all(dirs.map(async (dir) => ({ dir, m: await readMatrix(dir) })));
  const byPair = new Map<string, Array<{ dir: string; pair: MatrixPair }>>();
  for (const { dir, m } of matrices)
    for (const pair of m.pairs) byPair.set(pair.dir, [...(byPair.get(pair.dir) ?? []), { dir, pair }]);

  const pairs: MatrixPair[] = [];
  for (const [pairDir, runs] of byPair) {
    const target = join(outDir, pairDir);
    for (const run of runs) await cp(join(run.dir, pairDir), target, { recursive: true, force: true });
    pairs.push({
      dir: pairDir,
      summary: runs.length === 1 ? runs[0]!.pair.summary : await fold(runs, target),
    });
  }
  const starts = matrices.map(({ m }) => m.started).sort();
  const summary = summarizeMatrix(
    union(matrices.map(({ m }) => m.devices)),
    union(matrices.map(({ m }) => m.servers)),
    pairs,
    new Date(starts[0]!),
  );
  await writeMatrix(summary, outDir);
  return summary;
}

/** A pair run more than once: the reports merged, the failures read from the merged report. */
async function fold(runs: Array<{ dir: string; pair: MatrixPair }>, target: string): Promise<PairSummary> {
  const reports = await Promise.all(runs.map((r) => readReport(join(r.dir, r.pair.dir, "report.json"))));
  const merged = mergeReports(reports);
  await writeReports(merged, target);
  const summaries = runs.map((r) => r.pair.summary);
  const failures: PairSummary["failures"] = { device: [], server: [] };
  for (const c of merged.clauses) {
    if (c.verdict !== "fail" && c.verdict !== "error") continue;
    const message = c.tests.find((t) => t.verdict === c.verdict)?.message ?? "";
    failures[c.role === "client" ? "device" : "server"].push({ clause: c.id, verdict: c.verdict, message });
  }
  const summary: PairSummary = {
    ...summaries[0]!,
    completed: summaries.every((s) => s.completed),
    reachedEnd: summaries.every((s) => s.reachedEnd),
    sessions: summaries.flatMap((s) => s.sessions),
    failures,
    verdicts: Object.fromEntries(merged.clauses.map((c) => [c.id, c.verdict])),
    started: merged.started,
    finished: merged.finished,
  };
  await writeFile(join(target, PAIR_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
