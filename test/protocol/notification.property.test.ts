import { expect } from "chai";
import fc from "fast-check";
import {
  decodeNotification,
  encodeNotification,
  type Notification,
} from "../../harness/protocol/notification.ts";
import { decodesHuge, MIB, mutated, noisyBytes, RUNS } from "./property-support.ts";

const url = fc
  .webUrl({ validSchemes: ["https", "http"], withQueryParameters: true, withFragments: true })
  .filter((u) => new TextEncoder().encode(u).length <= 255);

const notification: fc.Arbitrary<Notification> = fc.record({
  version: fc.constant(20),
  uiMode: fc.constantFrom(0, 1, 2, 3),
  initiator: fc.constantFrom(0, 1),
  sendDevDetail: fc.boolean(),
  sendSupportedMOs: fc.boolean(),
  sendAllMOInstances: fc.boolean(),
  reserved: fc.integer({ min: 0, max: 0xffff }),
  url,
});

describe("protocol/notification properties", () => {
  it(`decode(encode(n)) is n, with findings exactly for reserved bits and http (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(notification, (n) => {
        const r = decodeNotification(encodeNotification(n));
        expect(r.ok).to.equal(true);
        if (!r.ok) return;
        expect(r.notification).to.deep.equal(n);
        const want: string[] = [];
        if (n.reserved !== 0) want.push("reserved-bits-nonzero");
        if (!n.url.startsWith("https:")) want.push("url-not-https");
        expect(r.findings.map((f) => f.code)).to.deep.equal(want);
      }),
      { numRuns: RUNS },
    );
  });

  it("a wrong URL length byte is always an error, never a wrong URL", () => {
    fc.assert(
      fc.property(notification, fc.integer({ min: 0, max: 255 }), (n, len) => {
        const real = new TextEncoder().encode(n.url).length;
        fc.pre(len !== real);
        const r = decodeNotification(encodeNotification(n, { urlLengthOverride: len }));
        expect(r.ok === false && r.error.code).to.equal("url-length-mismatch");
      }),
      { numRuns: RUNS },
    );
  });

  it("random and mutated bytes never throw: only the typed result", () => {
    fc.assert(
      fc.property(fc.oneof(noisyBytes, mutated(notification.map((n) => encodeNotification(n)))), (b) => {
        const r = decodeNotification(b);
        expect(r.ok === true || typeof r.error.code === "string").to.equal(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("decodes 1 MiB without throwing", () => {
    const big = new Uint8Array(MIB).fill(0x41);
    big.set(encodeNotification({ url: "https://a.b/" }).subarray(0, 5));
    decodesHuge("1 MiB notification", () => decodeNotification(big));
  });
});
