/**
 * 5.5 The server's response: headers, the command file's layout, MsgID, and every command line —
 * judged on every response of every session.
 */
import { checkServerSessions } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { forgetEarlierRuns, hookBudgetMs, type RecordedRun, recordedRun } from "./server-run.ts";

describe("5.5 Pkg#1, the server's response (and every response after it)", () => {
  let run: RecordedRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await recordedRun();
  });

  it("[DMS-5.5-01] every response carries Content-Type: application/dm20", function () {
    judge(this, ...checkServerSessions(["DMS-5.5-01"], run.judged));
  });

  it("[DMS-5.5-02] response lines are separated by CRLF and the first line is MsgID n", function () {
    judge(this, ...checkServerSessions(["DMS-5.5-02"], run.judged));
  });

  it("[DMS-5.5-03] MsgID grows by exactly one with each response of a session, per session in parallel sessions", function () {
    judge(this, ...checkServerSessions(["DMS-5.5-03"], run.judged));
  });

  it("[DMS-5.5-04] every other line is Command [Param…] with the parameter counts and kinds of 5.8", function () {
    judge(this, ...checkServerSessions(["DMS-5.5-04"], run.judged));
  });
});
