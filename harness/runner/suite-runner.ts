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
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Mocha from "mocha";
import { type CheckResult, foldVerdicts, type Verdict } from "../model/verdict.ts";
import type { CheckTest } from "./check.ts";
import { clausesInTitle, type JudgedTest } from "./judge.ts";
import { phase } from "./phases.ts";
import { endRun, type RunContext, setRunContext } from "./run-context.ts";

/*
 * Compiled (npm run build: this module then runs from dist/harness/runner/), the suites are the
 * compiled dist/suites/<role>/*.spec.js of the same build, which share this module's chunks; under
 * tsx, the TypeScript sources in suites/.
 */
const COMPILED = import.meta.url.endsWith(".js");
const SPEC_SUFFIX = COMPILED ? ".spec.js" : ".spec.ts";
export const SUITES_DIR = resolve(fileURLToPath(new URL("../../suites", import.meta.url)));

/**
 * A suite file as reports show it: relative to the package, the same wherever it is installed,
 * and named by its source (suites/client/5.4-pkg1.spec.ts) whether it ran compiled or not.
 */
function suiteFile(file: string): string {
  const rel = relative(dirname(SUITES_DIR), file);
  return COMPILED ? rel.replace(/\.spec\.js$/, ".spec.ts") : rel;
}

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
  /** Aborted: no further test starts (mocha's Runner#abort; the one under way runs to its end). */
  signal?: AbortSignal;
}

async function specFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(SPEC_SUFFIX))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/*
 * On globalThis, not in module variables, for the reason run-context.ts gives: this module can be
 * evaluated twice in one process (the CLI imports each command lazily, as an ES module, while a
 * test that imported a command directly under tsx holds a CommonJS copy), and a second copy with
 * its own cache would load the suite files into a new Mocha instance and find no tests (each file
 * is evaluated once per process).
 */
const LOADED_SLOT = Symbol.for("oma-dm20-conformance.loaded-suites");
const loadedHolder = globalThis as {
  [LOADED_SLOT]?: { loaded: Map<string, Promise<Mocha>>; loading: Promise<unknown> };
};
/** Each role's loaded Mocha instance; `loading`: the load under way, if any (see loadRole). */
loadedHolder[LOADED_SLOT] ??= { loaded: new Map(), loading: Promise.resolve() };
const suiteCache = loadedHolder[LOADED_SLOT];

async function loadRole(role: "client" | "server"): Promise<Mocha> {
  const { loaded } = suiteCache;
  let mocha = loaded.get(role);
  if (!mocha) {
    // One role at a time: while a Mocha instance loads its files, the globals describe/it are
    // bound to its tree. Loaded as ES modules (the published bin), the files of two roles loading
    // at once interleave, and each role's tree gets some of the other role's tests.
    mocha = suiteCache.loading.then(() =>
      phase(
        "suites",
        `load the ${role} suites`,
        (async () => {
          const m = new Mocha({ reporter: SilentReporter, timeout: LOAD_TIMEOUT });
          m.cleanReferencesAfterRun(false);
          for (const f of await specFiles(join(SUITES_DIR, role))) m.addFile(f);
          await m.loadFilesAsync();
          sectionsAtRunEndLast(m.suite);
          return m;
        })(),
      ),
    );
    suiteCache.loading = mocha.catch(() => undefined);
    loaded.set(role, mocha);
  }
  return mocha;
}

/**
 * Mocha copies its timeout into every test and hook when the files load, which happens once per
 * process; this odd value marks the runnables that kept it, so each run can set its own bound
 * without overriding a timeout a suite chose for itself.
 */
const LOAD_TIMEOUT = 60_017;

function applyTimeout(suite: Mocha.Suite, ms: number): void {
  const hooks = suite as unknown as Record<
    "_beforeAll" | "_beforeEach" | "_afterAll" | "_afterEach",
    Mocha.Hook[]
  >;
  const runnables: Mocha.Runnable[] = [
    ...suite.tests,
    ...hooks._beforeAll,
    ...hooks._beforeEach,
    ...hooks._afterAll,
    ...hooks._afterEach,
  ];
  for (const r of runnables) {
    const current = (r as unknown as { _timeout: number })._timeout;
    if (
      current === LOAD_TIMEOUT ||
      current === ms ||
      (r as unknown as { dm20RunTimeout?: boolean }).dm20RunTimeout
    ) {
      r.timeout(ms);
      // Runnable#timeout() restarts the timer of a runnable that ran before (its `timer` field
      // outlives the run): nothing runs now, so stop it, or it fires later as "done() called
      // multiple times" and takes the whole process down.
      r.clearTimeout();
      (r as unknown as { dm20RunTimeout?: boolean }).dm20RunTimeout = true;
    }
  }
  if ((suite as unknown as { _timeout: number })._timeout === LOAD_TIMEOUT || suite.root) suite.timeout(ms);
  for (const child of suite.suites) applyTimeout(child, ms);
}

/**
 * The order mocha runs the loaded sections in: file order, except that a section holding a check
 * that judges only at the run's end (checkAtRunEnd: the "never" clauses, after the end-of-run
 * watch) runs after the others. Mocha runs one test at a time, so a test that waits for the run's
 * end holds up every test behind it: in file order the 5.3 section's wait came first and the whole
 * judging of the run came after the watch; now it is done while the watch waits (a self-test's
 * client pass ~0.15 s shorter). The sections are the ones the files declare, in their own order.
 */
