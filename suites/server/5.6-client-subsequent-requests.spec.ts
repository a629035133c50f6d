/**
 * 5.6 Pkg#2..n: the server accepts both package kinds and answers each with a command file.
 */
import { checkServerSessions } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { forgetEarlierRuns, hookBudgetMs, type RecordedRun, recordedRun } from "./server-run.ts";

describe("5.6 Pkg#2..n, the client's subsequent requests", () => {
  let run: RecordedRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await recordedRun();
  });

  it("[DMS-5.6-01] accepts Pkg#1 (application/tnds20) and status packages (application/dm20status), answering each with a command file", function () {
    judge(this, ...checkServerSessions(["DMS-5.6-01"], run.judged));
  });
});
