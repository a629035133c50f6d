/**
 * 5.7 Pkg#2..n, the server's response: the session goes on until END, and END comes alone after
 * the last status report when the server needs the statuses.
 */
import { checkEndAlone, checkSessionEnds } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { everySession, forgetEarlierRuns, recordTheRun } from "./server-run.ts";

describe("5.7 Pkg#2..n, the server's response", () => {
  beforeEach(forgetEarlierRuns);
  before(recordTheRun);

  // "The Session continues until the “END” command is included in the response."
  it("[DMS-5.7-01] every status package is answered until a response carries END, within the package bound", async function () {
    judge(this, ...(await everySession(checkSessionEnds)));
  });

  // "If the Server needs status from all commands then the server MUST wait until all commands
  // are executed by the client and in the last status report from the client send the “END”
  // command as the only command."
  it("[DMS-5.7-02] END comes alone after the last status report when the server needs the statuses", async function () {
    judge(this, ...(await everySession(checkEndAlone)));
  });
});
