/**
 * The end of a run: fold the outcomes into the report, write the chosen formats, point
 * reports/latest at the run, print the summary and the report paths, and give the exit code of the
 * contract (0 certified, 1 not).
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { Catalog } from "../catalog/catalog.ts";
import { buildReport } from "../report/build-report.ts";
import type { Report, ReportIut } from "../report/report-model.ts";
import { writeReports } from "../report/write-reports.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { fileFormats, type Reporter } from "./common-options.ts";
import { harnessInfo } from "./harness-info.ts";
import type { CliIo } from "./io.ts";
import { updateLatest } from "./output-dir.ts";
import { summaryTable, verdictLine } from "./terminal.ts";
import { EXIT_CERTIFIED, EXIT_NOT_CERTIFIED } from "./usage-error.ts";

export interface FinishInput {
  catalog: Catalog;
  outcomes: readonly TestOutcome[];
  iut: ReportIut;
  options: Record<string, unknown>;
  started: Date;
  strict: boolean;
  outDir: string;
  reporters: readonly Reporter[];
  cwd: string;
  io: CliIo;
  /**
   * The signal (SIGINT, SIGTERM, SIGHUP) that ended the run early, when it did: `outcomes` are then
   * what was judged until it came, and the report (never certified) says so.
   */
  interrupted?: string;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}

export async function finishRun(input: FinishInput): Promise<{ report: Report; exitCode: number }> {
  const report = buildReport({
    catalog: input.catalog,
    outcomes: input.outcomes,
    iut: input.iut,
    options: input.options,
    started: input.started,
    finished: new Date(),
    strict: input.strict,
    harness: harnessInfo(),
  });
  if (input.interrupted !== undefined) {
    // A run stopped early certifies nothing: what it judged stands, and the report says why it is partial.
    Object.assign(report, { interrupted: input.interrupted, certified: false });
    report.warnings.push(
      `the run was stopped by ${input.interrupted}: this report holds what was judged until then`,
    );
  }
  const written = await writeReports(report, input.outDir, fileFormats(input.reporters));
  const allure = join(input.outDir, "allure-results");
  if (input.reporters.includes("allure") && existsSync(allure)) written.push(allure);
  printSummary(report, written, input.io, input.cwd);
  let latest: string | undefined;
  try {
    latest = await updateLatest(input.outDir, input.cwd);
  } catch (e) {
    input.io.err.write(`warning: could not update reports/latest (${(e as Error).message})\n`);
  }
  if (latest)
    input.io.out.write(`  latest:  ${shown(latest, input.cwd)} -> ${shown(input.outDir, input.cwd)}\n`);
  return { report, exitCode: report.certified ? EXIT_CERTIFIED : EXIT_NOT_CERTIFIED };
}

export function printSummary(report: Report, written: string[], io: CliIo, cwd: string): void {
  io.out.write(`\n${summaryTable(report, io.color)}\n\n`);
  for (const w of report.warnings) io.out.write(`warning: ${w}\n`);
  const unexercised = report.clauses.filter(
    (c) =>
      c.verdict === "not-exercised" && c.tests.length > 0 && (c.level === "MUST" || c.level === "MUST NOT"),
  );
  const unselected = report.clauses.filter((c) => c.tests.length === 0).length;
  if (unselected > 0) {
    io.out.write(
      `note: ${unselected} clause${unselected === 1 ? " was" : "s were"} not selected in this run (--clause / --grep): the verdict below covers the selected ones only (\`merge\` joins the reports of shards)\n`,
    );
  }
  if (unexercised.length > 0) {
    // Certification does not count them against the IUT, but a reader must not take silence for a pass.
    io.out.write(
      `note: ${unexercised.length} MUST / MUST NOT clause${unexercised.length === 1 ? " was" : "s were"} not exercised (${unexercised.map((c) => c.id).join(", ")}); the certificate covers only what was seen\n`,
    );
  }
  io.out.write(`${verdictLine(report, io.color)}\n`);
  io.out.write("Reports:\n");
  for (const path of written) io.out.write(`  ${shown(path, cwd)}\n`);
}
