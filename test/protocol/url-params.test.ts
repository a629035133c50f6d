import { expect } from "chai";
import {
  checkSubstitutedUrl,
  substituteUrlParams,
  templateParams,
  type UrlParamValues,
} from "../../harness/protocol/url-params.ts";
import { codes } from "./support.ts";

const values: UrlParamValues = {
  MNC: "01",
  MCC: "240",
  CMNC: null,
  CMCC: null,
  MAN: "OMA Reference",
  MOD: "Ref/1",
  IMEI: "004401074860001",
};
const template = "https://dm.example/[MCC]/[MNC]/[CMCC]-[CMNC]/[MAN]?mod=[MOD]&imei=[IMEI]";

describe("protocol/url-params (5.8.1)", () => {
  it("lists placeholders once each, in order", () => {
    expect(templateParams(template)).to.deep.equal(["MCC", "MNC", "CMCC", "CMNC", "MAN", "MOD", "IMEI"]);
    expect(templateParams("https://a/[FOO]/[MCC]/[MCC]")).to.deep.equal(["MCC"]);
  });

  it("substitutes percent-encoded values and TBD for null", () => {
    expect(substituteUrlParams(template, values)).to.equal(
      "https://dm.example/240/01/TBD-TBD/OMA%20Reference?mod=Ref%2F1&imei=004401074860001",
    );
  });

  it("accepts the encoded and the raw form, full URL or request target", () => {
    const enc = checkSubstitutedUrl(template, substituteUrlParams(template, values), values);
    expect(enc).to.deep.include({ ok: true, findings: [] });
    expect(enc.seen).to.deep.include({ MCC: "240", CMNC: "TBD", MAN: "OMA%20Reference" });
    const raw = checkSubstitutedUrl(
      template,
      "/240/01/TBD-TBD/OMA Reference?mod=Ref/1&imei=004401074860001",
      values,
    );
    expect(raw).to.deep.include({ ok: true, findings: [] });
  });

  it("fails a placeholder left in, a wrong value, and a missing TBD", () => {
    const left = checkSubstitutedUrl("https://a/[MCC]/x", "https://a/[MCC]/x", values);
    expect(left.ok).to.equal(false);
    expect(codes(left.findings)).to.deep.equal(["url-param-not-substituted"]);
    const wrong = checkSubstitutedUrl("https://a/[MCC]/x", "https://a/310/x", values);
    expect(codes(wrong.findings)).to.deep.equal(["url-param-mismatch"]);
    const empty = checkSubstitutedUrl("https://a/[CMCC]/x", "https://a//x", values);
    expect(codes(empty.findings)).to.deep.equal(["url-param-not-tbd"]);
    expect(codes(checkSubstitutedUrl("https://a/[MCC]/x", "https://b/240/x", values).findings)).to.deep.equal(
      ["url-template-mismatch"],
    );
  });

  it("allows an added query (DEFAULT's ?InitiatedBy=) and reports it", () => {
    const r = checkSubstitutedUrl("https://a/cfg/[MCC]", "/cfg/240?InitiatedBy=User", values);
    expect(r.ok).to.equal(true);
    expect(codes(r.findings)).to.deep.equal(["url-extra-query"]);
  });
});
