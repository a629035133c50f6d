/**
 * 5.8 Commands: "Every command is executed independent of previous one in sequence … All
 * unrecognized commands MUST result in status code xxx 'Optional Feature Not Supported'", then
 * GET, PUT/POST, DELETE, EXEC, SHOW and DEFAULT as Table 5 defines them. Every ServerURI the
 * harness names is on its resource origin (another port and host name than the DM session), so a
 * device that ignores a ServerURI's authority is seen doing so.
 */
import {
  checkIndependentExecution,
  checkUnrecognisedCommands,
} from "../../harness/checks/client/command-outcomes.ts";
import { checkDefaultSession, checkInitiatedBy } from "../../harness/checks/client/default-command.ts";
import { checkDelete } from "../../harness/checks/client/delete.ts";
import { checkExec } from "../../harness/checks/client/exec.ts";
import { checkGetLocation, checkGetRequests, checkGetStoresAt } from "../../harness/checks/client/get.ts";
import { checkFullDepth, checkLevels } from "../../harness/checks/client/levels.ts";
import { checkBrowserIsolation, checkShow } from "../../harness/checks/client/show.ts";
import { checkStar, checkUploadMethod } from "../../harness/checks/client/upload.ts";
import { statusFileOf } from "../../harness/model/transcript-contract.ts";
import { check, wholeRunBudgetMs } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { scenario, step } from "../../harness/server-role/index.ts";
import {
  DEVDETAIL,
  DEVINFO,
  everySession,
  ixit,
  locationUri,
  newInstance,
  objectAt,
  runTag,
  writable,
} from "./support.ts";

// --- every command: unrecognised ones, and independence -------------------------------------------

/**
 * "All unrecognized commands MUST result in status code xxx": two keywords no reading recognises,
 * beside two a device may read either way (a 5.8 keyword in lower case, a DELETE with two
 * parameters naming nodes that do not exist), and SHOW where the IXIT declares it unsupported.
 */
const unrecognised = scenario("5.8 unrecognised commands", async (run) => {
  const s = await run.start("unknown, lower-case and wrong-arity commands");
  const w = writable();
  const tag = runTag();
  await s.run([
    [
      step("FOO bar", "unsupported"),
      step("XYZZY", "unsupported"),
      `put ${s.upload()} ${DEVINFO}`,
      `DELETE ${w.node}/NoSuchNodeA${tag} ${w.node}/NoSuchNodeB${tag}`,
      ...(ixit().show ? [] : [step(`SHOW ${s.show("Close").serverUri}`, "unsupported")]),
    ],
  ]);
});

/** "Every command is executed independent of previous one in sequence": a failing DELETE first, three uploads to distinct URLs after it. */
const afterFailure = scenario("5.8 commands after a failing one", async (run) => {
  const s = await run.start("a failing DELETE, then three uploads");
  await s.run([
    [
      step(`DELETE ${writable().node}/NoSuchNode${runTag()}`, "failure"),
      step(`PUT ${s.upload("first")} ${DEVINFO}`, "success"),
      step(`POST ${s.upload("second")} ${DEVDETAIL}`, "success"),
      step(`PUT ${s.upload("third")} ${DEVINFO} ${DEVDETAIL}`, "success"),
    ],
  ]);
});

describe("5.8 Commands: every command, in sequence", () => {
  check(
    "[DMC-5.8-01] unrecognised commands get Optional Feature Not Supported (commands a device may read two ways are recorded)",
    [unrecognised],
    async function () {
      this.timeout(wholeRunBudgetMs(runContext().timeoutMs));
      judge(this, checkUnrecognisedCommands(await everySession(), ixit()));
    },
  );

  check(
    "[DMC-5.8-02] a failing command does not stop the commands after it, which run in order",
    [afterFailure],
    async function () {
      this.timeout(wholeRunBudgetMs(runContext().timeoutMs));
      judge(this, checkIndependentExecution(await everySession()));
    },
  );
});

// --- GET ---------------------------------------------------------------------------------------------

/**
 * GET without ClientURI, from an https:// and an http:// ServerURI: the status carries each new
 * location, which the next answer reads back; then the new instances are deleted again.
 */
const getWithoutClientUri = scenario("5.8 GET without ClientURI", async (run) => {
  const s = await run.start("GET from https:// and http:// ServerURIs");
  const plain = await s.plainOrigin();
  const httpsDoc = s.document([newInstance("a", { Name: "harness a", Sub: { Leaf: "a" } })]);
  const httpDoc = `${plain}${new URL(s.document([newInstance("b", { Name: "harness b", Sub: { Leaf: "b" } })])).pathname}`;
  if (!(await s.expectPkg1())) return;
  s.respond([step(`GET ${httpsDoc}`, "location"), `GET ${httpDoc}`]);
  const status = await s.expectStatus();
  if (!status) return;
  const locations = statusFileOf(status).statuses.flatMap((st) => (st.params[0] ? [st.params[0]] : []));
  const absolute = locations.map(locationUri);
  if (absolute.length > 0) {
    s.respond(absolute.map((l) => step(`PUT ${s.upload()} ${l}`, "success")));
    if (!(await s.expectStatus())) return;
    s.respond(absolute.map((l) => step(`DELETE ${l}`, "success")));
    if (!(await s.expectStatus())) return;
  }
  s.respondEnd();
});

