/**
 * 5.5: "If the command END is present the client MUST NOT connect back to the server and send status
 * for last commands and request new commands. In this case the client MUST execute all commands but
 * after that the session is closed."
 */
import { checkEndCommandsRun, checkNoContactAfterEnd } from "../../harness/checks/client/end.ts";
import { judge } from "../../harness/runner/judge.ts";
import { kickOff } from "./kick-off.ts";
import { endBatch } from "./scenarios.ts";

describe("5.5 END", () => {
  before(() => kickOff(endBatch));

  it("[DMC-5.5-02] END alone: the device does not connect back", async function () {
    judge(this, checkNoContactAfterEnd([(await endBatch()).alone]));
  });

  it("[DMC-5.5-01][DMC-5.5-02] END with commands: they are executed, and no status follows", async function () {
    const { withCommands } = await endBatch();
    judge(this, checkEndCommandsRun([withCommands]), checkNoContactAfterEnd([withCommands]));
  });
});
