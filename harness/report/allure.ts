/**
 * Allure for the CLI: the mocha reporter spec that writes allure-results/ with clause labels and
 * evidence attachments, clearing that folder first (allure-mocha never empties it, and stale
 * results would show up as retries), and generating the Allure HTML report offline with the
 * `allure` 3 package — then removing the Google Tag Manager script Allure writes into index.html,
 * because a certification report must not call out to anyone.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { Stage, Status, type TestResult } from "allure-js-commons";
import { parseEnvInfo } from "allure-js-commons/sdk/reporter";
import type Mocha from "mocha";
import { type ClauseFacts, clauseAllureReporter } from "./allure-clause-reporter.ts";
import { AsyncAllureWriter, allureWritesDone } from "./allure-writer.ts";
import { outcomeSentence, outcomeWord } from "./outcome-text.ts";
import type { CatalogLike, Outcome, Report } from "./report-model.ts";

/** What runSuites({ reporter }) takes. */
export interface ReporterSpec {
  reporter: Mocha.ReporterConstructor;
  options: Record<string, unknown>;
}

export interface AllureReporterOptions {
  /** Catalog facts for the role/level/section labels (without it, tests get the clause ID only). */
  catalog?: CatalogLike;
  /**
   * More reporters in the same run, in allure-mocha's `extraReporters` form: "spec",
   * ["xunit", { output: "x.xml" }], or a reporter constructor. (Only honoured when mocha runs
   * in-process, which runSuites does.)
   */
  extraReporters?: unknown;
  /** Shown on Allure's environment widget, e.g. { iut: "...", harness: "..." }. */
  environment?: Record<string, string>;
}

export function allureReporterFor(resultsDir: string, opts: AllureReporterOptions = {}): ReporterSpec {
  const facts = new Map<string, ClauseFacts>((opts.catalog?.clauses ?? []).map((c) => [c.id, c]));
  const options: Record<string, unknown> = {
    resultsDir: resolve(resultsDir),
    // allure-mocha lets reporter options replace its writer: this one writes off the event loop,
    // without an fsync per file (allure-writer.ts).
    writer: new AsyncAllureWriter(resolve(resultsDir)),
  };
  if (opts.extraReporters !== undefined) options.extraReporters = opts.extraReporters;
  if (opts.environment) options.environmentInfo = opts.environment;
  return { reporter: clauseAllureReporter(facts), options };
}

/** Empties (or creates) the results folder: call it before every run that writes into it. */
export async function clearAllureResults(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/**
 * Allure's status for the run as a whole. Allure's success rate counts passed against failed and
 * broken only (@allurereport/core-api includedInSuccessRate), so a partial run (never a
 * certification, never a failure) is skipped.
 */
const OUTCOME_STATUS: Record<Outcome, Status> = {
  certified: Status.PASSED,
  "not-certified": Status.FAILED,
  incomplete: Status.BROKEN,
  partial: Status.SKIPPED,
};

export const OUTCOME_RESULT_NAME = "Certification outcome";

/**
 * Puts the run's certification outcome where an Allure reader sees it first, once the report is
 * known (the mocha reporter wrote the tests before it was): in the environment widget, and as one
 * top-level result whose status is the outcome and whose message says why.
 */
export async function writeAllureOutcome(resultsDir: string, report: Report): Promise<void> {
  const dir = resolve(resultsDir);
  // What the reporter queued (environment.properties among it) lands before it is read back.
  await allureWritesDone();
  const writer = new AsyncAllureWriter(dir);
  const envFile = join(dir, "environment.properties");
  const env = parseEnvInfo(await readFile(envFile, "utf8").catch(() => ""));
  const outcome: Record<string, string> = { certification: outcomeWord(report), outcome: report.outcome };
  if (report.blocking.length > 0) outcome.blocking = report.blocking.join(", ");
  if (report.incomplete.length > 0) outcome["no evidence"] = report.incomplete.join(", ");
  // The outcome first (the widget lists keys in order), then what the run wrote.
  writer.writeEnvironmentInfo({ ...outcome, ...env, ...outcome });
  const at = Date.parse(report.finished);
  const result: TestResult = {
    uuid: randomUUID(),
    historyId: "dm20-conformance-certification-outcome",
    name: `${OUTCOME_RESULT_NAME}: ${outcomeWord(report)}`,
    fullName: `${report.harness.name}: ${OUTCOME_RESULT_NAME}`,
    status: OUTCOME_STATUS[report.outcome],
    statusDetails: { message: outcomeSentence(report) },
    stage: Stage.FINISHED,
    steps: [],
    attachments: [],
    parameters: [{ name: "outcome", value: report.outcome }],
    labels: [
      { name: "epic", value: "OMA DM 2.0 draft conformance" },
      { name: "feature", value: "certification" },
      { name: "suite", value: "certification" },
      { name: "severity", value: "blocker" },
    ],
    links: [],
    start: Date.parse(report.started),
    stop: at,
  };
  writer.writeResult(result);
  await allureWritesDone();
}

/** The `allure` 3 command-line entry, resolved from this package's dependencies. */
export function allureCliPath(): string {
  const require = createRequire(import.meta.url);
  // "allure" exports only dist/index.js; the CLI sits beside dist/.
  return join(dirname(require.resolve("allure")), "..", "cli.js");
}

export class AllureGenerateError extends Error {
  override name = "AllureGenerateError";
}

const GENERATE_TIMEOUT_MS = 120_000;

/**
 * Allure reads CI variables (GITHUB_*, GITLAB_*, ...) and writes job URLs into the report; the
 * child gets only what Node needs, so the report depends on the results alone.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LANG", "LC_ALL", "SystemRoot", "USERPROFILE"];
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1", ALLURE_NO_ANALYTICS: "true" };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

/**
 * The allure CLI in a child process: its generate command calls process.exit() on any error, which
 * in-process would end the harness mid-report.
 */
function runAllure(args: string[], cwd: string): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [allureCliPath(), ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: cleanEnv(),
      timeout: GENERATE_TIMEOUT_MS,
    });
    let output = "";
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", failed);
    child.on("close", (code, signal) => {
      if (code === 0) done();
      else
        failed(
          new AllureGenerateError(
            `allure generate ended with ${signal ?? `exit ${code}`}: ${output.trim().slice(-2000)}`,
          ),
        );
    });
  });
}

