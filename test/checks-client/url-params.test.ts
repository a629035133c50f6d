import { expect } from "chai";
import { checkTbd, checkUrlParams } from "../../harness/checks/client/url-params.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, IXIT, SessionBuilder, statusFile } from "./transcript-builder.ts";

const CMDS = ["IMEI", "MAN", "MCC"].map(
  (p) => `PUT https://127.0.0.1:8443/r/p/${p}/[${p}] oma:mo:oma-dm-devinfo:1.0`,
);

function session(targets: string[]) {
  const b = new SessionBuilder().notify().pkg1(commandFile(0, ...CMDS));
  for (const t of targets) b.side("PUT", t, "{}");
  return viewSession(b.status(statusFile(0, "200", "200", "200"), commandFile(1, "END")).build());
}

describe("checks/client url parameters (DMC-5.8.1-01, DMC-5.8.1-02)", () => {
  it("DMC-5.8.1-01 passes the IXIT's values, raw or percent-encoded", () => {
    const r = checkUrlParams(
      [session([`/r/p/IMEI/${IXIT.imei}`, "/r/p/MAN/OMA%20Reference", `/r/p/MCC/${IXIT.mcc}`])],
      IXIT,
    );
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/percent-encoded/);
  });
  it("DMC-5.8.1-01 fails a placeholder left in place or a wrong value", () => {
    const left = checkUrlParams(
      [session(["/r/p/IMEI/[IMEI]", "/r/p/MAN/OMA%20Reference", `/r/p/MCC/${IXIT.mcc}`])],
      IXIT,
    );
    expect(left.verdict).to.equal("fail");
    expect(left.message).to.match(/\[IMEI\] was left/);
    expect(
      checkUrlParams([session([`/r/p/IMEI/${IXIT.imei}`, "/r/p/MAN/Other", `/r/p/MCC/${IXIT.mcc}`])], IXIT)
        .verdict,
    ).to.equal("fail");
  });
  it("DMC-5.8.1-02 is not-applicable with a SIM; passes TBD and fails an empty value without one", () => {
    expect(checkTbd([session([])], IXIT).verdict).to.equal("not-applicable");
    const noSim = { ...IXIT, mcc: null, mnc: null };
    expect(
      checkTbd([session([`/r/p/IMEI/${IXIT.imei}`, "/r/p/MAN/OMA%20Reference", "/r/p/MCC/TBD"])], noSim)
        .verdict,
    ).to.equal("pass");
    expect(
      checkTbd([session([`/r/p/IMEI/${IXIT.imei}`, "/r/p/MAN/OMA%20Reference", "/r/p/MCC/"])], noSim).verdict,
    ).to.equal("fail");
    // Answered with a status, yet the URL never used: a fail, not "not exercised".
    expect(checkTbd([session([])], noSim).verdict).to.equal("fail");
    const unanswered = viewSession(
      new SessionBuilder()
        .notify()
        .pkg1(commandFile(0, ...CMDS))
        .build(),
    );
    expect(checkTbd([unanswered], noSim).verdict).to.equal("not-exercised");
  });
});
