import { expect } from "chai";
import { checkEndCommandsRun, checkNoContactAfterEnd } from "../../harness/checks/client/end.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, SessionBuilder, statusFile } from "./transcript-builder.ts";

const GET = "GET https://127.0.0.1:8443/r/g.tnds20";
const PUT = "PUT https://127.0.0.1:8443/r/u oma:mo:oma-dm-devinfo:1.0";

describe("checks/client end (DMC-5.5-01, DMC-5.5-02)", () => {
  it("DMC-5.5-01 passes when the commands beside END ran, fails when they did not", () => {
    const ran = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, GET, PUT, "END"))
      .side("GET", "/r/g.tnds20")
      .side("PUT", "/r/u", "{}")
      .quiet()
      .build();
    expect(checkEndCommandsRun([viewSession(ran)]).verdict).to.equal("pass");
    const skipped = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, GET, PUT, "END"))
      .quiet()
      .build();
    const r = checkEndCommandsRun([viewSession(skipped)]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/not executed/);
  });
  it("DMC-5.5-01 is not-exercised for END alone", () => {
    expect(
      checkEndCommandsRun([
        viewSession(new SessionBuilder().notify().pkg1(commandFile(0, "END")).quiet().build()),
      ]).verdict,
    ).to.equal("not-exercised");
  });
  it("DMC-5.5-02 passes a watched silence after END (the END batch's own requests allowed)", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, GET, "END"))
      .side("GET", "/r/g.tnds20")
      .quiet()
      .build();
    expect(checkNoContactAfterEnd([viewSession(t)]).verdict).to.equal("pass");
  });
  it("DMC-5.5-02 fails a status package after END", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, PUT, "END"))
      .side("PUT", "/r/u", "{}")
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .quiet()
      .build();
    const r = checkNoContactAfterEnd([viewSession(t)]);
    expect(r.verdict).to.equal("fail");
    expect(r.evidence.filter((e) => e.kind === "http-request").length).to.be.greaterThan(0);
  });
  it("DMC-5.5-02 is not-exercised when the harness did not watch", () => {
    expect(
      checkNoContactAfterEnd([viewSession(new SessionBuilder().notify().pkg1(commandFile(0, "END")).build())])
        .verdict,
    ).to.equal("not-exercised");
  });
});
