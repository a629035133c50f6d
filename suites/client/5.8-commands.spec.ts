/**
 * 5.8 Commands: "Every command is executed independent of previous one in sequence … All
 * unrecognized commands MUST result in status code xxx 'Optional Feature Not Supported'", then GET,
 * PUT/POST, DELETE, EXEC, SHOW and DEFAULT as Table 5 defines them.
 */
import {
  checkIndependentExecution,
  checkUnrecognisedCommands,
} from "../../harness/checks/client/command-outcomes.ts";
import { checkDefaultSession, checkInitiatedBy } from "../../harness/checks/client/default-command.ts";
import { checkDelete } from "../../harness/checks/client/delete.ts";
import { checkExec } from "../../harness/checks/client/exec.ts";
import { checkGetLocation, checkGetRequests, checkGetStoresAt } from "../../harness/checks/client/get.ts";
import { checkBrowserIsolation, checkShow } from "../../harness/checks/client/show.ts";
import {
  checkFullDepth,
  checkLevels,
  checkStar,
  checkUploadMethod,
} from "../../harness/checks/client/upload.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { kickOff } from "./kick-off.ts";
import { commandSessions, statusBatch } from "./scenarios.ts";

describe("5.8 Commands: every command, in sequence", () => {
  before(() => kickOff(statusBatch));

  it("[DMC-5.8-01] unrecognised commands (FOO bar, a lower-case get, DELETE with an extra parameter) get Optional Feature Not Supported", async function () {
    judge(this, checkUnrecognisedCommands([(await statusBatch()).mixed], runContext().ixit));
  });

  it("[DMC-5.8-02] a failing command (DELETE of a missing node) does not stop the commands after it", async function () {
    judge(this, checkIndependentExecution([(await statusBatch()).mixed]));
  });
});

describe("5.8 Commands: GET, PUT/POST, DELETE, EXEC, SHOW, DEFAULT", () => {
  before(() => kickOff(commandSessions));

  it("[DMC-5.8-03][DMC-5.8-04] GET without ClientURI (https:// and http:// ServerURIs): an HTTP GET, the new location as Param1, read back", async function () {
    const { get } = await commandSessions();
    judge(this, checkGetRequests([get]), checkGetLocation([get]));
  });

  it("[DMC-5.8-05] GET with ClientURI stores the MO there, replacing existing data (read back in a later session)", async function () {
    judge(this, checkGetStoresAt((await commandSessions()).store));
  });

  it("[DMC-5.8-06] PUT and POST: one TNDS20 object holding every ClientURI, sent as HTTP PUT and HTTP POST", async function () {
    judge(this, checkUploadMethod([(await commandSessions()).uploads]));
  });

  it("[DMC-5.8-07][DMC-5.8-08] PUT/POST of a stored node without Levels and with Levels 0, 1 and 2", async function () {
    const { levels } = await commandSessions();
    judge(
      this,
      checkFullDepth([levels.view], { stored: levels.stored }),
      checkLevels([levels.view], { stored: levels.stored }),
    );
  });

  it("[DMC-5.8-09] PUT of * lists every supported MO; POST of *?Levels=1 adds every instance", async function () {
    judge(this, checkStar([(await commandSessions()).star], runContext().ixit));
  });

  it("[DMC-5.8-10] DELETE of an interior node removes it and all its children (read back in a later session)", async function () {
    judge(this, checkDelete((await commandSessions()).delete));
  });

  it("[DMC-5.8-11] EXEC performs the operation and sends the Generic Alert to ServerURI (where the IXIT names an executable node)", async function () {
    const { exec } = await commandSessions();
    judge(this, checkExec(exec ? [exec] : [], runContext().ixit));
  });

  it("[DMC-5.8-12] SHOW with ?Close=URL: the session waits for the browser, then goes on (where SHOW is unsupported: its status)", async function () {
    judge(this, checkShow([(await commandSessions()).showClose], runContext().ixit));
  });

  it("[DMC-5.8-12] SHOW with ?Continue=URL: the session goes on once that URL loads (where SHOW is unsupported: its status)", async function () {
    judge(this, checkShow([(await commandSessions()).showContinue], runContext().ixit));
  });

  it("[DMC-5.8-13] SHOW: the browser has no access to the DM tree (declared in the IXIT)", function () {
    judge(this, checkBrowserIsolation(runContext().ixit));
  });

  for (const by of ["Device", "User"] as const) {
    it(`[DMC-5.8-14][DMC-5.8-15] DEFAULT: a ${by === "Device" ? "device" : "user"}-initiated request for configuration opens a DM session to ServerURL with ?InitiatedBy=${by}`, async function () {
      const { defaults } = await commandSessions();
      const initiated = [defaults.initiated[by]];
      judge(
        this,
        checkDefaultSession(defaults.setup, initiated),
        checkInitiatedBy(defaults.setup, initiated),
      );
    });
  }
});