export function sectionsAtRunEndLast(root: Mocha.Suite): void {
  const atRunEnd = (s: Mocha.Suite) => allTests(s).some((t) => (t as CheckTest).dm20AtRunEnd === true);
  root.suites = [...root.suites.filter((s) => !atRunEnd(s)), ...root.suites.filter(atRunEnd)];
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
  err?: Error,
): Record<string, Verdict> {
  // judge() throws a VerdictFailure for a fail it recorded: the test's other results stay valid.
  // Any other exception means the test died, and none of its clean results can be trusted.
  const died = state === "failed" && err?.name !== "VerdictFailure";
  const out: Record<string, Verdict> = {};
  for (const clause of clauses) {
    const own = results.filter((r) => r.clause === clause).map((r) => r.verdict);
    if (own.length > 0) {
      out[clause] = died && !own.includes("fail") ? foldVerdicts([...own, "error"]) : foldVerdicts(own);
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
    verdicts: verdictsOf(clauses, state, results, err),
  };
  if (test.file) outcome.file = suiteFile(test.file);
  if (err) outcome.error = { message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return outcome;
}

/**
 * The mocha grep (matched against a test's full title) that selects the tests of a run: those
 * naming one of `clauses` as an [ID] tag, and matching `grep`; undefined selects every test.
 */
export function selectionGrep(sel: Pick<RunSuitesOptions, "clauses" | "grep">): RegExp | undefined {
  const tag =
    sel.clauses && sel.clauses.length > 0 ? `\\[(${sel.clauses.map(escapeRegExp).join("|")})\\]` : undefined;
  if (sel.grep !== undefined) {
    const g = typeof sel.grep === "string" ? escapeRegExp(sel.grep) : sel.grep.source;
    return tag ? new RegExp(`(?=.*${tag})(?=.*${g})`) : new RegExp(g);
  }
  return tag ? new RegExp(tag) : undefined;
}

/** Runs one role's suites once against the IUT of `context`; resolves with every test's outcome. */
export async function runSuites(opts: RunSuitesOptions): Promise<TestOutcome[]> {
  const mocha = await loadRole(opts.role);
  const grep = selectionGrep(opts);
  mocha.options.grep = grep;
  mocha.options.invert = false;
  applyTimeout(mocha.suite, opts.testTimeoutMs ?? Math.max(60_000, opts.context.timeoutMs * 6));
  mocha.reporter(opts.reporter?.reporter ?? SilentReporter, opts.reporter?.options ?? {});
  // Tests stay independent: a fail in one must not stop the others.
  mocha.bail(false);

  const outcomes: TestOutcome[] = [];
  setRunContext(opts.context);
  try {
    startScenarios(mocha.suite, grep);
    await new Promise<void>((done) => {
      const runner = mocha.run(() => done());
      const abort = () => runner.abort();
      if (opts.signal?.aborted) abort();
      opts.signal?.addEventListener("abort", abort, { once: true });
      runner.once(Mocha.Runner.constants.EVENT_RUN_END, () =>
        opts.signal?.removeEventListener("abort", abort),
      );
      const { EVENT_TEST_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
        Mocha.Runner.constants;
      // The same Test objects serve every run of this process: drop the last run's results.
      runner.on(EVENT_TEST_BEGIN, (t) => {
        delete (t as JudgedTest).dm20Results;
      });
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
    // Listeners kept open to watch for late requests, and the like, end with the run.
    await endRun(opts.context);
    setRunContext(undefined);
  }
  return outcomes;
}

/**
 * Starts, all at once, the scenarios that the selected tests declared (check()): independent
 * sessions run in parallel, and sessions no selected test needs are never driven. Failures surface
 * in the tests that await them.
 */
function startScenarios(root: Mocha.Suite, grep: RegExp | undefined): void {
  const selected = allTests(root).filter((t) => !t.isPending() && (!grep || grep.test(t.fullTitle())));
  const uses = new Set(selected.flatMap((t) => (t as CheckTest).dm20Uses ?? []));
  for (const s of uses) s.result().catch(() => undefined);
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
  /** Set when it judges only once the run has ended (checkAtRunEnd); mocha runs its section last. */
  atRunEnd?: true;
}

/**
 * Every test of one role's suites (or those a run with `selection` would run), walked from the
 * loaded tree without running anything. Uses the same cached Mocha instance as runSuites (a suite
 * file is evaluated once per process).
 */
export async function listSuiteTests(
  role: "client" | "server",
  selection: Pick<RunSuitesOptions, "clauses" | "grep"> = {},
): Promise<SuiteTestInfo[]> {
  const mocha = await loadRole(role);
  const grep = selectionGrep(selection);
  const selected = allTests(mocha.suite).filter((t) => !grep || grep.test(t.fullTitle()));
  return selected.map((t) => {
    const info: SuiteTestInfo = {
      title: t.title,
      fullTitle: t.fullTitle(),
      clauses: clausesInTitle(t.title),
      pending: Boolean(t.isPending()),
      ...((t as CheckTest).dm20AtRunEnd ? { atRunEnd: true as const } : {}),
    };
    if (t.file) info.file = suiteFile(t.file);
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
