import { expect } from "chai";
import { parseStatusFile, serializeStatusFile } from "../../harness/protocol/status-file.ts";
import { at, bytes, codes } from "./support.ts";

describe("protocol/status-file (5.6)", () => {
  it("reads C.3's '200 ' as code 200 and reports the trailing space", () => {
    const f = parseStatusFile(bytes("MsgID 0\r\n200 "));
    expect(f.msgId).to.equal(0);
    expect(f.statuses).to.deep.equal([{ code: 200, codeRaw: "200", params: [], line: 2, raw: "200 " }]);
    expect(at(f.findings, "trailing-space")).to.deep.equal([[2, 4]]);
  });

  it("reads parameters (C.5's new location)", () => {
    const f = parseStatusFile(bytes("MsgID 1\r\n200\r\n200 oma:mo:oma-connmo:1.0/MMS"));
    expect(f.findings).to.deep.equal([]);
    expect(f.statuses.map((s) => [s.code, s.params])).to.deep.equal([
      [200, []],
      [200, ["oma:mo:oma-connmo:1.0/MMS"]],
    ]);
  });

  it("reports a non-decimal status code and keeps its raw text", () => {
    const f = parseStatusFile(bytes("MsgID 1\r\nOK\r\n2OO\r\n0x1F4\r\n+200"));
    expect(f.statuses.map((s) => [s.code, s.codeRaw])).to.deep.equal([
      [null, "OK"],
      [null, "2OO"],
      [null, "0x1F4"],
      [null, "+200"],
    ]);
    expect(at(f.findings, "non-decimal-status-code")).to.deep.equal([
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
  });

  it("reports LF breaks and a missing MsgID", () => {
    expect(codes(parseStatusFile(bytes("200\n406")).findings)).to.deep.equal([
      "missing-msgid",
      "lf-line-break",
    ]);
  });

  it("serializes CRLF-separated lines", () => {
    const b = serializeStatusFile(7, [
      { code: 200 },
      { code: 200, params: ["oma:mo:a:1.0/1"] },
      { code: 406 },
    ]);
    expect(new TextDecoder().decode(b)).to.equal("MsgID 7\r\n200\r\n200 oma:mo:a:1.0/1\r\n406");
  });
});
