import { expect } from "chai";
import fc from "fast-check";
import {
  type MoEntry,
  parseTnds20,
  serializeTnds20,
  type Tnds20Object,
} from "../../harness/protocol/tnds20.ts";
import { decodesHuge, MIB, moid, mutated, noisyBytes, RUNS } from "./property-support.ts";

const key = fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
const { node } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.dictionary(key, fc.oneof({ depthSize: "small" }, fc.string({ unit: "grapheme" }), tie("node")), {
    maxKeys: 4,
  }),
}));

const moEntry: fc.Arbitrary<MoEntry> = fc
  .record({
    moid,
    ddf: fc.option(fc.webUrl(), { nil: undefined }),
    paths: fc.array(fc.string({ unit: "grapheme", maxLength: 10 }), { maxLength: 3 }),
  })
  .map((e) => (e.ddf === undefined ? { moid: e.moid, paths: e.paths } : e));

const object: fc.Arbitrary<Tnds20Object> = fc
  .tuple(moid, fc.option(fc.string({ unit: "grapheme", maxLength: 10 }), { nil: undefined }), node)
  .map(([m, path, n]) => {
    const o: Tnds20Object = { MOID: m };
    if (path !== undefined) o.Path = path;
    for (const [k, v] of Object.entries(n)) if (k !== "MOID" && k !== "Path") o[k] = v;
    return o;
  });

const doc = fc.record(
  { MO: fc.array(moEntry, { maxLength: 5 }), TNDS20: fc.array(object, { maxLength: 4 }) },
  { requiredKeys: [] },
);

describe("protocol/tnds20 properties", () => {
  it(`parse(serialize(doc)) gives back the MO list and the objects, no finding (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(doc, (d) => {
        const p = parseTnds20(serializeTnds20(d));
        expect(p.ok).to.equal(true);
        expect(p.findings).to.deep.equal([]);
        expect(p.moList).to.deep.equal(d.MO ?? null);
        expect(p.objects).to.deep.equal(d.TNDS20 ?? []);
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads any JSON object as JSON.parse does (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue(), { maxKeys: 5 }), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const p = parseTnds20(new TextEncoder().encode(text));
        expect(p.ok).to.equal(true);
        expect(p.value).to.deep.equal(JSON.parse(text));
      }),
      { numRuns: RUNS },
    );
  });

  it(`repeats of a key are reported once each, and the last one wins as in JSON.parse (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("MOID", "DDF", "Path", "x"), fc.string()), {
          minLength: 1,
          maxLength: 12,
        }),
        (pairs) => {
          const text = `{"MO":[{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}]}`;
          const p = parseTnds20(new TextEncoder().encode(text));
          const repeats = pairs.length - new Set(pairs.map(([k]) => k)).size;
          expect(p.findings.filter((f) => f.code === "duplicate-key")).to.have.length(repeats);
          expect(p.value).to.deep.equal(JSON.parse(text));
          expect(p.moList).to.have.length(pairs.filter(([k]) => k === "MOID").length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("random and mutated bytes never throw", () => {
    fc.assert(
      fc.property(fc.oneof(noisyBytes, mutated(doc.map((d) => serializeTnds20(d)))), (b) => {
        expect(parseTnds20(b).findings).to.be.an("array");
      }),
      { numRuns: RUNS },
    );
  });

  it("parses 1 MiB without throwing (big document, deep nesting, repeated keys, one string)", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const obj = '{"MOID":"oma:mo:oma-mms:1.3","Path":"/1","Name":"MMS","URI":{"MaxDepth":"20"}},';
    const many = `{"TNDS20":[${obj.repeat(MIB / obj.length)}{"MOID":"x"}]}`;
    decodesHuge("many objects", () => parseTnds20(enc(many)));
    decodesHuge("deep nesting", () => parseTnds20(enc("[".repeat(MIB))));
    decodesHuge("repeated keys", () =>
      parseTnds20(enc(`{"MO":[{${'"Path":"/",'.repeat(MIB / 11)}"MOID":"m"}]}`)),
    );
    decodesHuge("one string", () => parseTnds20(enc(`{"TNDS20":"${"a".repeat(MIB)}"}`)));
  });
});
