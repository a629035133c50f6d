/**
 * 5.5 The server's response: headers, the command file's layout, MsgID, and every command line —
 * judged on every response of every session (three parallel devices, the notified one, the
 * DEFAULT session).
 */
import {
  checkCommandFileLayout,
  checkCommandSyntax,
  checkContentType,
  checkMsgIdSequence,
} from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { everySession, forgetEarlierRuns, recordTheRun } from "./server-run.ts";

describe("5.5 Pkg#1, the server's response (and every response after it)", () => {
  beforeEach(forgetEarlierRuns);
  before(recordTheRun);

  // "The server's response to the client MUST contain the following HTTP Headers: Content-Type
  // application/dm20" (Table 3).
  it("[DMS-5.5-01] every response carries Content-Type: application/dm20", async function () {
    judge(this, ...(await everySession(checkContentType)));
  });

  // "The HTTP Body MUST be a multi line string there each commands is separated with <CR><LF>
  // character. The first line MUST be: “MsgID <MesssageID>”".
  it("[DMS-5.5-02] response lines are separated by CRLF and the first line is MsgID n", async function () {
    judge(this, ...(await everySession(checkCommandFileLayout)));
  });

  // "MsgID is a sequent number there the server MUST increment the <MessageID> with one for each
  // response." Parallel sessions take turns package by package, so a server-wide counter shows.
  it("[DMS-5.5-03] MsgID grows by exactly one with each response of a session, per session in parallel sessions", async function () {
    judge(this, ...(await everySession(checkMsgIdSequence)));
  });

  // "All other lines MUST have the following format: Command [Param1] [Param2]….[Param n]", with
  // 5.8's parameters: GET ServerURI [ClientURI], PUT/POST ServerURI ClientURI1 … [ClientURI N],
  // DELETE ClientURI, EXEC ClientURI [ServerURI], SHOW ServerURI, DEFAULT MOID ServerURL.
  it("[DMS-5.5-04] every other line is Command [Param…] with the parameter counts and kinds of 5.8", async function () {
    judge(this, ...(await everySession(checkCommandSyntax)));
  });
});
