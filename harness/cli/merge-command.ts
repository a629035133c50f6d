/**
 * `merge REPORT.json... --out DIR`: joins shards (a run split with --clause) or several runs of the
 * same IUT into one report; a clause's worst verdict wins, and certification follows the same rule
 * as one run, so shards that together cover the catalog certify exactly as a full run would. Every
 * input is validated against report.schema.json and this harness's clause catalog first. Exit code
 * as for a run: 0 certified (or a fault-free partial merge), 1 not, 2 when the reports cannot be
 * merged (one line naming the file and the field).
 */
import { resolve } from "node:path";
import { loadCatalog } from "../catalog/catalog.ts";
import { MergeError, mergeReports } from "../report/merge.ts";
import { ReportFileError, readReport } from "../report/write-reports.ts";
import type { Reporter } from "./common-options.ts";
import { loadBaselineOption, publishReport } from "./finish-run.ts";
import type { CliIo } from "./io.ts";
import { prepareOutDir } from "./output-dir.ts";
import { UsageError } from "./usage-error.ts";

export interface MergeOptions {
  out: string;
  reporter: Reporter[];
  baseline?: string;
  writeBaseline?: string;
}

export async function mergeCommand(
  files: string[],
  opts: MergeOptions,
  io: CliIo,
  cwd = process.cwd(),
): Promise<number> {
  try {
    const outDir = await prepareOutDir(opts.out, "--out", cwd);
    const catalog = loadCatalog();
    const baseline = await loadBaselineOption(opts.baseline, catalog, cwd);
    const reports = await Promise.all(files.map((f) => readReport(resolve(cwd, f))));
    const merged = mergeReports(reports, { catalog, sources: files });
    io.out.write(
      `Merged ${reports.length} report${reports.length === 1 ? "" : "s"} (catalog ${merged.catalog.digest})\n`,
    );
    return await publishReport(merged, {
      outDir,
      reporters: opts.reporter,
      cwd,
      io,
      ...(baseline ? { baseline } : {}),
      ...(opts.writeBaseline !== undefined ? { writeBaseline: opts.writeBaseline } : {}),
    });
  } catch (e) {
    if (e instanceof MergeError || e instanceof ReportFileError) throw new UsageError(e.message);
    throw e;
  }
}
