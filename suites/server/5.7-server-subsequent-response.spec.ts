/**
 * 5.7 Pkg#2..n, the server's response: the session goes on until END, and END comes alone after
 * the last status report.
 */
import { checkServerSessions } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { forgetEarlierRuns, hookBudgetMs, type RecordedRun, recordedRun } from "./server-run.ts";

describe("5.7 Pkg#2..n, the server's response", () => {
  let run: RecordedRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await recordedRun();
  });

  it("[DMS-5.7-01] every status package is answered until a response carries END, within the package bound", function () {
    judge(this, ...checkServerSessions(["DMS-5.7-01"], run.judged));
  });

  it("[DMS-5.7-02] END is the only command of the response that follows the last status report", function () {
    judge(this, ...checkServerSessions(["DMS-5.7-02"], run.judged));
  });
});