/**
 * Removes what makes Allure's page call a third party: any script loaded from an http(s) URL (the
 * Google Tag Manager loader), the inline gtag bootstrap that follows it, and preconnect/prefetch
 * hints. Targeted patterns: the app itself is an inline data: script that must stay intact.
 */
export function stripExternalCalls(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^>]*>\s*<\/script>/gi, "")
    .replace(/<script>\s*window\.dataLayer\s*=[\s\S]*?<\/script>/g, "")
    .replace(/<link\b[^>]*\bhref\s*=\s*["']?https?:\/\/[^>]*>/gi, "");
}

/**
 * http(s) URLs in a text, except XML namespace names (xmlns, SVG's w3.org URIs), which are
 * identifiers a browser never fetches.
 */
export function externalReferences(text: string): string[] {
  const inert = /^https?:\/\/(www\.)?w3\.org\//i;
  return [...text.matchAll(/https?:\/\/[^\s"'`<>)\\]+/gi)].map((m) => m[0]).filter((url) => !inert.test(url));
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && extname(e.name) === ".html")
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Builds the Allure HTML report from resultsDir into outDir (replacing it), offline, as one
 * self-contained index.html (Allure's single-file mode, so it opens from file:// as a CI
 * artifact), and strips the tag manager. Refuses to leave a page that still names another host.
 * Resolves with the path of index.html.
 */
export async function generateAllureReport(
  resultsDir: string,
  outDir: string,
  opts: { name?: string } = {},
): Promise<string> {
  const results = resolve(resultsDir);
  const out = resolve(outDir);
  const present = await readdir(results).catch(() => [] as string[]);
  if (!present.some((f) => f.endsWith("-result.json"))) {
    throw new AllureGenerateError(
      `no Allure results in ${results} (run the harness with Allure enabled first)`,
    );
  }
  await rm(out, { recursive: true, force: true });
  const name = opts.name ?? "OMA DM 2.0 conformance";
  // Our own config, so that an allurerc of the surrounding project cannot add plugins or options.
  const configDir = await mkdtemp(join(tmpdir(), "dm20-allure-"));
  try {
    const config = join(configDir, "allurerc.json");
    const awesome = { options: { singleFile: true, reportName: name, reportLanguage: "en" } };
    await writeFile(config, JSON.stringify({ name, output: out, plugins: { awesome } }), "utf8");
    await runAllure(["generate", results, "--config", config, "--output", out], configDir);
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
  for (const file of await htmlFiles(out)) {
    const html = await readFile(file, "utf8");
    const cleaned = stripExternalCalls(html);
    const left = externalReferences(cleaned);
    if (left.length > 0) {
      await rm(out, { recursive: true, force: true });
      throw new AllureGenerateError(
        `${file} still references another host after stripping (${[...new Set(left)].join(", ")}); ` +
          "refusing to leave a report that calls out",
      );
    }
    if (cleaned !== html) await writeFile(file, cleaned, "utf8");
  }
  return join(out, "index.html");
}
