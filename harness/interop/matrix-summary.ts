/**
 * matrix.json: the outcome of every pair of an interop event, built from each pair's pair.json,
 * and the exit code of the contract: 0 when every pair completed (every session reached END) with
 * no failure on either side, 1 otherwise.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PairSummary, Side } from "../monitor/pair-report.ts";
import { matrixHtml } from "./matrix-html.ts";
import { matrixJunit } from "./matrix-junit.ts";

export const MATRIX_FILE = "matrix.json";
export const PAIRS_DIR = "pairs";

export interface MatrixPair {
  /** The pair's folder, relative to the matrix folder. */
  dir: string;
  summary: PairSummary;
}

export interface MatrixSummary {
  format: "dm20-interop-matrix/1";
  devices: string[];
  servers: string[];
  pairs: MatrixPair[];
  /** Pairs that completed with no failure on either side / all pairs. */
  clean: number;
  total: number;
  started: string;
  finished: string;
}

export function pairDirName(device: string, server: string): string {
  return `${PAIRS_DIR}/${device}__${server}`;
}

/** The sides a pair's outcome is down to: those with a failing clause, or that stopped a session. */
export function blamed(p: PairSummary): Side[] {
  const sides = new Set<Side>();
  if (p.failures.device.length > 0) sides.add("device");
  if (p.failures.server.length > 0) sides.add("server");
  for (const s of p.sessions) if (!s.reachedEnd && s.blame !== "none") sides.add(s.blame);
  if (p.stopped && p.stopped.blame !== "none") sides.add(p.stopped.blame);
  return [...sides];
}

export function pairIsClean(p: PairSummary): boolean {
  return p.completed && p.failures.device.length === 0 && p.failures.server.length === 0;
}

export function summarizeMatrix(
  devices: string[],
  servers: string[],
  pairs: MatrixPair[],
  started: Date,
): MatrixSummary {
  return {
    format: "dm20-interop-matrix/1",
    devices,
    servers,
    pairs,
    clean: pairs.filter((p) => pairIsClean(p.summary)).length,
    total: pairs.length,
    started: started.toISOString(),
    finished: new Date().toISOString(),
  };
}

/** Writes matrix.json, matrix.html and junit.xml into `outDir`; returns their paths. */
export async function writeMatrix(summary: MatrixSummary, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: Array<[string, string]> = [
    [MATRIX_FILE, `${JSON.stringify(summary, null, 2)}\n`],
    ["matrix.html", matrixHtml(summary)],
    ["junit.xml", matrixJunit(summary)],
  ];
  for (const [name, text] of files) await writeFile(join(outDir, name), text, "utf8");
  return files.map(([name]) => join(outDir, name));
}

export function matrixExitCode(summary: MatrixSummary): 0 | 1 {
  return summary.total > 0 && summary.clean === summary.total ? 0 : 1;
}
