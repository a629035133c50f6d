import { expect } from "chai";
import fc from "fast-check";
import {
  checkSubstitutedUrl,
  substituteUrlParams,
  templateParams,
  URL_PARAMS,
  type UrlParamValues,
} from "../../harness/protocol/url-params.ts";
import { decodesHuge, MIB, RUNS } from "./property-support.ts";

const value = fc.string({ unit: "grapheme", maxLength: 12 });
const values: fc.Arbitrary<UrlParamValues> = fc.record({
  MNC: fc.option(value, { nil: null }),
  MCC: fc.option(value, { nil: null }),
  CMNC: fc.option(value, { nil: null }),
  CMCC: fc.option(value, { nil: null }),
  MAN: value,
  MOD: value,
  IMEI: fc.stringMatching(/^[0-9]{15}$/),
});

/** Templates whose placeholders are separated by literals holding "/", which no encoded value holds. */
const template = fc
  .array(fc.tuple(fc.constantFrom(...URL_PARAMS), fc.stringMatching(/^[a-z0-9.]{0,5}$/)), {
    minLength: 1,
    maxLength: 5,
  })
  .map((ps) => `https://dm.example.com${ps.map(([p, lit]) => `/${lit}[${p}]`).join("")}/x.tnds20`);

describe("protocol/url-params properties", () => {
  it(`a correctly substituted URL passes the check and shows every value (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(template, values, (t, v) => {
        const r = checkSubstitutedUrl(t, substituteUrlParams(t, v), v);
        expect(r.ok, JSON.stringify(r.findings)).to.equal(true);
        expect(r.findings).to.deep.equal([]);
        for (const p of templateParams(t)) expect(decodeURIComponent(r.seen[p]!)).to.equal(v[p] ?? "TBD");
      }),
      { numRuns: RUNS },
    );
  });

  it(`a changed value fails the check (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(template, values, fc.stringMatching(/^[A-Z]{3}$/), (t, v, other) => {
        const name = templateParams(t)[0]!;
        fc.pre((v[name] ?? "TBD") !== other);
        const wrong = { ...v, [name]: other };
        expect(checkSubstitutedUrl(t, substituteUrlParams(t, wrong), v).ok).to.equal(false);
      }),
      { numRuns: RUNS },
    );
  });

  it(`any actual URL is checked without throwing (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(template, fc.string({ unit: "binary", maxLength: 80 }), values, (t, actual, v) => {
        expect(checkSubstitutedUrl(t, actual, v).ok).to.be.a("boolean");
      }),
      { numRuns: RUNS },
    );
  });

  it("checks a 1 MiB URL without throwing", () => {
    const v: UrlParamValues = {
      MNC: "01",
      MCC: "240",
      CMNC: null,
      CMCC: null,
      MAN: "m",
      MOD: "d",
      IMEI: "1",
    };
    const t = "https://a.b/[MCC]/[MNC]/[MAN]/[MOD]/[IMEI]/[CMCC]";
    decodesHuge("no separator", () => checkSubstitutedUrl(t, `https://a.b/${"2".repeat(MIB)}`, v));
    decodesHuge("huge last value", () =>
      checkSubstitutedUrl(t, `https://a.b/240/01/m/d/1/${"T".repeat(MIB)}`, v),
    );
  });
});
