/**
 * The IXIT's declarations per clause (harness/catalog/applicability.ts): the conditional clauses of
 * the catalog, each with the declaration that makes it not applicable (or untestable, or a
 * declared violation), and every other clause applicable whatever the IXIT says.
 */
import { expect } from "chai";
import { applicability, IXIT_DEPENDENT_CLAUSES } from "../../harness/catalog/applicability.ts";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { DEFAULT_IXIT, type Ixit, parseIxit } from "../../harness/model/ixit.ts";

const ixit = (over: Partial<Ixit>): Ixit => ({ ...DEFAULT_IXIT, ...over });

describe("applicability", () => {
  it("DMC-5.8-11 (EXEC) is not applicable when the IXIT names no executable node", () => {
    expect(applicability("DMC-5.8-11", ixit({ exec: null }))).to.include({
      applicable: false,
      declared: "not-applicable",
    });
    expect(applicability("DMC-5.8-11", DEFAULT_IXIT)).to.deep.include({ applicable: true });
    expect(applicability("DMC-5.8-11", DEFAULT_IXIT).declared).to.equal(undefined);
  });

  it("DMC-5.8-12 (SHOW) is not applicable when the IXIT declares show: false", () => {
    expect(applicability("DMC-5.8-12", ixit({ show: false })).declared).to.equal("not-applicable");
    expect(applicability("DMC-5.8-12", DEFAULT_IXIT).applicable).to.equal(true);
  });

  it("DMC-5.8-13 is untestable when the browser is declared isolated, a declared violation when not", () => {
    expect(applicability("DMC-5.8-13", DEFAULT_IXIT)).to.include({
      applicable: true,
      declared: "untestable",
    });
    expect(applicability("DMC-5.8-13", ixit({ browserIsolated: false }))).to.include({
      applicable: true,
      declared: "fail",
    });
  });

  it("DMC-5.8.1-02 (TBD) is not applicable only when a SIM and a 3GPP connection are both declared", () => {
    expect(applicability("DMC-5.8.1-02", DEFAULT_IXIT).declared).to.equal("not-applicable");
    for (const key of ["mcc", "mnc", "cmcc", "cmnc"] as const) {
      expect(applicability("DMC-5.8.1-02", ixit({ [key]: null })), key).to.deep.include({ applicable: true });
    }
  });

  it("DMS-5.3-01 is not applicable when the IXIT declares the server sends no notifications", () => {
    expect(applicability("DMS-5.3-01", DEFAULT_IXIT).applicable).to.equal(true);
    const none = parseIxit({ sendsNotifications: false });
    expect(applicability("DMS-5.3-01", none)).to.include({ applicable: false, declared: "not-applicable" });
  });

  it("every other clause of the catalog applies, whatever the IXIT declares", () => {
    const odd = ixit({
      exec: null,
      show: false,
      browserIsolated: false,
      mcc: null,
      sendsNotifications: false,
    });
    const others = loadCatalog().clauses.filter((c) => !IXIT_DEPENDENT_CLAUSES.includes(c.id));
    expect(others).to.have.length(40);
    for (const c of others) expect(applicability(c.id, odd), c.id).to.deep.equal({ applicable: true });
    // And every clause it knows is in the catalog.
    for (const id of IXIT_DEPENDENT_CLAUSES) expect(loadCatalog().byId(id), id).to.not.equal(undefined);
  });
});