/** GET with ClientURI: the writable node read, replaced by a served MO, and read back in a later session. */
const getWithClientUri = scenario(
  "5.8 GET with ClientURI",
  async (run) => {
    const w = writable();
    const tag = runTag();
    const a = await run.start("store");
    const doc = a.document([
      objectAt({ Name: `stored ${tag}`, [`H${tag}`]: { Leaf: "a", Deep: { Leaf: "b" } } }),
    ]);
    await a.run([[step(`PUT ${a.upload()} ${w.node}`, "success"), step(`GET ${doc} ${w.node}`, "success")]]);
    const b = await run.start("read back");
    await b.run([[step(`PUT ${b.upload()} ${w.node}`, "success")]]);
  },
  { writable: true },
);

describe("5.8 GET", () => {
  check(
    "[DMC-5.8-03][DMC-5.8-04] GET without ClientURI (https:// and http:// ServerURIs): an HTTP GET, the new location as Param1, read back",
    [getWithoutClientUri],
    async function () {
      const views = await getWithoutClientUri.views();
      judge(this, checkGetRequests(views), checkGetLocation(views));
    },
  );

  check(
    "[DMC-5.8-03][DMC-5.8-05] GET with ClientURI: an HTTP GET, the MO stored there in place of what was there (read back in a later session)",
    [getWithClientUri],
    async function () {
      const views = await getWithClientUri.views();
      judge(this, checkGetRequests(views), checkGetStoresAt(views));
    },
  );
});

// --- PUT / POST ----------------------------------------------------------------------------------------

/** PUT and POST with one ClientURI, with two, and "*" beside a node. */
const uploads = scenario("5.8 PUT and POST", async (run) => {
  const s = await run.start("PUT and POST of one and several ClientURIs");
  await s.run([
    [
      step(`PUT ${s.upload()} ${DEVINFO}`, "success"),
      step(`POST ${s.upload()} ${DEVINFO} ${DEVDETAIL}`, "success"),
      step(`PUT ${s.upload()} ${DEVDETAIL} ${DEVINFO}`, "success"),
      step(`POST ${s.upload()} * ${DEVINFO}`, "success"),
    ],
  ]);
});

/** A node stored three sublevels deep, uploaded without Levels and with Levels 0, 1 and 2. */
const levels = scenario(
  "5.8 Levels",
  async (run) => {
    const w = writable();
    const s = await run.start("store a node three sublevels deep, upload it at every depth");
    const content = { Name: `levels ${runTag()}`, L1: { Leaf: "1", L2: { Leaf: "2", L3: { Leaf: "3" } } } };
    await s.run([
      [
        step(`GET ${s.document([objectAt(content)])} ${w.node}`, "success"),
        step(`PUT ${s.upload()} ${w.node}`, "success"),
        step(`PUT ${s.upload()} ${w.node}?Levels=0`, "success"),
        step(`POST ${s.upload()} ${w.node}?Levels=1`, "success"),
        step(`PUT ${s.upload()} ${w.node}?Levels=2`, "success"),
      ],
    ]);
  },
  { writable: true },
);

/** "*" and "*?Levels=1". */
const star = scenario("5.8 PUT/POST of *", async (run) => {
  const s = await run.start("PUT * and POST *?Levels=1");
  await s.run([[step(`PUT ${s.upload()} *`, "success"), step(`POST ${s.upload()} *?Levels=1`, "success")]]);
});

describe("5.8 PUT and POST", () => {
  check(
    "[DMC-5.8-06] PUT and POST: one TNDS20 object holding every ClientURI, sent as HTTP PUT and HTTP POST",
    [uploads, levels, star],
    async function () {
      this.timeout(wholeRunBudgetMs(runContext().timeoutMs));
      judge(this, checkUploadMethod(await everySession(), ixit()));
    },
  );

  check(
    "[DMC-5.8-07][DMC-5.8-08] PUT/POST of a stored node without Levels and with Levels 0, 1 and 2 (either reading of a sublevel, kept throughout)",
    [levels],
    async function () {
      const views = await levels.views();
      judge(this, checkFullDepth(views), checkLevels(views));
    },
  );

  check(
    "[DMC-5.8-09] PUT of * lists every supported MO; POST of *?Levels=1 adds every instance",
    [star],
    async function () {
      judge(this, checkStar(await star.views(), ixit()));
    },
  );

  check(
    "[DMC-5.8-09] POST of * beside a node: the MO list and the node in one document",
    [uploads],
    async function () {
      judge(this, checkStar(await uploads.views(), ixit()));
    },
  );
});

// --- DELETE --------------------------------------------------------------------------------------------

