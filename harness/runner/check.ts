/**
 * A suite case that names the scenarios (stimuli) it judges: `check(title, [scenario…], fn)` is
 * mocha's `it` plus that declaration. The runner starts the scenarios of every selected test at
 * the start of a run, so they run in parallel and a `--clause` run drives only the sessions its
 * clauses need; the test body then awaits the (memoised) results and judges them.
 */
import type { Context, Test } from "mocha";

/** Anything a run can start ahead of the test that awaits it (a scenario). */
export interface Startable {
  result(): Promise<unknown>;
}

export interface CheckTest extends Test {
  dm20Uses?: Startable[];
  /** Judges only once the run has ended (checkAtRunEnd). */
  dm20AtRunEnd?: boolean;
}

export function check(title: string, uses: Startable[], fn: (this: Context) => Promise<void> | void): Test {
  const test = it(title, fn) as CheckTest;
  test.dm20Uses = uses;
  return test;
}

/**
 * A check that can judge only once the run has ended: `runEnd` resolves then (for the "never"
 * clauses, when the end-of-run watch is over), and the check runs after it. The runner runs the
 * sections holding such checks after the others (suite-runner.ts), so every other test is judged
 * while the run's end is awaited instead of after it; no verdict depends on that order, since
 * every test awaits what it judges.
 */
export function checkAtRunEnd(
  title: string,
  uses: Startable[],
  runEnd: (this: Context) => Promise<void>,
  fn: (this: Context) => Promise<void> | void,
): Test {
  const test = check(title, uses, async function () {
    await runEnd.call(this);
    await fn.call(this);
  }) as CheckTest;
  test.dm20AtRunEnd = true;
  return test;
}

/**
 * Bound on a test that waits for the whole run (the "never" clauses, judgements over every
 * session): every wait inside is bounded by the run's own timeouts, so this only stops a harness bug.
 */
export function wholeRunBudgetMs(timeoutMs: number): number {
  return Math.max(600_000, timeoutMs * 60);
}
