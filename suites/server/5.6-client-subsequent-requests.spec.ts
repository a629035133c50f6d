/**
 * 5.6 Pkg#2..n: the server accepts both package kinds and answers each with a command file.
 */
import { checkPackageAcceptance } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { everySession, forgetEarlierRuns, recordTheRun } from "./server-run.ts";

describe("5.6 Pkg#2..n, the client's subsequent requests", () => {
  beforeEach(forgetEarlierRuns);
  before(recordTheRun);

  // "The client MUST continue to send new HTTP POST to the same URL (Unless otherwise specified by
  // the server) until the client has received the END Command" — Pkg#1 as application/tnds20
  // (Table 2), the status packages as application/dm20status (Table 4): each must get an answer.
  it("[DMS-5.6-01] accepts Pkg#1 (application/tnds20) and status packages (application/dm20status), answering each with a command file", async function () {
    judge(this, ...(await everySession(checkPackageAcceptance)));
  });
});
