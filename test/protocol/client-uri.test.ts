import { expect } from "chai";
import {
  formatClientUri,
  levelDepth,
  limitLevels,
  parseClientUri,
} from "../../harness/protocol/client-uri.ts";
import { codes } from "./support.ts";

describe("protocol/client-uri (5.8 ClientURI, Levels)", () => {
  it("reads the forms the draft uses", () => {
    expect(parseClientUri("oma:mo:oma-mms:1.3/3")).to.deep.include({
      ok: true,
      star: false,
      moid: "oma:mo:oma-mms:1.3",
      path: "/3",
      levels: null,
    });
    expect(parseClientUri("oma:mo:oma-mms:1.3/3?Levels=2")).to.deep.include({
      levels: 2,
      query: { Levels: "2" },
    });
    expect(parseClientUri("oma:mo:oma-dm-devinfo:1.0")).to.deep.include({
      path: "/",
      moid: "oma:mo:oma-dm-devinfo:1.0",
    });
    expect(parseClientUri("*")).to.deep.include({
      ok: true,
      star: true,
      moid: null,
      path: "/",
      levels: null,
    });
    expect(parseClientUri("*?Levels=1")).to.deep.include({ ok: true, star: true, levels: 1 });
  });

  it("reports malformed input without throwing", () => {
    expect(parseClientUri("").ok).to.equal(false);
    expect(codes(parseClientUri("https://a.b/x").findings)).to.include("client-uri-is-url");
    expect(parseClientUri("/x").ok).to.equal(false);
    expect(codes(parseClientUri("oma:mo:a:1.0?Levels=-1").findings)).to.deep.equal(["client-uri-bad-levels"]);
    expect(codes(parseClientUri("oma:mo:a:1.0?levels=1").findings)).to.deep.equal(["client-uri-query-case"]);
    expect(parseClientUri("oma:mo:a:1.0?levels=1").levels).to.equal(1);
    expect(codes(parseClientUri("oma:mo:a:1.0?Foo=1").findings)).to.deep.equal(["client-uri-unknown-query"]);
    expect(codes(parseClientUri("*/x").findings)).to.deep.equal(["client-uri-star-path"]);
  });

  it("formats back", () => {
    expect(formatClientUri({ moid: "oma:mo:a:1.0", path: "/3", levels: 2 })).to.equal(
      "oma:mo:a:1.0/3?Levels=2",
    );
    expect(formatClientUri({ star: true, levels: 1 })).to.equal("*?Levels=1");
    expect(formatClientUri({ moid: "oma:mo:a:1.0", path: "/" })).to.equal("oma:mo:a:1.0");
  });

  const devDetail = {
    MOID: "oma:mo:oma-dm-devdetail:1.0",
    FwV: "1",
    URI: { MaxDepth: "20", Deep: { X: "1" } },
    Ext: { Battery: "VeryHigh" },
  };

  it("Levels=0 keeps the node's own leaves; Levels=n keeps n sublevels of interior nodes", () => {
    expect(limitLevels(devDetail, 0)).to.deep.equal({ MOID: "oma:mo:oma-dm-devdetail:1.0", FwV: "1" });
    expect(limitLevels(devDetail, 1)).to.deep.equal({
      MOID: "oma:mo:oma-dm-devdetail:1.0",
      FwV: "1",
      URI: { MaxDepth: "20" },
      Ext: { Battery: "VeryHigh" },
    });
    expect(limitLevels(devDetail, 2)).to.deep.equal(devDetail);
    expect(limitLevels(devDetail, null)).to.deep.equal(devDetail);
    expect(limitLevels(devDetail, 0, { cut: "empty" })).to.deep.include({ URI: {}, Ext: {} });
  });

  it("levelDepth is the depth of the deepest interior node", () => {
    expect(levelDepth({ a: "1" })).to.equal(0);
    expect(levelDepth(devDetail)).to.equal(2);
    for (const n of [0, 1, 2, 3]) expect(levelDepth(limitLevels(devDetail, n))).to.be.at.most(n);
  });
});
