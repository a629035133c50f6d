import { expect } from "chai";
import fc from "fast-check";
import { parseStatusFile, serializeStatusFile } from "../../harness/protocol/status-file.ts";
import { decodesHuge, MIB, mutated, noisyBytes, RUNS, token } from "./property-support.ts";

const statusFile = fc.record({
  msgId: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  statuses: fc.array(
    fc.record({ code: fc.integer({ min: 1, max: 999_999 }), params: fc.array(token, { maxLength: 3 }) }),
    { maxLength: 10 },
  ),
  finalLineBreak: fc.boolean(),
});

describe("protocol/status-file properties", () => {
  it(`parse(serialize(f)) gives back f with no finding (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(statusFile, (f) => {
        const p = parseStatusFile(
          serializeStatusFile(f.msgId, f.statuses, { finalLineBreak: f.finalLineBreak }),
        );
        expect(p.findings).to.deep.equal([]);
        expect(p.msgId).to.equal(f.msgId);
        expect(p.statuses.map((s) => ({ code: s.code, params: s.params }))).to.deep.equal(f.statuses);
        expect(p.lineBreaks).to.equal(f.statuses.length === 0 && !f.finalLineBreak ? "none" : "crlf");
      }),
      { numRuns: RUNS },
    );
  });

  it(`a status code is read as a number exactly when it is decimal digits (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(token, (code) => {
        const p = parseStatusFile(new TextEncoder().encode(`MsgID 0\r\n${code}`));
        const decimal = /^[0-9]+$/.test(code) && Number.isSafeInteger(Number(code));
        expect(p.statuses[0]!.code).to.equal(decimal ? Number(code) : null);
        expect(p.statuses[0]!.codeRaw).to.equal(code);
        expect(p.findings.some((f) => f.code === "non-decimal-status-code")).to.equal(!decimal);
      }),
      { numRuns: RUNS },
    );
  });

  it("random and mutated bytes never throw", () => {
    const valid = statusFile.map((f) => serializeStatusFile(f.msgId, f.statuses));
    fc.assert(
      fc.property(fc.oneof(noisyBytes, mutated(valid)), (b) => {
        expect(parseStatusFile(b).statuses).to.be.an("array");
      }),
      { numRuns: RUNS },
    );
  });

  it("parses 1 MiB without throwing", () => {
    const body = `MsgID 1\r\n${"200 oma:mo:oma-connmo:1.0/MMS\r\n".repeat(MIB / 31)}`;
    decodesHuge("many statuses", () => parseStatusFile(new TextEncoder().encode(body)));
    decodesHuge("only CR", () => parseStatusFile(new Uint8Array(MIB).fill(0x0d)));
  });
});
