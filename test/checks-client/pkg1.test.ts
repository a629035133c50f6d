import { expect } from "chai";
import {
  checkDevDetailFlag,
  checkInstanceList,
  checkMoList,
  checkPkg1Accept,
  checkPkg1DevInfo,
  checkPkg1DeviceId,
  checkPkg1Method,
  checkPkg1OnlyPermitted,
} from "../../harness/checks/client/pkg1.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import {
  commandFile,
  type Flags,
  IXIT,
  PKG1_HEADERS,
  pkg1Body,
  type Req,
  SessionBuilder,
} from "./transcript-builder.ts";

function session(flags: Flags, over: Req = {}) {
  return viewSession(new SessionBuilder().notify(flags).pkg1(commandFile(0, "END"), flags, over).build());
}
const withHeader = (name: string, value: string | null): Array<[string, string]> => [
  ...PKG1_HEADERS.filter(([n]) => n.toLowerCase() !== name.toLowerCase()),
  ...(value === null ? [] : [[name, value] as [string, string]]),
];

describe("checks/client pkg1 (DMC-5.3-03, DMC-5.4-01..07)", () => {
  it("DMC-5.3-03 passes DevDetail exactly when asked, fails it unasked and missing", () => {
    expect(checkDevDetailFlag([session({ sendDevDetail: true }), session({})]).verdict).to.equal("pass");
    const unasked = session({}, { body: pkg1Body({ sendDevDetail: true }) });
    expect(checkDevDetailFlag([unasked]).verdict).to.equal("fail");
    const missing = session({ sendDevDetail: true }, { body: pkg1Body({}) });
    const r = checkDevDetailFlag([missing]);
    expect(r.verdict).to.equal("fail");
    expect(r.evidence.some((e) => e.kind === "expectation" && e.text.includes("present"))).to.equal(true);
  });

  it("DMC-5.3-03 is not-exercised without a Pkg#1", () => {
    const v = viewSession(new SessionBuilder().notify({ sendDevDetail: true }).timeout("no Pkg#1").build());
    expect(checkDevDetailFlag([v]).verdict).to.equal("not-exercised");
  });

  it("DMC-5.4-01 passes POST application/tnds20 (with a charset), fails another type or method", () => {
    expect(
      checkPkg1Method([
        session({}, { headers: withHeader("Content-Type", "application/tnds20; charset=utf-8") }),
      ]).verdict,
    ).to.equal("pass");
    expect(
      checkPkg1Method([session({}, { headers: withHeader("Content-Type", "application/json") })]).verdict,
    ).to.equal("fail");
    expect(checkPkg1Method([session({}, { method: "PUT" })]).verdict).to.equal("fail");
  });

  it("DMC-5.4-02 accepts ',' and ';' lists, fails a list without application/tnds20", () => {
    expect(checkPkg1Accept([session({})]).reading).to.match(/','/);
    const semi = checkPkg1Accept([
      session({}, { headers: withHeader("Accept", "application/dm20;application/tnds;application/tnds20") }),
    ]);
    expect(semi.verdict).to.equal("pass");
    expect(semi.reading).to.match(/';'/);
    expect(
      checkPkg1Accept([session({}, { headers: withHeader("Accept", "application/dm20") })]).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.4-03 passes the IXIT's identifier, fails a missing or different one", () => {
    expect(checkPkg1DeviceId([session({})], IXIT).verdict).to.equal("pass");
    expect(
      checkPkg1DeviceId([session({}, { headers: withHeader("X-OMADMDeviceID", null) })], IXIT).verdict,
    ).to.equal("fail");
    expect(
      checkPkg1DeviceId(
        [session({}, { headers: withHeader("X-OMADMDeviceID", "IMEI:490154203237518") })],
        IXIT,
      ).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.4-04 passes DevInfo, accepts C.1's repeated keys, fails no DevInfo and broken JSON", () => {
    expect(checkPkg1DevInfo([session({})]).verdict).to.equal("pass");
    const c1 = `{"MO":[{"MOID":"oma:mo:oma-dm-devinfo:1.0","Path":"/","MOID":"oma:mo:oma-mms:1.3","Path":"/1"}],"TNDS20":[{"MOID":"oma:mo:oma-dm-devinfo:1.0","Path":"/","Man":"x"}]}`;
    expect(checkPkg1DevInfo([session({}, { body: c1 })]).reading).to.match(/repeated key/);
    expect(checkPkg1DevInfo([session({}, { body: '{"TNDS20":[]}' })]).verdict).to.equal("fail");
    const broken = checkPkg1DevInfo([session({}, { body: '{"TNDS20":[,]}' })]);
    expect(broken.verdict).to.equal("fail");
    expect(broken.evidence[1]!.location).to.have.property("offset");
  });

  it("DMC-5.4-05 passes permitted content with alerts, fails a foreign object or key", () => {
    const withAlert = JSON.stringify({ ...JSON.parse(pkg1Body({})), GenericAlert: [{ Type: "x" }] });
    const r = checkPkg1OnlyPermitted([session({}, { body: withAlert })]);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/GenericAlert/);
    const foreign = JSON.stringify({
      TNDS20: [...JSON.parse(pkg1Body({})).TNDS20, { MOID: "oma:mo:oma-connmo:1.0", Path: "/Internet" }],
    });
    expect(checkPkg1OnlyPermitted([session({}, { body: foreign })]).verdict).to.equal("fail");
    expect(
      checkPkg1OnlyPermitted([
        session({}, { body: JSON.stringify({ ...JSON.parse(pkg1Body({})), Extra: 1 }) }),
      ]).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.4-06 passes the list when asked and its absence when not; fails missing, incomplete and unasked lists", () => {
    expect(checkMoList([session({ sendSupportedMOs: true }), session({})], IXIT).verdict).to.equal("pass");
    expect(checkMoList([session({ sendSupportedMOs: true }, { body: pkg1Body({}) })], IXIT).verdict).to.equal(
      "fail",
    );
    expect(checkMoList([session({}, { body: pkg1Body({ sendSupportedMOs: true }) })], IXIT).verdict).to.equal(
      "fail",
    );
    const partial = JSON.parse(pkg1Body({ sendSupportedMOs: true }));
    partial.MO = partial.MO.slice(1);
    expect(
      checkMoList([session({ sendSupportedMOs: true }, { body: JSON.stringify(partial) })], IXIT).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.4-07 passes instance paths, fails a list without them", () => {
    expect(checkInstanceList([session({ sendAllMOInstances: true })], IXIT).verdict).to.equal("pass");
    const noPaths = session({ sendAllMOInstances: true }, { body: pkg1Body({ sendSupportedMOs: true }) });
    const r = checkInstanceList([noPaths], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/devinfo/);
    expect(checkInstanceList([session({})], IXIT).verdict).to.equal("not-exercised");
  });

  it("DMC-5.4-07 fails a list without the instance of the IXIT's writable or executable node (mutation survivors)", () => {
    const without = (moid: string, keep: (p: string) => boolean) => {
      const doc = JSON.parse(pkg1Body({ sendAllMOInstances: true }));
      for (const e of doc.MO) if (e.MOID === moid) e.Path = e.Path.filter(keep);
      return session({ sendAllMOInstances: true }, { body: JSON.stringify(doc) });
    };
    const noWritable = checkInstanceList([without("oma:mo:oma-mms:1.3", (p) => p !== "/3")], IXIT);
    expect(noWritable.verdict).to.equal("fail");
    expect(noWritable.message).to.match(/writable node \/3/);
    const noExec = checkInstanceList([without("oma:mo:oma-test-exec:1.0", () => false)], IXIT);
    expect(noExec.verdict).to.equal("fail");
    expect(noExec.message).to.match(/executable node \/Run/);
  });

  it("DMC-5.4-05 fails DevDetail in a Pkg#1 whose notification did not ask for it (mutation survivor)", () => {
    const unasked = session({}, { body: pkg1Body({ sendDevDetail: true }) });
    expect(checkPkg1OnlyPermitted([unasked]).verdict).to.equal("fail");
    expect(checkPkg1OnlyPermitted([session({ sendDevDetail: true })]).verdict).to.equal("pass");
  });
});
