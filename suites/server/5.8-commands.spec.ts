/**
 * 5.8 Commands: what the server must put into the commands it sends (their syntax is 5.5's).
 */
import { checkServerSessions } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { forgetEarlierRuns, hookBudgetMs, type RecordedRun, recordedRun } from "./server-run.ts";

describe("5.8 Commands", () => {
  let run: RecordedRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await recordedRun();
  });

  it("[DMS-5.8-01] every SHOW ServerURI carries ?Close=URL or ?Continue=URL", function () {
    judge(this, ...checkServerSessions(["DMS-5.8-01"], run.judged));
  });
});
