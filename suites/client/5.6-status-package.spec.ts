/**
 * 5.6 Pkg#2..n, the client's subsequent requests: "a new HTTP POST to the same URL … until the client
 * has received the END Command", the headers of Table 4, and the status body: "MsgID <MessageID>"
 * echoing the response, then "<StatusCode> [Param1]…" per command "in the same order as the
 * corresponding commands".
 */
import {
  checkSameUrl,
  checkStatusContentType,
  checkStatusHeaders,
  checkStatusLayout,
  checkStatusLines,
  checkStatusOrder,
} from "../../harness/checks/client/status-package.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { kickOff } from "./kick-off.ts";
import { MSGID_START, statusBatch } from "./scenarios.ts";

describe("5.6 Pkg#2..n: the status packages", () => {
  before(() => kickOff(statusBatch));

  it("[DMC-5.6-01][DMC-5.6-02][DMC-5.6-03] status packages are POSTed to the session URL as application/dm20status, with the Accept and X-OMADMDeviceID of Pkg#1", async function () {
    const { msgIds, mixed } = await statusBatch();
    const views = [msgIds, mixed];
    judge(this, checkSameUrl(views), checkStatusContentType(views), checkStatusHeaders(views));
  });

  it(`[DMC-5.6-04][DMC-5.6-05] MsgID echoed over three answers from MsgID ${MSGID_START}, CRLF lines of decimal status codes`, async function () {
    const { msgIds, mixed } = await statusBatch();
    judge(this, checkStatusLayout([msgIds, mixed]), checkStatusLines([msgIds, mixed]));
  });

  it("[DMC-5.6-06] one status per command, in command order, over a batch with failing and unrecognised commands", async function () {
    const { msgIds, mixed, outcomes } = await statusBatch();
    judge(this, checkStatusOrder([mixed, msgIds], runContext().ixit, { outcomes }));
  });
});
