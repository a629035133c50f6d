/**
 * What `interop` does once its options are read: the event's harness CA, the matrix (or the merge
 * of shards), a line per pair as it ends, the grid's paths, and the exit code.
 */
import { join, resolve } from "node:path";
import type { InteropOptions } from "../cli/interop-command.ts";
import type { CliIo } from "../cli/io.ts";
import { defaultOutDir } from "../cli/output-dir.ts";
import { generateTestPki, readSavedCa, writePublicCa } from "../pki/test-pki.ts";
import { DEFAULT_BODY_LIMIT } from "../runner/run-context.ts";
import { loadMatrix } from "./matrix-file.ts";
import {
  blamed,
  type MatrixPair,
  type MatrixSummary,
  matrixExitCode,
  pairIsClean,
} from "./matrix-summary.ts";
import { mergeMatrices } from "./merge-matrix.ts";
import { runMatrix } from "./run-matrix.ts";

function pairLine(p: MatrixPair): string {
  const s = p.summary;
  const state = pairIsClean(s) ? "CLEAN" : `blame: ${blamed(s).join("+") || "-"}`;
  const fails = [...s.failures.device, ...s.failures.server].map((f) => f.clause).join(", ");
  return `  ${`${s.device} × ${s.server}`.padEnd(40)} ${s.reachedEnd ? "END   " : "no END"}  ${state}${fails ? `  (${fails})` : ""}\n`;
}

export async function runInterop(opts: InteropOptions, io: CliIo, cwd: string): Promise<number> {
  const outDir = resolve(cwd, opts.out ?? defaultOutDir(cwd, "interop", new Date()));
  let summary: MatrixSummary;
  if (opts.merge) {
    summary = await mergeMatrices(
      opts.merge.map((d) => resolve(cwd, d)),
      outDir,
    );
    io.out.write(`Merged ${opts.merge.length} matrix folder(s):\n`);
    for (const p of summary.pairs) io.out.write(pairLine(p));
  } else {
    const matrix = await loadMatrix(resolve(cwd, opts.matrix!));
    const hosts = [...new Set([opts.host, ...(opts.publicHost ? [opts.publicHost] : []), "localhost"])];
    const ca = opts.pki ? await readSavedCa(resolve(cwd, opts.pki)) : undefined;
    const pki = await generateTestPki({ hosts, ...(ca ? { ca } : {}) });
    const caFile = await writePublicCa(pki, join(outDir, "pki"));
    io.out.write(
      `interop: ${matrix.devices.length} device(s) × ${matrix.servers.length} server(s), --jobs ${opts.jobs}; devices trust ${caFile}\n`,
    );
    summary = await runMatrix({
      matrix,
      outDir,
      jobs: opts.jobs,
      ...(opts.pair ? { pair: opts.pair } : {}),
      pki,
      caFile,
      host: opts.host,
      ...(opts.publicHost ? { publicHost: opts.publicHost } : {}),
      timeoutMs: opts.timeout,
      quietMs: opts.quietPeriod,
      maxPackages: opts.maxPackages,
      bodyLimitBytes: DEFAULT_BODY_LIMIT,
      onPair: (p) => io.out.write(pairLine(p)),
    });
  }
  io.out.write(`${summary.clean} of ${summary.total} pair(s) clean\n`);
  for (const f of ["matrix.json", "matrix.html", "junit.xml"]) io.out.write(`  ${join(outDir, f)}\n`);
  return matrixExitCode(summary);
}
