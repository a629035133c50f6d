/**
 * 5.5: "If the command END is present the client MUST NOT connect back to the server and send
 * status for last commands and request new commands. In this case the client MUST execute all
 * commands but after that the session is closed."
 */
import { checkEndCommandsRun, checkNoContactAfterEnd } from "../../harness/checks/client/end.ts";
import { check } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { quietPeriodMs, scenario, step } from "../../harness/server-role/index.ts";
import { control } from "./shared-scenarios.ts";
import { checkWhenWatched, DEVINFO, everySession, ixit, objectAt, runTag, writable } from "./support.ts";

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
 * DELETE beside END, whose execution shows only in a later session: plant a subtree, delete it
 * beside END, read it back. A PUT after the DELETE marks that the batch ran (commands run in
 * sequence); nothing tells when the device has kept the change, so the read-back waits one quiet
 * period after it.
 */
const deleteBesideEnd = scenario(
  "5.5 DELETE beside END",
  async (run) => {
    const w = writable();
    const planted = await run.start("plant a subtree");
    const doc = planted.document([
      objectAt({ Name: `end ${runTag()}`, EndSub: { Leaf: "x", Deep: { Leaf: "y" } } }),
    ]);
    await planted.run([
      [step(`GET ${doc} ${w.node}`, "success"), step(`PUT ${planted.upload()} ${w.node}`, "success")],
    ]);
    const s = await run.start("DELETE beside END");
    let ran = false;
    if (await s.expectPkg1()) {
      const marker = s.upload("marker");
      s.respondEnd([`DELETE ${w.node}/EndSub`, `PUT ${marker} ${DEVINFO}`]);
      ran = await s.expectRequests([marker]);
      if (ran) await s.settle(quietPeriodMs());
    }
    await s.finish();
    // Without the marker nothing shows the batch ran: a read-back then would race the device.
    if (!ran) return;
    const readBack = await run.start("read back");
    await readBack.run([[step(`PUT ${readBack.upload()} ${w.node}`, "success")]]);
  },
  { writable: true },
);

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
