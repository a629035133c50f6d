import { expect } from "chai";
import { checkExec } from "../../harness/checks/client/exec.ts";
import { checkBrowserIsolation, checkShow } from "../../harness/checks/client/show.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, IXIT, SessionBuilder, statusFile } from "./transcript-builder.ts";

const EXEC = `EXEC ${IXIT.exec!.node} https://127.0.0.1:8443/r/alert`;

describe("checks/client exec and show (DMC-5.8-11..13)", () => {
  it("DMC-5.8-11 passes an EXEC whose Generic Alert reached the ServerURI", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, EXEC))
      .side("POST", "/r/alert", '{"GenericAlert":[{"Data":"run 1"}]}')
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    const r = checkExec([viewSession(t)], IXIT);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/GenericAlert/);
  });
  it("DMC-5.8-11 fails a missing alert and a failed EXEC; not-applicable without exec; status only with an alert server", () => {
    const none = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, EXEC))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkExec([viewSession(none)], IXIT).verdict).to.equal("fail");
    const failed = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, EXEC))
      .status(statusFile(0, "405"), commandFile(1, "END"))
      .build();
    expect(checkExec([viewSession(failed)], IXIT).verdict).to.equal("fail");
    expect(checkExec([viewSession(none)], { ...IXIT, exec: null }).verdict).to.equal("not-applicable");
    const own = checkExec([viewSession(none)], {
      ...IXIT,
      exec: { node: IXIT.exec!.node, alertServer: true },
    });
    expect(own.verdict).to.equal("pass");
    expect(own.reading).to.match(/own server/);
  });

  const SHOW = "SHOW https://127.0.0.1:8443/r/page?Close=https://127.0.0.1:8443/r/close";
  it("DMC-5.8-12 passes page, Close URL, then the status", () => {
    const t = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, SHOW))
      .side("GET", "/r/page?Close=https://127.0.0.1:8443/r/close")
      .side("GET", "/r/close")
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    const r = checkShow([viewSession(t)], IXIT);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/Close/);
  });
  it("DMC-5.8-12 fails a status before the Close URL loaded, and a page never loaded", () => {
    const early = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, SHOW))
      .side("GET", "/r/page?Close=https://127.0.0.1:8443/r/close")
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .side("GET", "/r/close")
      .build();
    const r = checkShow([viewSession(early)], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/pause/);
    const never = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, SHOW))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkShow([viewSession(never)], IXIT).verdict).to.equal("fail");
  });
  it("DMC-5.8-12 is not-applicable where the IXIT declares SHOW unsupported (its status is DMC-5.8-01's)", () => {
    const t = viewSession(
      new SessionBuilder()
        .notify()
        .pkg1(commandFile(0, SHOW))
        .status(statusFile(0, "406"), commandFile(1, "END"))
        .build(),
    );
    expect(checkShow([t], { ...IXIT, show: false }).verdict).to.equal("not-applicable");
  });
  it("DMC-5.8-13 follows the IXIT: untestable when isolated, fail when declared not isolated, not-applicable without SHOW", () => {
    expect(checkBrowserIsolation(IXIT).verdict).to.equal("untestable");
    const r = checkBrowserIsolation({ ...IXIT, browserIsolated: false });
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/browserIsolated: false/);
    expect(checkBrowserIsolation({ ...IXIT, show: false }).verdict).to.equal("not-applicable");
  });
});
