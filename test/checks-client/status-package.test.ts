import { expect } from "chai";
import {
  checkSameUrl,
  checkStatusContentType,
  checkStatusHeaders,
  checkStatusLayout,
  checkStatusLines,
  checkStatusOrder,
} from "../../harness/checks/client/status-package.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, IXIT, SessionBuilder, STATUS_HEADERS, statusFile } from "./transcript-builder.ts";

const PUT = (n: number) => `PUT https://127.0.0.1:8443/r/u${n} oma:mo:oma-dm-devinfo:1.0`;

/** Pkg#1 → MsgID 41 [PUT] → status → MsgID 42 [PUT] → status → END. */
function threePackages(
  status41 = statusFile(41, "200"),
  status42 = statusFile(42, "200"),
  over: { headers?: Array<[string, string]>; target?: string } = {},
) {
  return viewSession(
    new SessionBuilder()
      .notify()
      .pkg1(commandFile(41, PUT(1)))
      .side("PUT", "/r/u1", "{}")
      .status(status41, commandFile(42, PUT(2)), over)
      .side("PUT", "/r/u2", "{}")
      .status(status42, commandFile(43, "END"))
      .quiet()
      .build(),
  );
}
const header = (name: string, value: string | null): Array<[string, string]> => [
  ...STATUS_HEADERS.filter(([n]) => n.toLowerCase() !== name.toLowerCase()),
  ...(value === null ? [] : [[name, value] as [string, string]]),
];

describe("checks/client status-package (DMC-5.6-01..06)", () => {
  it("passes a conformant session on every clause", () => {
    const v = [threePackages()];
    for (const r of [
      checkSameUrl(v),
      checkStatusContentType(v),
      checkStatusHeaders(v),
      checkStatusLayout(v),
      checkStatusLines(v),
      checkStatusOrder(v, IXIT),
    ]) {
      expect(r.verdict, `${r.clause}: ${r.message}`).to.equal("pass");
    }
  });

  it("is not-exercised when no status package came", () => {
    const v = [viewSession(new SessionBuilder().notify().pkg1(commandFile(0, "END")).build())];
    expect(checkStatusLayout(v).verdict).to.equal("not-exercised");
    expect(checkSameUrl(v).verdict).to.equal("not-exercised");
  });

  it("DMC-5.6-01 fails a status package to another URL, and a missing one after an answer without END", () => {
    expect(checkSameUrl([threePackages(undefined, undefined, { target: "/dm/status" })]).verdict).to.equal(
      "fail",
    );
    const stopped = viewSession(
      new SessionBuilder()
        .notify()
        .pkg1(commandFile(3, PUT(1)))
        .side("PUT", "/r/u1", "{}")
        .timeout("waiting for Pkg#2")
        .build(),
    );
    const r = checkSameUrl([stopped]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/no status package followed/);
  });

  it("DMC-5.6-02 fails a status package with another Content-Type", () => {
    expect(
      checkStatusContentType([
        threePackages(undefined, undefined, { headers: header("Content-Type", "text/plain") }),
      ]).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.6-03 fails an Accept without tnds20 and a changed device ID", () => {
    expect(
      checkStatusHeaders([
        threePackages(undefined, undefined, { headers: header("Accept", "application/dm20") }),
      ]).verdict,
    ).to.equal("fail");
    expect(
      checkStatusHeaders([
        threePackages(undefined, undefined, { headers: header("X-OMADMDeviceID", "IMEI:999999999999999") }),
      ]).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.6-04 fails LF-only lines and a MsgID off by one; accepts a final CRLF and C.3's trailing space", () => {
    expect(checkStatusLayout([threePackages("MsgID 41\n200")]).verdict).to.equal("fail");
    const off = checkStatusLayout([threePackages(statusFile(42, "200"))]);
    expect(off.verdict).to.equal("fail");
    expect(off.message).to.match(/MsgID 42 .* MsgID 41/);
    const c3 = checkStatusLayout([threePackages("MsgID 41\r\n200 \r\n")]);
    expect(c3.verdict).to.equal("pass");
    expect(c3.reading).to.match(/final CRLF.*trailing-space/);
  });

  it("DMC-5.6-05 fails a hexadecimal status code and points at it", () => {
    const r = checkStatusLines([threePackages(statusFile(41, "0xC8"))]);
    expect(r.verdict).to.equal("fail");
    expect(r.evidence.find((e) => e.location)?.location?.line).to.equal(2);
  });

  it("DMC-5.6-06 fails a missing status, and statuses out of order when the recorded expectations tell", () => {
    const session = (statuses: string[]) =>
      viewSession(
        new SessionBuilder()
          .notify()
          .event(
            "expectations",
            JSON.stringify({ msgId: 5, outcomes: ["success", "failure", "unsupported", "success"] }),
          )
          .pkg1(commandFile(5, PUT(1), "DELETE oma:mo:oma-mms:1.3/99", "FOO bar", PUT(2)))
          .status(statusFile(5, ...statuses), commandFile(6, "END"))
          .build(),
      );
    const r = checkStatusOrder([session(["200", "406", "404", "200"])], IXIT);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/out of order/);
    const ok = checkStatusOrder([session(["200", "404", "406", "200"])], IXIT);
    expect(ok.verdict).to.equal("pass");
    expect(ok.reading).to.match(/distinguishable/);
    expect(checkStatusOrder([threePackages(statusFile(41))], IXIT).verdict).to.equal("fail");
  });
});
