/**
 * Root hooks of the client suites (this file holds no test). They keep re-runs of one loaded suite
 * tree independent, as the fault-detection table needs (harness/runner/suite-runner.ts loads the
 * tree once per process and re-runs it):
 *
 * - judge() appends to the results kept on the mocha Test object, which outlives a run: without a
 *   reset, a test re-run in a later run would fold in the verdicts of the earlier run (a FAIL from
 *   a faulty device would stick to the next device).
 * - The runner sets the timeout before each run; Suite#timeout() pushes it down to every test, and a
 *   test that ran before still holds its (cleared) timer handle, so Runnable#timeout() re-arms it:
 *   later the stale timer fires "done() called multiple times" and crashes the process.
 *
 * Both belong in the runner (reported); until it resets them, these hooks do, and stay harmless after.
 */
import type { JudgedTest } from "../../harness/runner/judge.ts";

beforeEach(function () {
  const test = this.currentTest as JudgedTest | undefined;
  if (test) test.dm20Results = undefined;
});

afterEach(function () {
  const test = this.currentTest as (Mocha.Test & { timer?: unknown }) | undefined;
  if (test) test.timer = undefined;
});
