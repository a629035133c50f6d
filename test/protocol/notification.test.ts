import { expect } from "chai";
import {
  decodeNotification,
  encodeNotification,
  fromHex,
  toHex,
} from "../../harness/protocol/notification.ts";
import { codes } from "./support.ts";

describe("protocol/notification (5.3 Pkg#0)", () => {
  it("lays out version 0000010100, the flags MSB first, 16 reserved bits, the URL length, the URL", () => {
    const b = encodeNotification({
      url: "https://a.b/x",
      uiMode: 3,
      initiator: 1,
      sendDevDetail: true,
      sendSupportedMOs: false,
      sendAllMOInstances: true,
    });
    // 00000101 00|11|1|1|0|1 = 0x05 0x3d, reserved 0x0000, length 13
    expect(toHex(b.subarray(0, 5))).to.equal("053d00000d");
    expect(new TextDecoder().decode(b.subarray(5))).to.equal("https://a.b/x");
  });

  it("decodes what it encodes, with defaults version 20, uiMode 0, initiator 1", () => {
    const r = decodeNotification(encodeNotification({ url: "https://dm.example/s" }));
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.notification).to.deep.equal({
      version: 20,
      uiMode: 0,
      initiator: 1,
      sendDevDetail: false,
      sendSupportedMOs: false,
      sendAllMOInstances: false,
      reserved: 0,
      url: "https://dm.example/s",
    });
    expect(r.findings).to.deep.equal([]);
  });

  it("throws RangeError for a URL over 255 bytes (the length field is one byte)", () => {
    expect(() => encodeNotification({ url: `https://a.b/${"x".repeat(250)}` })).to.throw(RangeError);
    expect(() => encodeNotification({ url: `https://a.b/${"x".repeat(243)}` })).not.to.throw();
  });

  it("can write a wrong URL length for fault injection, which the decoder reports", () => {
    const b = encodeNotification({ url: "https://a.b/x" }, { urlLengthOverride: 12 });
    const r = decodeNotification(b);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.error).to.include({ code: "url-length-mismatch", field: "urlLength", offset: 4 });
  });

  it("returns typed errors, never throws: too short, wrong version, non-UTF-8, not absolute", () => {
    const short = decodeNotification(fromHex("0508"));
    expect(short.ok === false && short.error.code).to.equal("too-short");
    const v13 = decodeNotification(encodeNotification({ url: "https://a.b/", version: 13 }));
    expect(v13.ok === false && v13.error.code).to.equal("wrong-version");
    const bad = decodeNotification(fromHex("0508000002ff41"));
    expect(bad.ok === false && bad.error).to.include({ code: "url-not-utf8", offset: 5 });
    const rel = decodeNotification(encodeNotification({ url: "/dm20" }));
    expect(rel.ok === false && rel.error.code).to.equal("url-not-absolute");
  });

  it("reports nonzero reserved bits and an http URL as findings on a successful decode", () => {
    const r = decodeNotification(encodeNotification({ url: "http://a.b/", reserved: 0x8001 }));
    expect(r.ok).to.equal(true);
    expect(codes(r.findings)).to.deep.equal(["reserved-bits-nonzero", "url-not-https"]);
  });
});
