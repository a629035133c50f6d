import { expect } from "chai";
import {
  type Command,
  checkCommandSyntax,
  parseCommandFile,
  serializeCommandFile,
} from "../../harness/protocol/command-file.ts";
import { at, bytes, codes } from "./support.ts";

describe("protocol/command-file (5.5, 5.8)", () => {
  it("reads C.4's body with no finding", () => {
    const f = parseCommandFile(
      bytes(
        "MsgID 1\r\nGET http://169.254.2.2/DM20/MMS13.tnds20 oma:mo:oma-mms:1.3/3\r\nGET http://169.254.2.2/DM20/ConnMOMMS.tnds20",
      ),
    );
    expect(f.msgId).to.equal(1);
    expect(f.findings).to.deep.equal([]);
    expect(f.lineBreaks).to.equal("crlf");
    expect(f.commands.map((c) => [c.name, c.params.length, c.line])).to.deep.equal([
      ["GET", 2, 2],
      ["GET", 1, 3],
    ]);
  });

  it("accepts one final CRLF silently but reports a blank line after it", () => {
    expect(parseCommandFile(bytes("MsgID 2\r\nEND\r\n")).findings).to.deep.equal([]);
    expect(parseCommandFile(bytes("MsgID 2\r\nEND\r\n")).finalLineBreak).to.equal(true);
    const f = parseCommandFile(bytes("MsgID 2\r\nEND\r\n\r\n"));
    expect(at(f.findings, "trailing-blank-line")).to.deep.equal([[3, 1]]);
  });

  it("reports LF-only and CR-only breaks where they are, and the mix", () => {
    const f = parseCommandFile(bytes("MsgID 2\nEND\rEND"));
    expect(at(f.findings, "lf-line-break")).to.deep.equal([[1, 8]]);
    expect(at(f.findings, "cr-line-break")).to.deep.equal([[2, 4]]);
    expect(f.lineBreaks).to.equal("mixed");
    expect(parseCommandFile(bytes("MsgID 2\nEND")).lineBreaks).to.equal("lf");
    expect(parseCommandFile(bytes("MsgID 2")).lineBreaks).to.equal("none");
  });

  it("reports empty lines, leading/trailing/multiple spaces with columns", () => {
    const f = parseCommandFile(bytes("MsgID 3\r\n\r\n END\r\nDELETE  oma:mo:x:1.0/a \r\nEND"));
    expect(at(f.findings, "empty-line")).to.deep.equal([[2, 1]]);
    expect(at(f.findings, "leading-space")).to.deep.equal([[3, 1]]);
    expect(at(f.findings, "multiple-spaces")).to.deep.equal([[4, 7]]);
    expect(at(f.findings, "trailing-space")).to.deep.equal([[4, 23]]);
    expect(f.commands.map((c) => c.keyword)).to.deep.equal(["END", "DELETE", "END"]);
  });

  it("reports a missing or non-integer MsgID and keeps reading commands", () => {
    const noId = parseCommandFile(bytes("GET https://a.b/x\r\nEND"));
    expect(codes(noId.findings)).to.deep.equal(["missing-msgid"]);
    expect(noId.msgId).to.equal(null);
    expect(noId.commands).to.have.length(2);
    const word = parseCommandFile(bytes("MsgID one\r\nEND"));
    expect(word.msgIdRaw).to.equal("one");
    expect(at(word.findings, "non-integer-msgid")).to.deep.equal([[1, 7]]);
    expect(codes(parseCommandFile(bytes("MsgID -1\r\nEND")).findings)).to.deep.equal(["non-integer-msgid"]);
    expect(codes(parseCommandFile(bytes("")).findings)).to.deep.equal(["missing-msgid"]);
  });

  it("recognises keywords only in upper case, and still checks a lower-case one's parameters", () => {
    const f = parseCommandFile(bytes("MsgID 0\r\nget notaurl\r\nFETCH x"));
    expect(f.commands[0]!.name).to.equal(null);
    expect(codes(f.findings)).to.deep.equal([
      "lowercase-keyword",
      "server-uri-not-absolute",
      "unknown-command",
    ]);
  });

  const cmd = (keyword: string, ...params: string[]): Command => ({
    keyword,
    name: keyword as Command["name"],
    params,
    line: 2,
    raw: [keyword, ...params].join(" "),
  });

  it("checks 5.8 parameter counts", () => {
    expect(codes(checkCommandSyntax(cmd("GET")))).to.deep.equal(["param-count"]);
    expect(codes(checkCommandSyntax(cmd("PUT", "https://a.b/")))).to.deep.equal(["param-count"]);
    expect(codes(checkCommandSyntax(cmd("DELETE", "oma:mo:a:1.0", "oma:mo:b:1.0")))).to.deep.equal([
      "param-count",
    ]);
    expect(codes(checkCommandSyntax(cmd("END", "x")))).to.deep.equal(["param-count"]);
    expect(codes(checkCommandSyntax(cmd("DEFAULT", "oma:mo:oma-mms:1.3")))).to.deep.equal(["param-count"]);
    expect(
      checkCommandSyntax(cmd("POST", "https://a.b/", "oma:mo:a:1.0", "oma:mo:b:1.0/x", "*?Levels=1")),
    ).to.deep.equal([]);
  });

  it("checks parameter kinds: ServerURI absolute, ClientURI readable, MOID, SHOW's Close/Continue", () => {
    expect(codes(checkCommandSyntax(cmd("GET", "/DM20/x.tnds20")))).to.deep.equal([
      "server-uri-not-absolute",
    ]);
    expect(codes(checkCommandSyntax(cmd("GET", "oma:mo:oma-mms:1.3/3")))).to.deep.equal([
      "server-uri-not-absolute",
    ]);
    expect(codes(checkCommandSyntax(cmd("EXEC", "oma:mo:a:1.0/Op", "relative")))).to.deep.equal([
      "server-uri-not-absolute",
    ]);
    expect(codes(checkCommandSyntax(cmd("DELETE", "https://a.b/x")))).to.deep.equal(["client-uri-invalid"]);
    expect(codes(checkCommandSyntax(cmd("DEFAULT", "https://a.b/x", "https://a.b/y")))).to.deep.equal([
      "moid-invalid",
    ]);
    expect(codes(checkCommandSyntax(cmd("SHOW", "https://a.b/ui")))).to.deep.equal([
      "show-missing-close-continue",
    ]);
    expect(checkCommandSyntax(cmd("SHOW", "https://a.b/ui?Close=https://a.b/done"))).to.deep.equal([]);
    expect(checkCommandSyntax(cmd("GET", "https://dm.b/[MCC]/[MNC]/x.tnds20"))).to.deep.equal([]);
  });

  it("serializes with CRLF between lines and no final break by default", () => {
    const b = serializeCommandFile(4, [
      { name: "GET", params: ["https://a.b/x"] },
      { name: "END", params: [] },
    ]);
    expect(new TextDecoder().decode(b)).to.equal("MsgID 4\r\nGET https://a.b/x\r\nEND");
    const lf = serializeCommandFile(4, [{ name: "END", params: [] }], {
      lineBreak: "\n",
      finalLineBreak: true,
    });
    expect(new TextDecoder().decode(lf)).to.equal("MsgID 4\nEND\n");
    expect(() => serializeCommandFile(1, [{ name: "GET", params: ["a\r\nEND"] }])).to.throw(RangeError);
  });

  it("flags invalid UTF-8 with its position and keeps the rest", () => {
    const b = new Uint8Array([...bytes("MsgID 0\r\nGET https://a.b/"), 0xff, ...bytes(" oma:mo:a:1.0")]);
    const f = parseCommandFile(b);
    expect(at(f.findings, "invalid-utf8")).to.deep.equal([[2, 17]]);
    expect(f.commands[0]!.params[1]).to.equal("oma:mo:a:1.0");
  });
});
