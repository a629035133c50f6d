import { expect } from "chai";
import fc from "fast-check";
import {
  formatClientUri,
  levelDepth,
  limitLevels,
  parseClientUri,
} from "../../harness/protocol/client-uri.ts";
import { decodesHuge, MIB, moid, RUNS, segment } from "./property-support.ts";

const queryKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/).filter((k) => k.toLowerCase() !== "levels");
const parts = fc.record({
  star: fc.boolean(),
  moid,
  path: fc.array(segment, { maxLength: 4 }).map((s) => (s.length ? `/${s.join("/")}` : "/")),
  levels: fc.option(fc.nat(20), { nil: null }),
  extra: fc.dictionary(queryKey, fc.stringMatching(/^[A-Za-z0-9.%-]{0,8}$/), { maxKeys: 2 }),
});

const { tree } = fc.letrec<{ tree: Record<string, unknown> }>((tie) => ({
  tree: fc.dictionary(
    fc.stringMatching(/^[A-Za-z]{1,4}$/),
    fc.oneof({ depthSize: "small" }, fc.string(), tie("tree")),
    {
      maxKeys: 4,
    },
  ),
}));

describe("protocol/client-uri properties", () => {
  it(`parse(format(u)) gives back u (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(parts, (u) => {
        const s = formatClientUri({
          star: u.star,
          moid: u.moid,
          path: u.star ? "/" : u.path,
          levels: u.levels,
          query: u.extra,
        });
        const p = parseClientUri(s);
        expect(p.ok).to.equal(true);
        expect(p.raw).to.equal(s);
        expect(p.star).to.equal(u.star);
        expect(p.moid).to.equal(u.star ? null : u.moid);
        expect(p.path).to.equal(u.star ? "/" : u.path);
        expect(p.levels).to.equal(u.levels);
        const query = { ...(u.levels === null ? {} : { Levels: String(u.levels) }), ...u.extra };
        expect(p.query).to.deep.equal(query);
        expect(p.findings.map((f) => f.code)).to.deep.equal(
          Object.keys(u.extra).map(() => "client-uri-unknown-query"),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it(`any string parses without throwing (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        expect(parseClientUri(s).raw).to.equal(s);
      }),
      { numRuns: RUNS },
    );
  });

  it(`limitLevels(t, n) keeps exactly min(n, depth) levels and every kept leaf (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(tree, fc.nat(5), (t, n) => {
        const d = levelDepth(t);
        expect(levelDepth(limitLevels(t, n))).to.equal(Math.min(n, d));
        expect(levelDepth(limitLevels(t, n, { cut: "empty" }))).to.equal(Math.min(n + 1, d));
        expect(limitLevels(t, null)).to.deep.equal(t);
        expect(limitLevels(t, d)).to.deep.equal(t);
        for (const [k, v] of Object.entries(t))
          if (typeof v === "string") expect(limitLevels(t, 0)[k]).to.equal(v);
      }),
      { numRuns: RUNS },
    );
  });

  it("parses a 1 MiB ClientURI without throwing", () => {
    decodesHuge("long path", () => parseClientUri(`oma:mo:a:1.0${"/x".repeat(MIB / 2)}`));
    decodesHuge("many query pairs", () => parseClientUri(`oma:mo:a:1.0?${"a=1&".repeat(MIB / 4)}`));
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: Record<string, unknown> = { leaf: "v" };
      cur.n = next;
      cur = next;
    }
    decodesHuge("levelDepth of a 100k-deep tree", () => levelDepth(deep));
  });
});
