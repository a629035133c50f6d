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
}

export function check(title: string, uses: Startable[], fn: (this: Context) => Promise<void> | void): Test {
  const test = it(title, fn) as CheckTest;
  test.dm20Uses = uses;
  return test;
}

/**
 * Bound on a test that waits for the whole run (the "never" clauses, judgements over every
 * session): every wait inside is bounded by the run's own timeouts, so this only stops a harness bug.
 */
export function wholeRunBudgetMs(timeoutMs: number): number {
  return Math.max(600_000, timeoutMs * 60);
}
