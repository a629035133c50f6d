import { expect } from "chai";
import {
  checkIndependentExecution,
  checkUnrecognisedCommands,
} from "../../harness/checks/client/command-outcomes.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, IXIT, SessionBuilder, statusFile } from "./transcript-builder.ts";

const BATCH = [
  "DELETE oma:mo:oma-mms:1.3/99",
  "FOO bar",
  "PUT https://127.0.0.1:8443/r/u1 oma:mo:oma-dm-devinfo:1.0",
  "get https://127.0.0.1:8443/r/g",
  "DELETE a b",
  "PUT https://127.0.0.1:8443/r/u2 oma:mo:oma-dm-devinfo:1.0",
];

function batch(codes: string[], sides: string[]) {
  const b = new SessionBuilder().notify().pkg1(commandFile(7, ...BATCH));
  for (const s of sides) b.side("PUT", s, "{}");
  return viewSession(b.status(statusFile(7, ...codes), commandFile(8, "END")).build());
}

describe("checks/client command outcomes (DMC-5.8-01, DMC-5.8-02)", () => {
  it("DMC-5.8-01 passes the IXIT's status for FOO, lower-case get and extra parameters", () => {
    const r = checkUnrecognisedCommands(
      [batch(["404", "406", "200", "406", "406", "200"], ["/r/u1", "/r/u2"])],
      IXIT,
    );
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(
      /unknown keyword.*another case: treated as unrecognised.*parameter count.*treated as unrecognised/,
    );
  });
  it("DMC-5.8-01 accepts either reading of a wrong-arity or lower-case 5.8 command, and records it", () => {
    // DELETE a b refused with 400; lower-case get run as GET (its request arrived).
    const b = new SessionBuilder().notify().pkg1(commandFile(7, ...BATCH));
    b.side("PUT", "/r/u1", "{}").side("GET", "/r/g", "").side("PUT", "/r/u2", "{}");
    const v = viewSession(
      b.status(statusFile(7, "404", "406", "200", "200", "400", "200"), commandFile(8, "END")).build(),
    );
    const r = checkUnrecognisedCommands([v], IXIT);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/another case: run as GET.*parameter count 5.8 rules out: refused with 400/);
  });
  it("DMC-5.8-01 fails a lower-case command reported as run whose request never came", () => {
    const v = batch(["404", "406", "200", "200", "406", "200"], ["/r/u1", "/r/u2"]);
    const r = checkUnrecognisedCommands([v], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/"get .*neither was it refused/);
  });
  it("DMC-5.8-01 expects the unsupported status for SHOW where the IXIT declares it unsupported", () => {
    const SHOW = "SHOW https://127.0.0.1:8443/r/page?Close=https://127.0.0.1:8443/r/close";
    const t = (code: string) =>
      viewSession(
        new SessionBuilder()
          .notify()
          .pkg1(commandFile(0, SHOW))
          .status(statusFile(0, code), commandFile(1, "END"))
          .build(),
      );
    expect(checkUnrecognisedCommands([t("406")], { ...IXIT, show: false }).verdict).to.equal("pass");
    expect(checkUnrecognisedCommands([t("200")], { ...IXIT, show: false }).verdict).to.equal("fail");
    expect(checkUnrecognisedCommands([t("200")], IXIT).verdict).to.equal("not-exercised");
  });
  it("DMC-5.8-01 fails 200 for an unknown command, and honours another IXIT code", () => {
    const v = batch(["404", "200", "200", "406", "406", "200"], ["/r/u1", "/r/u2"]);
    expect(checkUnrecognisedCommands([v], IXIT).verdict).to.equal("fail");
    const v2 = batch(["404", "501", "200", "501", "501", "200"], ["/r/u1", "/r/u2"]);
    expect(checkUnrecognisedCommands([v2], { ...IXIT, unsupportedStatus: 501 }).verdict).to.equal("pass");
    expect(checkUnrecognisedCommands([v2], IXIT).verdict).to.equal("fail");
  });
  it("DMC-5.8-02 passes commands run after a failure, fails 215 and missing requests", () => {
    expect(
      checkIndependentExecution([batch(["404", "406", "200", "406", "406", "200"], ["/r/u1", "/r/u2"])])
        .verdict,
    ).to.equal("pass");
    const stopped = checkIndependentExecution([batch(["404", "215", "215", "215", "215", "215"], [])]);
    expect(stopped.verdict).to.equal("fail");
    expect(stopped.message).to.match(/not executed/);
    expect(
      checkIndependentExecution([batch(["404", "406", "200", "406", "406", "200"], ["/r/u1"])]).verdict,
    ).to.equal("fail");
  });
  it("DMC-5.8-02 fails requests out of command order", () => {
    const r = checkIndependentExecution([
      batch(["404", "406", "200", "406", "406", "200"], ["/r/u2", "/r/u1"]),
    ]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/ran before/);
  });
  it("DMC-5.8-02 is not-exercised when no command failed", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(7, BATCH[2]!, BATCH[5]!))
      .side("PUT", "/r/u1", "{}")
      .side("PUT", "/r/u2", "{}")
      .status(statusFile(7, "200", "200"), commandFile(8, "END"))
      .build();
    expect(checkIndependentExecution([viewSession(t)]).verdict).to.equal("not-exercised");
  });
});
