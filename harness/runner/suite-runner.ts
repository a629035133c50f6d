/**
 * Runs the conformance suites programmatically and turns what mocha saw into per-test outcomes
 * with per-clause verdicts.
 *
 * Suite files are ES modules, and an ES module is evaluated once per process: a second Mocha
 * instance loading the same files would find no tests. So each role's suite tree is loaded into
 * one Mocha instance per process, kept with cleanReferencesAfterRun(false), and re-run with a new
 * context, grep and reporter each time.
 */
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Mocha from "mocha";
import { type CheckResult, foldVerdicts, type Verdict } from "../model/verdict.ts";
import { clausesInTitle, type JudgedTest } from "./judge.ts";
import { type RunContext, setRunContext } from "./run-context.ts";

export const SUITES_DIR = resolve(fileURLToPath(new URL("../../suites", import.meta.url)));

export interface TestOutcome {
  title: string;
  fullTitle: string;
  file?: string;
  clauses: string[];
  state: "passed" | "failed" | "pending";
  durationMs: number;
  results: CheckResult[];
  /** Per clause named in the title: the verdict this test gives it. */
  verdicts: Record<string, Verdict>;
  error?: { message: string; stack?: string };
}

export interface RunSuitesOptions {
  role: "client" | "server";
  context: RunContext;
  /** Only tests naming at least one of these clause IDs. */
  clauses?: string[];
  /** Only tests whose full title matches this (string: substring, as mocha's --grep). */
  grep?: string | RegExp;
  /** A mocha reporter (constructor or name) and its options; default: none (silent). */
  reporter?: { reporter: string | Mocha.ReporterConstructor; options?: Record<string, unknown> };
  /** Called as each test ends, for live terminal output. */
  onTest?: (outcome: TestOutcome) => void;
  /** Bound on one test, hooks included (ms). */
  testTimeoutMs?: number;
}

async function specFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".spec.ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const loaded = new Map<string, Promise<Mocha>>();

async function loadRole(role: "client" | "server"): Promise<Mocha> {
  let mocha = loaded.get(role);
  if (!mocha) {
    mocha = (async () => {
      const m = new Mocha({ reporter: SilentReporter });
      m.cleanReferencesAfterRun(false);
      for (const f of await specFiles(join(SUITES_DIR, role))) m.addFile(f);
      await m.loadFilesAsync();
      return m;
    })();
    loaded.set(role, mocha);
  }
  return mocha;
}

/** Mocha needs some reporter; this one prints nothing (the CLI prints per clause instead). */
class SilentReporter extends Mocha.reporters.Base {}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Folds what one test produced into a verdict per clause it names. */
export function verdictsOf(
  clauses: string[],
  state: TestOutcome["state"],
  results: CheckResult[],
): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const clause of clauses) {
    const own = results.filter((r) => r.clause === clause).map((r) => r.verdict);
    if (own.length > 0) {
      // A test that died after a clean result still errs: its run is not trustworthy.
      out[clause] =
        state === "failed" && !own.includes("fail") ? foldVerdicts([...own, "error"]) : foldVerdicts(own);
    } else if (state === "failed") {
      out[clause] = "error";
    } else if (state === "pending") {
      out[clause] = "not-exercised";
    } else {
      // A passing test that judged nothing about a clause it names proves nothing about it.
      out[clause] = "error";
    }
  }
  return out;
}

