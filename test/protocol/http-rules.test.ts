import { expect } from "chai";
import { checkAccept, MEDIA, mediaTypeEssence, parseDeviceId } from "../../harness/protocol/http-rules.ts";
import { codes } from "./support.ts";

const both = [MEDIA.dm20, MEDIA.tnds20];

describe("protocol/http-rules (5.4-5.6 headers)", () => {
  it("reduces a Content-Type to its essence", () => {
    expect(mediaTypeEssence("Application/TNDS20; charset=utf-8")).to.equal("application/tnds20");
    expect(mediaTypeEssence(undefined)).to.equal(null);
    expect(mediaTypeEssence("garbage")).to.equal(null);
  });

  it("reads Accept lists in the draft's, C.1's and HTTP's forms", () => {
    expect(checkAccept("application/dm20; application/tnds20", both)).to.deep.equal({
      ok: true,
      missing: [],
      listed: both,
      form: "semicolon",
    });
    expect(checkAccept("application/dm20;application/tnds;application/tnds20", both).ok).to.equal(true);
    expect(checkAccept("application/dm20, application/tnds20;q=0.9", both)).to.deep.include({
      ok: true,
      form: "comma",
    });
    expect(checkAccept("application/dm20;q=1, application/tnds20", both).form).to.equal("comma");
    expect(checkAccept("application/dm20, application/tnds20; text/plain", both).form).to.equal("mixed");
    expect(checkAccept("application/dm20", both)).to.deep.include({
      ok: false,
      missing: [MEDIA.tnds20],
      form: "single",
    });
    expect(checkAccept(undefined, both)).to.deep.include({ ok: false, form: "absent" });
    expect(checkAccept("*/*", both).ok).to.equal(false);
  });

  it("reads device IDs", () => {
    expect(parseDeviceId("IMEI:004401074860001")).to.deep.include({
      ok: true,
      type: "IMEI",
      id: "004401074860001",
    });
    expect(parseDeviceId("IMEI:490154203237518").findings).to.deep.equal([]);
    expect(parseDeviceId("IMEI:01234567890123")).to.deep.include({ ok: true });
    expect(codes(parseDeviceId("IMEI:01234567890123").findings)).to.deep.equal(["imei-without-check-digit"]);
    const c1 = parseDeviceId("IMEI:00440107486xxxxxx");
    expect(c1.ok).to.equal(false);
    expect(codes(c1.findings)).to.include("imei-placeholder-digits");
    expect(parseDeviceId("MEID:A0000000002329").ok).to.equal(true);
    expect(parseDeviceId("ACME:serial-42").ok).to.equal(true);
    expect(parseDeviceId("004401074860001").ok).to.equal(false);
    expect(parseDeviceId("IMEI:").ok).to.equal(false);
    expect(parseDeviceId(undefined).ok).to.equal(false);
  });
});
