import { expect } from "chai";
import { checkDelete } from "../../harness/checks/client/delete.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, SessionBuilder, statusFile, tnds } from "./transcript-builder.ts";

const MMS = "oma:mo:oma-mms:1.3";
const BEFORE = { Name: "n", Sub: { Leaf: "1", Deeper: { Leaf: "2" } } };

function sessions(after: Record<string, unknown>, deleteStatus = "200") {
  const a = new SessionBuilder()
    .notify()
    .pkg1(commandFile(0, `PUT https://127.0.0.1:8443/r/a ${MMS}/3`))
    .side("PUT", "/r/a", tnds([{ MOID: MMS, Path: "/3", ...BEFORE }]))
    .status(statusFile(0, "200"), commandFile(1, `DELETE ${MMS}/3/Sub`))
    .status(statusFile(1, deleteStatus), commandFile(2, "END"));
  const b = new SessionBuilder();
  b.clock = a.clock + 100;
  b.notify()
    .pkg1(commandFile(0, `PUT https://127.0.0.1:8443/r/b ${MMS}/3`))
    .side("PUT", "/r/b", tnds([{ MOID: MMS, Path: "/3", ...after }]))
    .status(statusFile(0, "200"), commandFile(1, "END"));
  return [viewSession(a.build()), viewSession(b.build())];
}

describe("checks/client delete (DMC-5.8-10)", () => {
  it("passes an interior node gone with its subtree in a later upload", () => {
    expect(checkDelete(sessions({ Name: "n" })).verdict).to.equal("pass");
  });
  it("fails a node whose interior children were kept", () => {
    const r = checkDelete(sessions({ Name: "n", Sub: { Deeper: { Leaf: "2" } } }));
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/still exists/);
  });
  it("fails a DELETE of an existing node that reported failure", () => {
    expect(checkDelete(sessions({ Name: "n" }, "404")).verdict).to.equal("fail");
  });
  it("is not-exercised without a later upload", () => {
    expect(checkDelete([sessions({ Name: "n" })[0]!]).verdict).to.equal("not-exercised");
  });
});
