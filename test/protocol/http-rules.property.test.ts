import { expect } from "chai";
import fc from "fast-check";
import { parseHttpMessageText } from "../../harness/protocol/http-message.ts";
import { checkAccept, MEDIA, parseDeviceId } from "../../harness/protocol/http-rules.ts";
import { decodesHuge, MIB, noisyBytes, RUNS } from "./property-support.ts";

const mediaType = fc.oneof(
  fc.constantFrom(MEDIA.dm20, MEDIA.tnds20, MEDIA.dm20status, "application/tnds", "text/html", "*/*"),
  fc
    .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9.+-]{1,12}$/))
    .map(([t, s]) => `${t}/${s}`),
);
const range = fc.tuple(
  mediaType,
  fc.option(fc.constantFrom(";q=0.5", "; q=1", ";charset=utf-8"), { nil: "" }),
);
const separator = fc.constantFrom(",", ", ", ";", "; ");

describe("protocol/http-rules properties", () => {
  it(`an Accept list in any separator form lists exactly its media types (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(range, separator), { minLength: 1, maxLength: 6 }), (items) => {
        const header = items.map(([[m, p], sep], i) => `${m}${p}${i < items.length - 1 ? sep : ""}`).join("");
        const r = checkAccept(header, [MEDIA.dm20, MEDIA.tnds20]);
        const types = items.map(([[m]]) => m.toLowerCase());
        expect(r.listed).to.deep.equal(types);
        expect(r.ok).to.equal(types.includes(MEDIA.dm20) && types.includes(MEDIA.tnds20));
        if (types.length === 1) expect(r.form).to.equal("single");
      }),
      { numRuns: RUNS },
    );
  });

  it(`header readers never throw on any string (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        expect(checkAccept(s, [MEDIA.dm20]).form).to.be.a("string");
        expect(parseDeviceId(s).ok).to.be.a("boolean");
      }),
      { numRuns: RUNS },
    );
  });

  it(`a 15-digit IMEI is always accepted (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{15}$/), (imei) => {
        expect(parseDeviceId(`IMEI:${imei}`)).to.deep.include({ ok: true, type: "IMEI", id: imei });
      }),
      { numRuns: RUNS },
    );
  });

  it(`textual HTTP messages never throw (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(noisyBytes, (b) => {
        expect(parseHttpMessageText(b).findings).to.be.an("array");
      }),
      { numRuns: RUNS },
    );
  });

  it("reads 1 MiB headers and messages without throwing", () => {
    decodesHuge("1 MiB Accept", () => checkAccept("application/dm20;".repeat(MIB / 17), [MEDIA.tnds20]));
    decodesHuge("1 MiB device ID", () => parseDeviceId(`IMEI:${"1".repeat(MIB)}`));
    const msg = `POST /x HTTP/1.1\r\nContent-Length: ${MIB}\r\n\r\n${"a".repeat(MIB)}`;
    decodesHuge("1 MiB message", () => parseHttpMessageText(new TextEncoder().encode(msg)));
    decodesHuge("1 MiB head", () =>
      parseHttpMessageText(new TextEncoder().encode(`GET / HTTP/1.1\r\n${"X: y\r\n".repeat(MIB / 6)}`)),
    );
  });
});
