/**
 * 5.5: "If the command END is present the client MUST NOT connect back to the server and send
 * status for last commands and request new commands. In this case the client MUST execute all
 * commands but after that the session is closed."
 */
import { checkEndCommandsRun, checkNoContactAfterEnd } from "../../harness/checks/client/end.ts";
import { statusFileOf } from "../../harness/model/transcript-contract.ts";
import { check } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { quietPeriodMs, scenario, step } from "../../harness/server-role/index.ts";
import { control } from "./shared-scenarios.ts";
import {
  checkWhenWatched,
  DEVINFO,
  everySession,
  ixit,
  locationUri,
  newInstance,
  runTag,
} from "./support.ts";

/** END beside every command whose execution shows on the wire at once: its request is the only sign it ran. */
const endWithCommands = scenario("5.5 END beside commands", async (run) => {
  const s = await run.start("END beside PUT, POST, EXEC and SHOW");
  if (!(await s.expectPkg1())) return;
  const put = s.upload();
  const post = s.upload();
  const lines = [`PUT ${put} ${DEVINFO}`, `POST ${post} ${DEVINFO}`];
  const requests = [put, post];
  const exec = ixit().exec;
  if (exec && !exec.alertServer) {
    const sink = s.alertSink();
    lines.push(`EXEC ${exec.node} ${sink}`);
    requests.push(sink);
  }
  if (ixit().show) {
    const { serverUri } = s.show("Close");
    lines.push(`SHOW ${serverUri}`);
    requests.push(serverUri);
  }
  s.respondEnd(lines);
  await s.expectRequests(requests);
});

/**
 * DELETE beside END, whose execution shows only in a later session: in one session a new instance
 * with a subtree is planted (GET without ClientURI) and read back, then its subtree is deleted
 * beside END; a second session reads the instance back (then deletes it: the device is left as it
 * was). A PUT after the DELETE marks that the batch ran (commands run in sequence); nothing tells
 * when the device has kept the change, so the read-back waits one quiet period after it. An
 * instance of its own rather than the writable node, which no other scenario touches: the quiet
 * period passes beside the other scenarios instead of holding up those that write the writable node.
 */
const deleteBesideEnd = scenario("5.5 DELETE beside END", async (run) => {
  const s = await run.start("DELETE beside END");
  let node: string | undefined;
  let ran = false;
  if (await s.expectPkg1()) {
    const doc = s.document([
      newInstance("end", { Name: `end ${runTag()}`, EndSub: { Leaf: "x", Deep: { Leaf: "y" } } }),
    ]);
    s.respond([step(`GET ${doc}`, "location")]);
    const stored = await s.expectStatus();
    const location = stored ? statusFileOf(stored).statuses[0]?.params[0] : undefined;
    // No location, no node to delete: 5.8-04 judges the GET.
    if (location) {
      node = locationUri(location);
      s.respond([step(`PUT ${s.upload()} ${node}`, "success")]);
      if (await s.expectStatus()) {
        const marker = s.upload("marker");
        s.respondEnd([`DELETE ${node}/EndSub`, `PUT ${marker} ${DEVINFO}`]);
        ran = await s.expectRequests([marker]);
        if (ran) await s.settle(quietPeriodMs());
      }
    }
  }
  await s.finish();
  // Without the marker nothing shows the batch ran: a read-back then would race the device.
  if (!node || !ran) return;
  const readBack = await run.start("read back");
  await readBack.run([
    [step(`PUT ${readBack.upload()} ${node}`, "success")],
    [step(`DELETE ${node}`, "success")],
  ]);
});

describe("5.5 END", () => {
  check(
    "[DMC-5.5-01] every command beside END is executed: PUT, POST, EXEC, SHOW at once, DELETE read back later",
    [endWithCommands, deleteBesideEnd],
    async function () {
      judge(
        this,
        checkEndCommandsRun([...(await endWithCommands.views()), ...(await deleteBesideEnd.views())]),
      );
    },
  );

  checkWhenWatched(
    "[DMC-5.5-02] after END no session of the run connects back, watched until the run ends",
    [control, endWithCommands],
    async function () {
      judge(this, checkNoContactAfterEnd(await everySession()));
    },
  );
});
