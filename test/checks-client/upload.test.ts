import { expect } from "chai";
import { checkFullDepth, checkLevels, levelsOf } from "../../harness/checks/client/levels.ts";
import { checkStar, checkUploadMethod } from "../../harness/checks/client/upload.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { limitLevels } from "../../harness/protocol/client-uri.ts";
import { commandFile, IXIT, SessionBuilder, statusFile, tnds } from "./transcript-builder.ts";

const MMS = "oma:mo:oma-mms:1.3";
const NODE = { Name: "n", Conn: { ConRef: "I", Proxy: { Addr: "a", Auth: { Type: "PAP" } } } };
const U = (n: string) => `https://127.0.0.1:8443/r/${n}`;

/** Uploads of one node without Levels and with Levels 0, 1, 2; with `stored`, a GET first stored the node. */
function levelsSession(contents: { full: unknown; l0: unknown; l1: unknown; l2: unknown }, stored?: unknown) {
  const b = new SessionBuilder().notify();
  return viewSession(
    b
      .pkg1(
        commandFile(
          0,
          ...(stored ? [`GET ${U("doc")} ${MMS}/1`] : []),
          `PUT ${U("a")} ${MMS}/1`,
          `PUT ${U("b")} ${MMS}/1?Levels=0`,
          `POST ${U("c")} ${MMS}/1?Levels=1`,
          `PUT ${U("d")} ${MMS}/1?Levels=2`,
        ),
      )
      .side(
        "GET",
        "/r/doc",
        "",
        stored
          ? {
              status: 200,
              headers: [["Content-Type", "application/tnds20"]],
              body: tnds([{ MOID: MMS, Path: "/1", ...(stored as object) }]),
            }
          : { status: 404, headers: [], body: "" },
      )
      .side("PUT", "/r/a", tnds([{ MOID: MMS, Path: "/1", ...(contents.full as object) }]))
      .side("PUT", "/r/b", tnds([{ MOID: MMS, Path: "/1", ...(contents.l0 as object) }]))
      .side("POST", "/r/c", tnds([{ MOID: MMS, Path: "/1", ...(contents.l1 as object) }]))
      .side("PUT", "/r/d", tnds([{ MOID: MMS, Path: "/1", ...(contents.l2 as object) }]))
      .status(statusFile(0, ...(stored ? ["200"] : []), "200", "200", "200", "200"), commandFile(1, "END"))
      .build(),
  );
}
const good = { full: NODE, l0: limitLevels(NODE, 0), l1: limitLevels(NODE, 1), l2: limitLevels(NODE, 2) };

