/**
 * 5.6 Pkg#2..n, the client's subsequent requests: "The client MUST continue to send new HTTP POST
 * to the same URL … until the client has received the END Command", the headers of Table 4, and
 * the status body: "The first line MUST be: “MsgID <MesssageID>” there <MessageID> has the same
 * value as the MessageID that was in the response from the server for these commands. All other
 * lines MUST have the following format: <StatusCode> [Param1] …", "The Status MUST be reported in
 * the same order as the corresponding commands."
 */
import {
  checkSameUrl,
  checkStatusContentType,
  checkStatusHeaders,
  checkStatusLayout,
  checkStatusLines,
  checkStatusOrder,
} from "../../harness/checks/client/status-package.ts";
import { statusFileOf } from "../../harness/model/transcript-contract.ts";
import { check, wholeRunBudgetMs } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { scenario, step } from "../../harness/server-role/index.ts";
import { DEVINFO, everySession, ixit, locationUri, newInstance, runTag, writable } from "./support.ts";

const MSGID_START = 41;

/** Three answers from MsgID 41, each with an upload: a device that echoes a counter of its own is seen. */
const msgIds = scenario("5.6 MsgID echo", async (run) => {
  const s = await run.start(`three answers from MsgID ${MSGID_START}`, { msgIdStart: MSGID_START });
  await s.run([1, 2, 3].map(() => [step(`PUT ${s.upload()} ${DEVINFO}`, "success")]));
});

/**
 * One answer whose statuses tell their commands apart in any order: every outcome class once
 * (success, failure, unsupported), and two GETs whose locations are read back in the next answer,
 * so that each location shows which GET it belongs to. Then the two new instances are deleted.
 */
const mixed = scenario("5.6 mixed batch", async (run) => {
  const s = await run.start("mixed batch from MsgID 7", { msgIdStart: 7 });
  const w = writable();
  const tag = runTag();
  if (!(await s.expectPkg1())) return;
  s.respond([
    step(`GET ${s.document([newInstance("A", { Name: "order A", Mark: { Leaf: "A" } })])}`, "location"),
    step(`DELETE ${w.node}/NoSuchNode${tag}`, "failure"),
    step("FOO bar", "unsupported"),
    step(`PUT ${s.upload()} ${DEVINFO}`, "success"),
    step(`GET ${s.document([newInstance("B", { Name: "order B", Mark: { Leaf: "B" } })])}`, "location"),
  ]);
  const status = await s.expectStatus();
  if (!status) return;
  // Read back where each GET says it stored its MO, then leave the device as it was.
  const locations = [0, 4].flatMap((i) => {
    const l = statusFileOf(status).statuses[i]?.params[0];
    return l ? [locationUri(l)] : [];
  });
  if (locations.length > 0) {
    s.respond(locations.map((l) => step(`PUT ${s.upload()} ${l}`, "success")));
    if (!(await s.expectStatus())) return;
    s.respond(locations.map((l) => step(`DELETE ${l}`, "success")));
    if (!(await s.expectStatus())) return;
  }
  s.respondEnd();
});

describe("5.6 Pkg#2..n: the status packages of every session", () => {
  beforeEach(function () {
    this.currentTest?.timeout(wholeRunBudgetMs(runContext().timeoutMs));
  });

  check(
    "[DMC-5.6-01][DMC-5.6-02][DMC-5.6-03] status packages are POSTed to the session URL as application/dm20status, with the Accept and X-OMADMDeviceID of Pkg#1",
    [msgIds, mixed],
    async function () {
      const views = await everySession();
      judge(this, checkSameUrl(views), checkStatusContentType(views), checkStatusHeaders(views));
    },
  );

  check(
    `[DMC-5.6-04][DMC-5.6-05] MsgID echoed (three answers from MsgID ${MSGID_START}, one from 7, every other session from 0), CRLF lines of decimal status codes`,
    [msgIds, mixed],
    async function () {
      const views = await everySession();
      judge(this, checkStatusLayout(views), checkStatusLines(views));
    },
  );

  check(
    "[DMC-5.6-06] one status per command, in command order: a batch whose statuses tell their commands apart, and every other batch of the run",
    [mixed],
    async function () {
      judge(this, checkStatusOrder(await everySession(), ixit()));
    },
  );
});
