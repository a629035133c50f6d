/**
 * The end of a run (and of a merge): fold the outcomes into the report, write the chosen formats
 * and the outcome into Allure's results, point reports/latest at the run, print the summary, the
 * failure list, the outcome and the report paths, compare with a baseline, append the CI job
 * summary, and give the exit code of the contract (0 certified or a fault-free partial run, 1 not;
 * with --baseline: 1 only on a regression).
 */
import { existsSync } from "node:fs";
import { appendFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ApplicabilityFacts } from "../catalog/applicability.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { makeDirs } from "../model/make-dirs.ts";
import { writeAllureOutcome } from "../report/allure.ts";
import {
  type Baseline,
  type BaselineComparison,
  BaselineError,
  baselineFromReport,
  baselineJson,
  compareWithBaseline,
  readBaseline,
} from "../report/baseline.ts";
import { buildReport } from "../report/build-report.ts";
import { exitCodeFor } from "../report/outcome-text.ts";
import type { Report, ReportIut, ReportSelection } from "../report/report-model.ts";
import { stepSummaryMarkdown } from "../report/step-summary.ts";
import { writeReports } from "../report/write-reports.ts";
import { phase, phasesOn, phaseTable } from "../runner/phases.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { fileFormats, type Reporter } from "./common-options.ts";
import { harnessInfo } from "./harness-info.ts";
import type { CliIo } from "./io.ts";
import { shown, updateLatest } from "./output-dir.ts";
import { baselineLines, failureList, summaryTable, verdictLine } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";

/** A --baseline file, read and checked before the run starts. */
export interface LoadedBaseline {
  /** As the user gave it (for messages). */
  path: string;
  baseline: Baseline;
}

/** Where a run's (or a merge's) report goes, and what else it is measured against. */
export interface PublishOptions {
  outDir: string;
  reporters: readonly Reporter[];
  cwd: string;
  io: CliIo;
  baseline?: LoadedBaseline;
  /** --write-baseline FILE: the verdicts of this run as a baseline. */
  writeBaseline?: string;
}

export interface FinishInput extends PublishOptions {
  catalog: Catalog;
  outcomes: readonly TestOutcome[];
  iut: ReportIut;
  options: Record<string, unknown>;
  started: Date;
  strict: boolean;
  /** The run's IXIT: what it declares decides which not-applicable / untestable verdicts hold. */
  ixit: ApplicabilityFacts;
  /** What --clause / --grep selected; absent (or empty) when every test ran. */
  selection?: ReportSelection;
  /**
   * The signal (SIGINT, SIGTERM, SIGHUP) that ended the run early, when it did: `outcomes` are then
   * what was judged until it came. The report records it and is partial (never certified), and the
   * exit code is 1 (a caller exiting on the signal may use 128 + its number instead).
   */
  interrupted?: string;
}

// Lives in output-dir.ts, so `pki` can use it without loading the report writers (and allure).
export { shown };

/** Reads --baseline before anything runs; a bad file is a set-up error (exit 2) naming it. */
export async function loadBaselineOption(
  path: string | undefined,
  catalog: Pick<Catalog, "clauses">,
  cwd: string,
): Promise<LoadedBaseline | undefined> {
  if (path === undefined) return undefined;
  try {
    return {
      path,
      baseline: await readBaseline(resolve(cwd, path), new Set(catalog.clauses.map((c) => c.id))),
    };
  } catch (e) {
    if (e instanceof BaselineError) throw new UsageError(e.message);
    throw e;
  }
}

/** Builds and publishes the report; with DM20_PHASES, then prints where the run's time went. */
export async function finishRun(input: FinishInput): Promise<{ report: Report; exitCode: number }> {
  const done = await phase("report", "build and write", finish(input));
  if (phasesOn()) input.io.err.write(phaseTable());
  return done;
}