describe("checks/client upload (DMC-5.8-06..09)", () => {
  it("DMC-5.8-06 passes PUT as PUT and POST as POST with every ClientURI", () => {
    expect(checkUploadMethod([levelsSession(good)], IXIT).verdict).to.equal("pass");
  });
  it("DMC-5.8-06 fails a PUT sent as POST, one request per ClientURI, and a missing ClientURI", () => {
    const asPost = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `PUT ${U("a")} ${MMS}/1`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1", ...NODE }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    const r = checkUploadMethod([viewSession(asPost)], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/HTTP POST, not HTTP PUT/);
    const split = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `POST ${U("a")} ${MMS}/1 ${MMS}/3`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1" }]))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/3" }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkUploadMethod([viewSession(split)], IXIT).verdict).to.equal("fail");
    const missing = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `POST ${U("a")} ${MMS}/1 ${MMS}/3`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1" }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkUploadMethod([viewSession(missing)], IXIT).verdict).to.equal("fail");
  });
  it("DMC-5.8-06 accepts an upload refused with an error status when it names a node that may not exist, not one every device has", () => {
    const refused = (clientUri: string) =>
      new SessionBuilder()
        .notify()
        .pkg1(commandFile(0, `PUT ${U("a")} ${clientUri}`))
        .status(statusFile(0, "404"), commandFile(1, "END"))
        .build();
    const gone = checkUploadMethod([viewSession(refused(`${MMS}/3/Deleted`))], IXIT);
    expect(gone.verdict).to.equal("pass");
    expect(gone.reading).to.match(/may not exist/);
    expect(checkUploadMethod([viewSession(refused("oma:mo:oma-dm-devinfo:1.0"))], IXIT).verdict).to.equal(
      "fail",
    );
  });
  it("DMC-5.8-07/08 pass exact cuts under either reading of a sublevel (omitted or empty below the cut), and record it", () => {
    expect(checkFullDepth([levelsSession(good)]).verdict).to.equal("pass");
    const r = checkLevels([levelsSession(good)]);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/leaves belong to the node.*left out/);
    const empty = {
      ...good,
      l0: limitLevels(NODE, 0, { cut: "empty" }),
      l1: limitLevels(NODE, 1, { cut: "empty" }),
    };
    expect(checkLevels([levelsSession(empty)]).reading).to.match(/sent empty/);
    const other = (cut: "omit" | "empty") => ({
      full: NODE,
      l0: levelsOf(NODE, 0, "every child is a sublevel", cut),
      l1: levelsOf(NODE, 1, "every child is a sublevel", cut),
      l2: levelsOf(NODE, 2, "every child is a sublevel", cut),
    });
    for (const cut of ["omit", "empty"] as const) {
      const b = checkLevels([levelsSession(other(cut))]);
      expect(b.verdict, cut).to.equal("pass");
      expect(b.reading).to.match(/every child is a sublevel/);
    }
  });
  it("DMC-5.8-08 fails Levels ignored, and a device that switches readings between Levels=n", () => {
    const r = checkLevels([levelsSession({ full: NODE, l0: NODE, l1: NODE, l2: NODE })]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/Levels=0/);
    const mixed = {
      full: NODE,
      l0: levelsOf(NODE, 0, "leaves belong to the node", "omit"),
      l1: levelsOf(NODE, 1, "every child is a sublevel", "omit"),
      l2: levelsOf(NODE, 2, "leaves belong to the node", "omit"),
    };
    const m = checkLevels([levelsSession(mixed)]);
    expect(m.verdict).to.equal("fail");
    expect(m.message).to.match(/keeps one reading/);
  });
  it("DMC-5.8-07 fails an upload without Levels cut short, against the Levels uploads or the stored content", () => {
    const cut = {
      full: limitLevels(NODE, 1),
      l0: limitLevels(NODE, 0),
      l1: limitLevels(NODE, 1),
      l2: limitLevels(NODE, 2),
    };
    expect(checkFullDepth([levelsSession(cut)]).verdict).to.equal("fail");
    const r = checkFullDepth([levelsSession({ ...cut, l2: limitLevels(NODE, 1) }, NODE)]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/stored/);
  });
  it("DMC-5.8-08 uses the stored content when the device's own full upload is cut", () => {
    const cut = {
      full: limitLevels(NODE, 1),
      l0: limitLevels(NODE, 0),
      l1: limitLevels(NODE, 1),
      l2: limitLevels(NODE, 2),
    };
    expect(checkLevels([levelsSession(cut, NODE)]).verdict).to.equal("pass");
  });
  it("DMC-5.8-09 passes * and *?Levels=1 with paths; fails a missing MO and missing instances", () => {
    const list = (paths: boolean, drop = 0) =>
      IXIT.supportedMOs.slice(drop).map((m) => ({ MOID: m, DDF: "d", ...(paths ? { Path: ["/"] } : {}) }));
    const star = (l0: unknown, l1: unknown) =>
      viewSession(
        new SessionBuilder()
          .notify()
          .pkg1(commandFile(0, `PUT ${U("s")} *`, `PUT ${U("t")} *?Levels=1`))
          .side("PUT", "/r/s", JSON.stringify({ MO: l0 }))
          .side("PUT", "/r/t", JSON.stringify({ MO: l1 }))
          .status(statusFile(0, "200", "200"), commandFile(1, "END"))
          .build(),
      );
    expect(checkStar([star(list(false), list(true))], IXIT).verdict).to.equal("pass");
    expect(checkStar([star(list(false, 1), list(true))], IXIT).verdict).to.equal("fail");
    expect(checkStar([star(list(false), list(false))], IXIT).verdict).to.equal("fail");
  });
  it("DMC-5.8-09 fails a * answered with a status but never uploaded", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `PUT ${U("s")} *`))
      .status(statusFile(0, "404"), commandFile(1, "END"))
      .build();
    const r = checkStar([viewSession(t)], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/no MO list/);
  });
});
