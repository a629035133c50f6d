/**
 * `merge REPORT.json... --out DIR`: joins shards (a run split with --clause) or several runs of the
 * same IUT into one report; a clause's worst verdict wins, reports judged against another clause
 * catalog are refused. Exit code as for a run: 0 certified, 1 not, 2 when the reports cannot be
 * merged.
 */
import { resolve } from "node:path";
import { MergeError, mergeReports } from "../report/merge.ts";
import { ReportFileError, readReport, writeReports } from "../report/write-reports.ts";
import { fileFormats, type Reporter } from "./common-options.ts";
import { printSummary } from "./finish-run.ts";
import type { CliIo } from "./io.ts";
import { prepareOutDir } from "./output-dir.ts";
import { UsageError } from "./usage-error.ts";

export interface MergeOptions {
  out: string;
  reporter: Reporter[];
}

export async function mergeCommand(
  files: string[],
  opts: MergeOptions,
  io: CliIo,
  cwd = process.cwd(),
): Promise<number> {
  try {
    const outDir = await prepareOutDir(opts.out, "--out", cwd);
    const reports = await Promise.all(files.map((f) => readReport(resolve(cwd, f))));
    const merged = mergeReports(reports);
    const written = await writeReports(merged, outDir, fileFormats(opts.reporter));
    io.out.write(
      `Merged ${reports.length} report${reports.length === 1 ? "" : "s"} (catalog ${merged.catalog.digest})\n`,
    );
    printSummary(merged, written, io, cwd);
    return merged.certified ? 0 : 1;
  } catch (e) {
    if (e instanceof MergeError || e instanceof ReportFileError) throw new UsageError(e.message);
    throw e;
  }
}