async function finish(input: FinishInput): Promise<{ report: Report; exitCode: number }> {
  const report = buildReport({
    catalog: input.catalog,
    outcomes: input.outcomes,
    iut: input.iut,
    options: input.options,
    started: input.started,
    finished: new Date(),
    strict: input.strict,
    harness: harnessInfo(),
    ixit: input.ixit,
    ...(input.selection ? { selection: input.selection } : {}),
    ...(input.interrupted !== undefined ? { interrupted: input.interrupted } : {}),
  });
  const exitCode = await publishReport(report, input);
  let latest: string | undefined;
  try {
    latest = await updateLatest(input.outDir, input.cwd);
  } catch (e) {
    input.io.err.write(`warning: could not update reports/latest (${(e as Error).message})\n`);
  }
  if (latest)
    input.io.out.write(`  latest:  ${shown(latest, input.cwd)} -> ${shown(input.outDir, input.cwd)}\n`);
  return { report, exitCode };
}

/**
 * Everything a finished report goes through, for a run and a merge alike: the files, Allure's
 * outcome, the baseline, the terminal summary and the CI job summary. Resolves with the exit code.
 */
export async function publishReport(report: Report, opts: PublishOptions): Promise<number> {
  const { io, cwd } = opts;
  const written = await writeReports(report, opts.outDir, fileFormats(opts.reporters));
  const allure = join(opts.outDir, "allure-results");
  if (opts.reporters.includes("allure") && existsSync(allure)) {
    await writeAllureOutcome(allure, report);
    written.push(allure);
  }
  if (opts.writeBaseline !== undefined) {
    const file = resolve(cwd, opts.writeBaseline);
    try {
      await makeDirs(dirname(file));
      await writeFile(file, baselineJson(baselineFromReport(report)), "utf8");
    } catch (e) {
      throw new UsageError(
        `--write-baseline ${opts.writeBaseline}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      );
    }
    written.push(file);
  }
  const cmp = opts.baseline ? compareWithBaseline(report, opts.baseline.baseline) : undefined;
  printSummary(
    report,
    written,
    io,
    cwd,
    cmp && opts.baseline ? { path: opts.baseline.path, cmp } : undefined,
  );
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const baseline = cmp && opts.baseline ? { path: opts.baseline.path, cmp } : undefined;
    try {
      await appendFile(summaryFile, stepSummaryMarkdown(report, baseline), "utf8");
    } catch (e) {
      io.err.write(`warning: could not append to GITHUB_STEP_SUMMARY (${(e as Error).message})\n`);
    }
  }
  return gateExitCode(report, cmp);
}

/** Without a baseline the outcome decides; with one, a regression does (and an interruption). */
export function gateExitCode(report: Report, cmp: BaselineComparison | undefined): number {
  if (!cmp || report.interrupted !== undefined) return exitCodeFor(report);
  return cmp.regressions.length > 0 ? 1 : 0;
}

export function printSummary(
  report: Report,
  written: string[],
  io: CliIo,
  cwd: string,
  baseline?: { path: string; cmp: BaselineComparison },
): void {
  io.out.write(`\n${summaryTable(report, io.color)}\n\n`);
  for (const w of report.warnings) io.out.write(`warning: ${w}\n`);
  const failures = failureList(report, io.color);
  if (failures) io.out.write(`${failures}\n`);
  const unselected = report.clauses.filter((c) => c.coverage === "none").length;
  if (unselected > 0) {
    io.out.write(
      `note: ${unselected} clause${unselected === 1 ? " was" : "s were"} not selected in this run (--clause / --grep): the outcome covers the selected ones only (\`merge\` joins the reports of shards)\n`,
    );
  }
  io.out.write(`${verdictLine(report, io.color)}\n`);
  if (baseline) io.out.write(`${baselineLines(baseline.path, baseline.cmp, io.color)}\n`);
  io.out.write("Reports:\n");
  for (const path of written) io.out.write(`  ${shown(path, cwd)}\n`);
}
