import { expect } from "chai";
import {
  checkFullDepth,
  checkLevels,
  checkStar,
  checkUploadMethod,
} from "../../harness/checks/client/upload.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { limitLevels } from "../../harness/protocol/client-uri.ts";
import { commandFile, IXIT, SessionBuilder, statusFile, tnds } from "./transcript-builder.ts";

const MMS = "oma:mo:oma-mms:1.3";
const NODE = { Name: "n", Conn: { ConRef: "I", Proxy: { Addr: "a", Auth: { Type: "PAP" } } } };
const U = (n: string) => `https://127.0.0.1:8443/r/${n}`;

function levelsSession(contents: { full: unknown; l0: unknown; l1: unknown; l2: unknown }) {
  return viewSession(
    new SessionBuilder()
      .notify()
      .pkg1(
        commandFile(
          0,
          `PUT ${U("a")} ${MMS}/1`,
          `PUT ${U("b")} ${MMS}/1?Levels=0`,
          `POST ${U("c")} ${MMS}/1?Levels=1`,
          `PUT ${U("d")} ${MMS}/1?Levels=2`,
        ),
      )
      .side("PUT", "/r/a", tnds([{ MOID: MMS, Path: "/1", ...(contents.full as object) }]))
      .side("PUT", "/r/b", tnds([{ MOID: MMS, Path: "/1", ...(contents.l0 as object) }]))
      .side("POST", "/r/c", tnds([{ MOID: MMS, Path: "/1", ...(contents.l1 as object) }]))
      .side("PUT", "/r/d", tnds([{ MOID: MMS, Path: "/1", ...(contents.l2 as object) }]))
      .status(statusFile(0, "200", "200", "200", "200"), commandFile(1, "END"))
      .build(),
  );
}
const good = { full: NODE, l0: limitLevels(NODE, 0), l1: limitLevels(NODE, 1), l2: limitLevels(NODE, 2) };

describe("checks/client upload (DMC-5.8-06..09)", () => {
  it("DMC-5.8-06 passes PUT as PUT and POST as POST with every ClientURI", () => {
    expect(checkUploadMethod([levelsSession(good)]).verdict).to.equal("pass");
  });
  it("DMC-5.8-06 fails a PUT sent as POST, one request per ClientURI, and a missing ClientURI", () => {
    const asPost = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `PUT ${U("a")} ${MMS}/1`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1", ...NODE }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    const r = checkUploadMethod([viewSession(asPost)]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/HTTP POST, not HTTP PUT/);
    const split = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `POST ${U("a")} ${MMS}/1 ${MMS}/3`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1" }]))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/3" }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkUploadMethod([viewSession(split)]).verdict).to.equal("fail");
    const missing = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `POST ${U("a")} ${MMS}/1 ${MMS}/3`))
      .side("POST", "/r/a", tnds([{ MOID: MMS, Path: "/1" }]))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkUploadMethod([viewSession(missing)]).verdict).to.equal("fail");
  });
  it("DMC-5.8-07/08 pass exact cuts (omitted or empty below the cut)", () => {
    expect(checkFullDepth([levelsSession(good)]).verdict).to.equal("pass");
    const r = checkLevels([levelsSession(good)]);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/left out/);
    const empty = {
      ...good,
      l0: limitLevels(NODE, 0, { cut: "empty" }),
      l1: limitLevels(NODE, 1, { cut: "empty" }),
    };
    expect(checkLevels([levelsSession(empty)]).reading).to.match(/sent empty/);
  });
  it("DMC-5.8-08 fails Levels ignored", () => {
    const r = checkLevels([levelsSession({ full: NODE, l0: NODE, l1: NODE, l2: NODE })]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/Levels=0/);
  });
  it("DMC-5.8-07 fails an upload without Levels cut short, against the Levels uploads or the stored content", () => {
    const cut = {
      full: limitLevels(NODE, 1),
      l0: limitLevels(NODE, 0),
      l1: limitLevels(NODE, 1),
      l2: limitLevels(NODE, 2),
    };
    expect(checkFullDepth([levelsSession(cut)]).verdict).to.equal("fail");
    const r = checkFullDepth([levelsSession({ ...cut, l2: limitLevels(NODE, 1) })], {
      stored: { [`${MMS}/1`]: NODE },
    });
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
    expect(checkLevels([levelsSession(cut)], { stored: { [`${MMS}/1`]: NODE } }).verdict).to.equal("pass");
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
});
