import { expect } from "chai";
import {
  canParseUrl,
  isAbsoluteUrl,
  parseUrlSafely,
  urlScheme,
} from "../../harness/protocol/absolute-url.ts";

describe("protocol/absolute-url", () => {
  it("reads scheme://host as absolute, with 5.8.1 placeholders filled first", () => {
    expect(isAbsoluteUrl("https://dm.example.com/a?b=1")).to.equal(true);
    expect(isAbsoluteUrl("https://[MAN].example.com/[IMEI]")).to.equal(true);
    expect(isAbsoluteUrl("oma:mo:x:1.0/3")).to.equal(false);
    expect(isAbsoluteUrl("/relative")).to.equal(false);
    expect(urlScheme("HTTP://a.b/")).to.equal("http");
    expect(canParseUrl("x", "https://a.b/")).to.equal(true);
  });

  // Node 20: URL.canParse's fast path, taken once the caller is optimised, reads a Latin-1 string
  // as UTF-8 bytes ("\u00c3\u00a0" becomes "à"): hot, canParse said yes and new URL threw.
  it("gives the same answer cold and hot for Latin-1 text, and never throws (the fuzz finding)", () => {
    const bad = "https://dm*exaMple.com\u00c3\u00a0dm20";
    const good = "https://dm.example.com/\u00e9\u00e8";
    const answers = new Set<string>();
    for (let i = 0; i < 30_000; i++) {
      answers.add(`${isAbsoluteUrl(bad)} ${isAbsoluteUrl(good)} ${parseUrlSafely(bad) === null}`);
    }
    expect([...answers]).to.deep.equal(["false true true"]);
  });
});
