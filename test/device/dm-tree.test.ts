import { expect } from "chai";
import { DmTree, limitLevels, readClientUri } from "../../harness/device/index.ts";
import { CONNMO, DEVINFO, MMS, sampleTree } from "./fixtures.ts";

describe("device engine: DM tree", () => {
  it("resolves the singleton DevInfo at / and its leaves", () => {
    const t = sampleTree();
    expect(t.resolve(DEVINFO, "")).to.deep.include({ kind: "node", instancePath: "/", exists: true });
    expect(t.valueAt(DEVINFO, "/Man")).to.equal("ACME Phones");
    expect(t.export(DEVINFO, "")).to.deep.equal([
      {
        MOID: DEVINFO,
        Path: "/",
        DevId: "004401074860001",
        Man: "ACME Phones",
        Mod: "X1",
        DmV: "2.0",
        Lang: "en",
      },
    ]);
  });

  it("resolves instance paths and sub-nodes of a multi-instance MO", () => {
    const t = sampleTree();
    expect(t.resolve(MMS, "/3/Conn")).to.deep.include({
      instancePath: "/3",
      segments: ["Conn"],
      exists: true,
    });
    expect(t.resolve(MMS, "")).to.deep.equal({ kind: "mo", moid: MMS });
    expect(t.resolve("oma:mo:nope:1.0", "/1").kind).to.equal("unknown-mo");
    expect(t.export(MMS, "/3/Conn/Proxy")).to.deep.equal([
      { MOID: MMS, Path: "/3/Conn/Proxy", Addr: "10.0.0.3", Port: "80" },
    ]);
    expect(t.export(MMS, "")?.map((o) => o.Path)).to.deep.equal(["/1", "/3"]);
  });

  it("exports a leaf as its parent's Path carrying that leaf", () => {
    expect(sampleTree().export(MMS, "/3/Name")).to.deep.equal([{ MOID: MMS, Path: "/3", Name: "three" }]);
  });

  it("cuts exports to Levels: 0 the node's own leaves, n interior levels below it", () => {
    const t = sampleTree();
    expect(t.export(MMS, "/3", 0)).to.deep.equal([{ MOID: MMS, Path: "/3", Name: "three" }]);
    expect(t.export(MMS, "/3", 1)).to.deep.equal([
      { MOID: MMS, Path: "/3", Name: "three", Conn: { Ref: "x" } },
    ]);
    expect(t.export(MMS, "/3", 2)).to.deep.equal([
      { MOID: MMS, Path: "/3", Name: "three", Conn: { Proxy: { Addr: "10.0.0.3", Port: "80" }, Ref: "x" } },
    ]);
    expect(limitLevels({ a: { b: { c: "1" } } }, 9)).to.deep.equal({ a: { b: { c: "1" } } });
  });

  it("replaces a node entirely, creates a new instance root, refuses a missing parent", () => {
    const t = sampleTree();
    expect(t.replaceAt(MMS, "/3", { Name: "new" })).to.equal(true);
    expect(t.valueAt(MMS, "/3")).to.deep.equal({ Name: "new" });
    expect(t.replaceAt(MMS, "/7", { Name: "seven" })).to.equal(true);
    expect(t.instances().find((m) => m.moid === MMS)?.paths).to.deep.equal(["/1", "/3", "/7"]);
    expect(t.replaceAt(MMS, "/9/Conn", { A: "1" })).to.equal(false);
    expect(t.replaceAt(MMS, "", { A: "1" })).to.equal(false);
  });

  it("merges only when asked (the fault's behaviour)", () => {
    const t = sampleTree();
    t.mergeAt(MMS, "/3", { Name: "merged" });
    expect(t.valueAt(MMS, "/3/Conn/Ref")).to.equal("x");
    expect(t.valueAt(MMS, "/3/Name")).to.equal("merged");
  });

  it("adds new instances at the preferred path when free, else at the lowest free /n", () => {
    const t = sampleTree();
    expect(t.addInstance(CONNMO, { Apn: "mms" }, "/MMS")).to.equal("/MMS");
    expect(t.addInstance(CONNMO, { Apn: "again" }, "/MMS")).to.equal("/1");
    expect(t.addInstance(MMS, { Name: "x" })).to.equal("/2");
    expect(t.addInstance("oma:mo:nope:1.0", {})).to.equal(undefined);
  });

  it("deletes a node with all its children and reports a missing one", () => {
    const t = sampleTree();
    expect(t.delete(MMS, "/3/Conn")).to.equal(true);
    expect(t.valueAt(MMS, "/3/Conn/Proxy/Addr")).to.equal(undefined);
    expect(t.delete(MMS, "/3/Conn")).to.equal(false);
    expect(t.delete(MMS, "/1")).to.equal(true);
    expect(t.export(MMS, "/1")).to.equal(undefined);
    expect(t.delete(MMS, "/nothing")).to.equal(false);
    expect(t.delete("oma:mo:nope:1.0", "")).to.equal(false);
  });

  it("lists supported MOs and instances, and survives a JSON round trip", () => {
    const t = sampleTree();
    t.delete(MMS, "/1");
    const copy = DmTree.fromSnapshot(JSON.parse(JSON.stringify(t.snapshot())));
    expect(copy.supportedMos()).to.deep.equal(t.supportedMos());
    expect(copy.instances()).to.deep.equal(t.instances());
    expect(copy.exportAll()).to.deep.equal(t.exportAll());
  });
});

describe("device engine: ClientURI reading", () => {
  it("reads MOID, path, Levels and star forms", () => {
    expect(readClientUri("oma:mo:oma-mms:1.3/3/Conn?Levels=2")).to.deep.include({
      moid: MMS,
      path: "/3/Conn",
      levels: 2,
      star: false,
    });
    expect(readClientUri(DEVINFO)).to.deep.include({ moid: DEVINFO, path: "/" });
    expect(readClientUri("*?Levels=1")).to.deep.include({ star: true, levels: 1 });
  });
  it("refuses what is not a ClientURI", () => {
    for (const bad of ["", "*x", "/3", "oma:mo:x/1?Levels=a", "http://x/y"]) {
      expect(readClientUri(bad), bad).to.equal(undefined);
    }
  });
});
