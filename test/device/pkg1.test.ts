import { expect } from "chai";
import { buildPkg1, NO_PKG1_FLAGS } from "../../harness/device/index.ts";
import { DEVDETAIL, DEVINFO, MMS, sampleTree } from "./fixtures.ts";

describe("device engine: Pkg#1 body", () => {
  it("carries DevInfo only when the notification asks for nothing", () => {
    const doc = buildPkg1(sampleTree(), NO_PKG1_FLAGS);
    expect(Object.keys(doc)).to.deep.equal(["TNDS20"]);
    expect(doc.TNDS20?.map((o) => o.MOID)).to.deep.equal([DEVINFO]);
  });

  it("adds DevDetail iff send-devdetail", () => {
    const doc = buildPkg1(sampleTree(), { ...NO_PKG1_FLAGS, sendDevDetail: true });
    expect(doc.TNDS20?.map((o) => o.MOID)).to.deep.equal([DEVINFO, DEVDETAIL]);
    expect(doc.TNDS20?.[1]).to.deep.include({ Path: "/", URI: { MaxDepth: "20" } });
  });

  it("lists supported MOs (MOID, DDF) iff send-supported-mo, without paths", () => {
    const doc = buildPkg1(sampleTree(), { ...NO_PKG1_FLAGS, sendSupportedMo: true });
    expect(doc.MO).to.have.length(5);
    expect(doc.MO?.[2]).to.deep.equal({ MOID: MMS, DDF: "http://ddf.example/mms13.ddf" });
  });

  it("adds every instance path iff send-all-mo-instances (which brings the MO list along)", () => {
    const doc = buildPkg1(sampleTree(), { ...NO_PKG1_FLAGS, sendAllMoInstances: true });
    expect(doc.MO?.find((m) => m.MOID === MMS)?.Path).to.deep.equal(["/1", "/3"]);
    expect(doc.MO?.find((m) => m.MOID === DEVINFO)?.Path).to.deep.equal(["/"]);
  });

  it("carries pending Generic Alerts and nothing when there are none", () => {
    const alert = { Source: "x", Type: "t", Format: "chr", Mark: "informational", Data: "d" };
    expect(buildPkg1(sampleTree(), NO_PKG1_FLAGS, [alert]).GenericAlert).to.deep.equal([alert]);
    expect(buildPkg1(sampleTree(), NO_PKG1_FLAGS, [])).not.to.have.property("GenericAlert");
  });
});