function outcomeOf(test: JudgedTest, state: TestOutcome["state"], err?: Error): TestOutcome {
  const clauses = clausesInTitle(test.title);
  const results = test.dm20Results ?? [];
  const outcome: TestOutcome = {
    title: test.title,
    fullTitle: test.fullTitle(),
    clauses,
    state,
    durationMs: test.duration ?? 0,
    results,
    verdicts: verdictsOf(clauses, state, results),
  };
  if (test.file) outcome.file = test.file;
  if (err) outcome.error = { message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return outcome;
}

/** Runs one role's suites once against the IUT of `context`; resolves with every test's outcome. */
export async function runSuites(opts: RunSuitesOptions): Promise<TestOutcome[]> {
  const mocha = await loadRole(opts.role);
  const patterns: string[] = [];
  if (opts.clauses && opts.clauses.length > 0) {
    patterns.push(`\\[(${opts.clauses.map(escapeRegExp).join("|")})\\]`);
  }
  let grep: RegExp | undefined;
  if (opts.grep !== undefined) {
    const g = typeof opts.grep === "string" ? escapeRegExp(opts.grep) : opts.grep.source;
    grep = patterns.length > 0 ? new RegExp(`(?=.*${patterns[0]})(?=.*${g})`) : new RegExp(g);
  } else if (patterns.length > 0) {
    grep = new RegExp(patterns[0]!);
  }
  mocha.options.grep = grep;
  mocha.options.invert = false;
  mocha.timeout(opts.testTimeoutMs ?? Math.max(60_000, opts.context.timeoutMs * 6));
  mocha.reporter(opts.reporter?.reporter ?? SilentReporter, opts.reporter?.options ?? {});
  // Tests stay independent: a fail in one must not stop the others.
  mocha.bail(false);

  const outcomes: TestOutcome[] = [];
  setRunContext(opts.context);
  try {
    await new Promise<void>((done) => {
      const runner = mocha.run(() => done());
      const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
      const emit = (o: TestOutcome) => {
        outcomes.push(o);
        opts.onTest?.(o);
      };
      runner.on(EVENT_TEST_PASS, (t) => emit(outcomeOf(t as JudgedTest, "passed")));
      runner.on(EVENT_TEST_PENDING, (t) => emit(outcomeOf(t as JudgedTest, "pending")));
      runner.on(EVENT_TEST_FAIL, (t, err) => {
        // A failing hook is reported against the hook, not a test: blame every test it covered.
        if ((t as unknown as { type: string }).type === "hook") {
          const hook = t as unknown as Mocha.Hook;
          const parent = hook.parent;
          for (const test of parent ? allTests(parent) : []) {
            if (!outcomes.some((o) => o.fullTitle === test.fullTitle()))
              emit(outcomeOf(test as JudgedTest, "failed", err));
          }
          return;
        }
        emit(outcomeOf(t as JudgedTest, "failed", err));
      });
    });
  } finally {
    setRunContext(undefined);
  }
  return outcomes;
}

/** A test of the suites as declared, without running it: what the catalog's coverage check reads. */
export interface SuiteTestInfo {
  title: string;
  fullTitle: string;
  /** Clause IDs the title names as [ID] tags. */
  clauses: string[];
  file?: string;
  /** Declared with it.skip / xit, or without a body. */
  pending: boolean;
}

/**
 * Every test of one role's suites, walked from the loaded tree without running anything. Uses the
 * same cached Mocha instance as runSuites (a suite file is evaluated once per process).
 */
export async function listSuiteTests(role: "client" | "server"): Promise<SuiteTestInfo[]> {
  const mocha = await loadRole(role);
  return allTests(mocha.suite).map((t) => {
    const info: SuiteTestInfo = {
      title: t.title,
      fullTitle: t.fullTitle(),
      clauses: clausesInTitle(t.title),
      pending: Boolean(t.isPending()),
    };
    if (t.file) info.file = t.file;
    return info;
  });
}

function allTests(suite: Mocha.Suite): Mocha.Test[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

/** Per clause, the fold of every test's verdict for it (a clause fails if any test fails). */
export function clauseVerdicts(outcomes: TestOutcome[]): Map<string, Verdict> {
  const by = new Map<string, Verdict[]>();
  for (const o of outcomes) {
    for (const [clause, v] of Object.entries(o.verdicts)) by.set(clause, [...(by.get(clause) ?? []), v]);
  }
  return new Map([...by].map(([clause, vs]) => [clause, foldVerdicts(vs)]));
}
