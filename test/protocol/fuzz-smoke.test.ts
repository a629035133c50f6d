/**
 * A smoke run of the fuzzer inside npm test: a few thousand inputs per public decoder, the same
 * generators and contracts as `npm run fuzz` (test/protocol/fuzz/), a fixed seed so a failure
 * reproduces. The million-input run and the linearity table are `npm run fuzz`'s, not a test's.
 */
import { expect } from "chai";
import { runCampaign } from "./fuzz/campaign.ts";
import { DECODERS } from "./fuzz/decoders.ts";

const SMOKE_INPUTS = 3000;

describe("codec fuzz smoke run (npm run fuzz holds the million-input run)", () => {
  for (const decoder of DECODERS) {
    it(`${decoder.name}: ${SMOKE_INPUTS} inputs, no exception, no contract violation`, () => {
      const s = runCampaign(decoder, 13, 0, SMOKE_INPUTS);
      expect(s.inputs).to.equal(SMOKE_INPUTS);
      expect(
        s.failures.map(
          (f) => `${f.kind}: ${f.detail.split("\n")[0]} on ${JSON.stringify(String(f.input).slice(0, 80))}`,
        ),
      ).to.deep.equal([]);
      expect([s.exceptions, s.violations]).to.deep.equal([0, 0]);
    });
  }
});