/** Plants Sub (with an interior child), DELETEs it in a second session, reads back in a third. */
const deleteNode = scenario(
  "5.8 DELETE",
  async (run) => {
    const w = writable();
    const a = await run.start("plant a subtree");
    const doc = a.document([
      objectAt({ Name: `delete ${runTag()}`, Sub: { Leaf: "x", Deep: { Leaf: "y" } } }),
    ]);
    await a.run([[step(`GET ${doc} ${w.node}`, "success"), step(`PUT ${a.upload()} ${w.node}`, "success")]]);
    const b = await run.start("DELETE");
    await b.run([[step(`DELETE ${w.node}/Sub`, "success")]]);
    const c = await run.start("read back");
    await c.run([[step(`PUT ${c.upload()} ${w.node}`, "success"), `PUT ${c.upload()} ${w.node}/Sub`]]);
  },
  { writable: true },
);

describe("5.8 DELETE", () => {
  check(
    "[DMC-5.8-10] DELETE of an interior node removes it and all its children (read back in a later session)",
    [deleteNode],
    async function () {
      judge(this, checkDelete(await deleteNode.views()));
    },
  );
});

// --- EXEC --------------------------------------------------------------------------------------------

/** EXEC of the IXIT's executable node with a ServerURI for the Generic Alert, then without one. */
const exec = scenario("5.8 EXEC", async (run) => {
  const node = ixit().exec?.node;
  if (!node) return;
  const s = await run.start("EXEC with and without ServerURI");
  const sink = s.alertSink();
  if (!(await s.expectPkg1())) return;
  s.respond([step(`EXEC ${node} ${sink}`, "success")]);
  if (!(await s.expectStatus())) return;
  // The alert may come after the status: wait for it (bounded) before going on.
  if (!ixit().exec?.alertServer) await s.expectRequests([sink]);
  s.respond([step(`EXEC ${node}`, "success")]);
  if (!(await s.expectStatus())) return;
  s.respondEnd();
});

describe("5.8 EXEC", () => {
  check(
    "[DMC-5.8-11] EXEC performs the operation and sends the Generic Alert to ServerURI (where the IXIT names an executable node)",
    [exec],
    async function () {
      judge(this, checkExec(await exec.views(), ixit()));
    },
  );
});

// --- SHOW ------------------------------------------------------------------------------------------

/**
 * SHOW with ?Close= or ?Continue=: the page is held until a DM package arrives or the quiet period
 * ends, so a device that does not pause its session shows it by sending its status first.
 */
function showSession(mode: "Close" | "Continue") {
  return scenario(`5.8 SHOW ?${mode}=`, async (run) => {
    if (!ixit().show) return;
    const s = await run.start(`SHOW with ?${mode}=URL`);
    await s.run([[step(`SHOW ${s.show(mode, { hold: true }).serverUri}`, "success")]]);
  });
}
const showClose = showSession("Close");
const showContinue = showSession("Continue");

describe("5.8 SHOW", () => {
  check(
    "[DMC-5.8-12] SHOW with ?Close=URL: the session waits for the browser, then goes on",
    [showClose],
    async function () {
      judge(this, checkShow(await showClose.views(), ixit()));
    },
  );

  check(
    "[DMC-5.8-12] SHOW with ?Continue=URL: the session goes on once that URL loads",
    [showContinue],
    async function () {
      judge(this, checkShow(await showContinue.views(), ixit()));
    },
  );

  check(
    "[DMC-5.8-13] SHOW: the browser has no access to the DM tree (declared in the IXIT)",
    [],
    function () {
      judge(this, checkBrowserIsolation(ixit()));
    },
  );
});

// --- DEFAULT -----------------------------------------------------------------------------------------

/**
 * DEFAULT MOID ServerURL in one session, then a device-initiated and a user-initiated request for
 * that MOID: each must open a DM session to ServerURL with ?InitiatedBy=. One after the other: the
 * device keeps one DEFAULT per MOID.
 */
const defaults = scenario("5.8 DEFAULT", async (run) => {
  const moid = writable().moid;
  for (const by of ["Device", "User"] as const) {
    const target = await run.open(`${by}-initiated session`, {
      path: `/dm/default-${by.toLowerCase()}-${runTag()}`,
    });
    const setup = await run.start(`DEFAULT for the ${by}-initiated request`);
    await setup.run([[step(`DEFAULT ${moid} ${target.sessionUrl}`, "success")]]);
    await target.stimulateDefault(moid, by);
    await target.run([]);
  }
});

describe("5.8 DEFAULT", () => {
  for (const by of ["Device", "User"] as const) {
    check(
      `[DMC-5.8-14][DMC-5.8-15] DEFAULT: a ${by === "Device" ? "device" : "user"}-initiated request for configuration opens a DM session to ServerURL with ?InitiatedBy=${by}`,
      [defaults],
      async function () {
        const views = await defaults.views();
        const initiated = views.filter((v) => v.transcript.session?.endsWith(`${by}-initiated session`));
        judge(this, checkDefaultSession(views, initiated), checkInitiatedBy(views, initiated));
      },
    );
  }
});
