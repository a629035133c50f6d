import { expect } from "chai";
import {
  findObject,
  hasDevDetail,
  hasDevInfo,
  MAX_JSON_DEPTH,
  parseTnds20,
  serializeTnds20,
} from "../../harness/protocol/tnds20.ts";
import { at, bytes, codes } from "./support.ts";

describe("protocol/tnds20 (Appendix C.1)", () => {
  it("reads C.1's repeated MOID/DDF/Path keys as one MO entry per MOID and reports each repeat", () => {
    const doc = `{"MO":[{
"MOID": "oma:mo:oma-mms:1.3", "DDF": "http://v/mms13.ddf", "Path": "/1",
"Path": "/3",
"MOID": "oma:mo:oma-scomo:1.0", "DDF": "http://v/scomo10.ddf"
}]}`;
    const p = parseTnds20(bytes(doc));
    expect(p.ok).to.equal(true);
    expect(p.moListStyle).to.equal("repeated-keys");
    expect(p.moList).to.deep.equal([
      { moid: "oma:mo:oma-mms:1.3", ddf: "http://v/mms13.ddf", paths: ["/1", "/3"] },
      { moid: "oma:mo:oma-scomo:1.0", ddf: "http://v/scomo10.ddf", paths: [] },
    ]);
    expect(at(p.findings, "duplicate-key")).to.deep.equal([
      [3, 1],
      [4, 1],
      [4, 33],
    ]);
    // value keeps the last occurrence, as JSON.parse does
    expect(p.value).to.deep.equal(JSON.parse(doc));
  });

  it("reads the well-formed array-of-objects MO list, Path as string or array", () => {
    const p = parseTnds20(
      bytes(
        '{"MO":[{"MOID":"oma:mo:a:1.0","Path":["/1","/2"]},{"MOID":"oma:mo:b:1.0","DDF":"d","Path":"/"}]}',
      ),
    );
    expect(p.findings).to.deep.equal([]);
    expect(p.moListStyle).to.equal("objects");
    expect(p.moList).to.deep.equal([
      { moid: "oma:mo:a:1.0", paths: ["/1", "/2"] },
      { moid: "oma:mo:b:1.0", ddf: "d", paths: ["/"] },
    ]);
  });

  it("has moList null when there is no MO key, and finds DevInfo with or without urn:", () => {
    const p = parseTnds20(
      bytes('{"TNDS20":[{"MOID":"urn:oma:mo:oma-dm-devinfo:1.0","Path":"/","DevId":"IMEI:1","Man":"m"}]}'),
    );
    expect(p.moList).to.equal(null);
    expect(hasDevInfo(p)).to.equal(true);
    expect(hasDevDetail(p)).to.equal(false);
    expect(findObject(p, "oma:mo:oma-dm-devinfo:1.0")?.Man).to.equal("m");
    expect(findObject(p, "urn:oma:mo:oma-dm-devinfo:1.0")?.Man).to.equal("m");
    expect(findObject(p, "oma-dm-devinfo:1.0")?.Man).to.equal("m");
    expect(findObject(p, "oma:mo:oma-dm-devinfo:2.0")).to.equal(undefined);
  });

  it("is strict JSON: comments and trailing commas are findings and make ok false", () => {
    const c = parseTnds20(bytes('{"TNDS20":[] // no\n}'));
    expect(c.ok).to.equal(false);
    expect(codes(c.findings)).to.deep.equal(["json-comment"]);
    const t = parseTnds20(bytes('{"TNDS20":[],\n}'));
    expect(t.ok).to.equal(false);
    expect(at(t.findings, "json-trailing-comma")).to.deep.equal([[1, 13]]);
  });

  it("reports syntax errors with line and column (bytes), and never throws", () => {
    const p = parseTnds20(bytes('{\n  "MO": [\n    {"MOID": "é" "DDF": "x"}\n  ]\n}'));
    expect(p.ok).to.equal(false);
    expect(at(p.findings, "json-comma-expected")).to.deep.equal([[3, 19]]);
    expect(parseTnds20(bytes("")).findings.map((f) => f.code)).to.deep.equal(["json-empty"]);
    expect(parseTnds20(bytes("[]")).findings.map((f) => f.code)).to.deep.equal(["tnds20-not-object"]);
    expect(parseTnds20(bytes("[".repeat(100_000))).findings.map((f) => f.code)).to.deep.equal([
      "json-too-deep",
    ]);
  });

  it("stops at MAX_JSON_DEPTH with json-too-deep at the first bracket too deep, however it is hidden", () => {
    const deep = (s: string) => parseTnds20(bytes(s)).findings.filter((f) => f.code === "json-too-deep");
    // 512 levels are read; the 513th bracket is refused, its offset named
    expect(
      parseTnds20(bytes(`${"[".repeat(512)}${"]".repeat(512)}`)).findings.map((f) => f.code),
    ).to.deep.equal(["tnds20-not-object"]);
    for (const n of [513, 5000, 1_000_000]) {
      const f = deep("[".repeat(n));
      expect(
        f.map((x) => [x.offset, x.line, x.column]),
        String(n),
      ).to.deep.equal([[512, 1, 513]]);
      expect(f[0]!.message).to.include(String(MAX_JSON_DEPTH));
    }
    expect(deep(`{"a":`.repeat(5000))).to.have.length(1);
    expect(deep(`["[[[",`.repeat(5000))).to.have.length(1);
    // the parser's own reading decides: a quote in a comment, a close it skips as an error
    expect(deep(`/*"*/${"[".repeat(20_000)}`)).to.have.length(1);
    expect(deep(`[${"[},".repeat(20_000)}`)).to.have.length(1);
    expect(deep(`{"a":${"[},".repeat(20_000)}`)).to.have.length(1);
    const p = parseTnds20(bytes(`{"MO":${"[".repeat(600)}`));
    expect([p.ok, p.value, p.moList, p.objects]).to.deep.equal([false, undefined, null, []]);
  });

  it("reports objects without MOID, unknown top-level keys, and keeps __proto__ as data", () => {
    const p = parseTnds20(
      bytes('{"TNDS20":[{"Path":"/"},{"MOID":"oma:mo:a:1.0","__proto__":{"x":"1"}}],"Alerts":[]}'),
    );
    expect(codes(p.findings)).to.deep.equal(["tnds20-object-without-moid", "unknown-top-level-key"]);
    expect(p.objects).to.have.length(1);
    expect(Object.keys(p.objects[0]!)).to.deep.equal(["MOID", "__proto__"]);
  });

  it("serializes the well-formed shape, which parses back to the same MO list and objects", () => {
    const doc = {
      MO: [
        { moid: "oma:mo:a:1.0", ddf: "http://d/a.ddf", paths: ["/1", "/3"] },
        { moid: "oma:mo:b:1.0", paths: [] },
      ],
      TNDS20: [{ MOID: "oma:mo:oma-dm-devinfo:1.0", Path: "/", Man: "x", URI: { MaxDepth: "20" } }],
    };
    const text = new TextDecoder().decode(serializeTnds20(doc));
    expect(
      text.startsWith('{"MO":[{"MOID":"oma:mo:a:1.0","DDF":"http://d/a.ddf","Path":["/1","/3"]}'),
    ).to.equal(true);
    const p = parseTnds20(serializeTnds20(doc));
    expect(p.findings).to.deep.equal([]);
    expect(p.moList).to.deep.equal(doc.MO);
    expect(p.objects).to.deep.equal(doc.TNDS20);
  });
});
