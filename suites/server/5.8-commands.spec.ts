/**
 * 5.8 Commands: what the server must put into the commands it sends (their syntax is 5.5's).
 */
import { checkShowQuery } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { everySession, forgetEarlierRuns, recordTheRun } from "./server-run.ts";

describe("5.8 Commands", () => {
  beforeEach(forgetEarlierRuns);
  before(recordTheRun);

  // SHOW ServerURI: "The Query string “?Close=URL” or “?Continue=URL” MUST be present."
  it("[DMS-5.8-01] every SHOW ServerURI carries ?Close=URL or ?Continue=URL", async function () {
    judge(this, ...(await everySession(checkShowQuery)));
  });
});
