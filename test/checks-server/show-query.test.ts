/**
 * DMS-5.8-01's reading of a SHOW ServerURI never throws on what a server sends: on Node 20,
 * URL.canParse and new URL disagree on Latin-1 text once the caller is hot (see absolute-url.ts),
 * and a check that threw would turn the clause into `error` instead of a verdict.
 */
import { expect } from "chai";
import { readShowQuery } from "../../harness/checks/server/show-query.ts";

describe("DMS-5.8-01: reading a SHOW ServerURI", () => {
  it("reads Close and Continue, absolute or relative, and names what is missing", () => {
    expect(readShowQuery("https://s.test/p?Close=https://s.test/done")).to.deep.equal({
      ok: true,
      form: "?Close=absolute URL",
    });
    expect(readShowQuery("https://s.test/p?Continue=/next")).to.deep.equal({
      ok: true,
      form: "?Continue=relative URL",
    });
    expect(readShowQuery("https://s.test/p?close=x").ok).to.equal(false);
    expect(readShowQuery("not a url").ok).to.equal(false);
  });

  it("gives a reading, never an exception, for Latin-1 text however hot the path is", () => {
    // The fuzzer's minimised case for the canParse fast path: bytes C3 A0 read as UTF-8 are "à".
    const latin1 = "https://dm*exaMple.com\u00c3\u00a0dm20";
    for (let i = 0; i < 20_000; i++) {
      expect(readShowQuery(latin1).ok).to.equal(false);
      readShowQuery(`https://s.test/p?Close=https://h\u00c3\u00a0.test/${i}`);
    }
  });
});
