/**
 * The catalog against its two sources: the SCR outline (exact IDs, roles, levels) and the draft
 * (every quoted requirement occurs in it). Both files live outside the repository in the shared
 * workspace; the outline's table is parsed here so a drift on either side fails.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import {
  CATALOG_FILE,
  CatalogError,
  catalogDigest,
  loadCatalog,
  parseCatalog,
  quotedPassages,
} from "../../harness/catalog/catalog.ts";

const DRAFT = "/work/shared/spec/oma-dm-2.0-draft.txt";
const OUTLINE = "/work/shared/scr-outline.md";

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

/** `| DMC-5.3-01 | MUST | …` rows of the outline, with the role of the table they sit in. */
function outlineRows(): { id: string; level: string; role: "client" | "server" }[] {
  const rows: { id: string; level: string; role: "client" | "server" }[] = [];
  let role: "client" | "server" = "client";
  for (const line of readFileSync(OUTLINE, "utf8").split("\n")) {
    if (line.startsWith("## DM client")) role = "client";
    if (line.startsWith("## DM server")) role = "server";
    const m = /^\| (DM[CS]-[0-9.]+-[0-9]{2}) \| ([A-Z ]+?) \|/.exec(line);
    if (m) rows.push({ id: m[1]!, level: m[2]!, role });
  }
  return rows;
}

describe("clause catalog (harness/catalog/scr.json)", () => {
  const catalog = loadCatalog();

  it("holds exactly the 45 clauses of the SCR outline, with its roles and levels, in its order", () => {
    const rows = outlineRows();
    expect(rows).to.have.length(45);
    expect(catalog.clauses.map((c) => ({ id: c.id, level: c.level, role: c.role }))).to.deep.equal(rows);
  });

  it("quotes the draft verbatim (whitespace-normalised) in every requirement", () => {
    const draft = normalise(readFileSync(DRAFT, "utf8"));
    const missing = catalog.clauses.flatMap((c) =>
      quotedPassages(c.requirement)
        .filter((p) => !draft.includes(normalise(p)))
        .map((p) => `${c.id}: "${p}"`),
    );
    expect(missing, missing.join("\n")).to.deep.equal([]);
  });

  it("quotes the clause's level keyword, or records that the SCR outline ranks a keyword-less sentence", () => {
    const lacking = catalog.clauses
      .filter((c) => !c.requirement.includes(c.level))
      .filter((c) => !c.interpretation?.includes(`the SCR outline ranks it ${c.level}`))
      .map((c) => c.id);
    expect(lacking).to.deep.equal([]);
  });

  it("gives every clause a summary, a section matching its ID and a known testability", () => {
    for (const c of catalog.clauses) {
      expect(c.summary, c.id).to.be.a("string").and.not.equal("");
      expect(c.id.slice(4).startsWith(`${c.section}-`), c.id).to.equal(true);
      expect(["tested", "conditional", "untestable"], c.id).to.include(c.testability);
    }
  });

  it("records the testability the brief fixes: 5.8-13 untestable, 5.8-11/5.8-12/DMS-5.3-01 conditional", () => {
    expect(catalog.byId("DMC-5.8-13")?.testability).to.equal("untestable");
    expect(catalog.byId("DMC-5.8-13")?.condition).to.match(/browserIsolated/);
    expect(catalog.byId("DMC-5.8-11")?.testability).to.equal("conditional");
    expect(catalog.byId("DMC-5.8-11")?.condition).to.match(/\bexec\b/);
    expect(catalog.byId("DMC-5.8-12")?.testability).to.equal("conditional");
    expect(catalog.byId("DMC-5.8-12")?.condition).to.match(/\bshow\b/);
    expect(catalog.byId("DMS-5.3-01")?.testability).to.equal("conditional");
    expect(catalog.byId("DMS-5.3-01")?.condition).to.match(/notify/);
    expect(catalog.byId("DMC-5.8-14")?.level).to.equal("SHOULD");
  });

  it("finds clauses by ID and nothing for an unknown one", () => {
    expect(catalog.byId("DMS-5.8-01")?.role).to.equal("server");
    expect(catalog.byId("DMC-9.9-99")).to.equal(undefined);
  });

  it("has a stable digest that changes with any clause field and ignores file layout", () => {
    const json = JSON.parse(readFileSync(CATALOG_FILE, "utf8"));
    expect(catalog.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(loadCatalog().digest).to.equal(catalog.digest);
    // Same content, other key order and title: same digest.
    const reordered = {
      clauses: json.clauses.map((c: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(c).reverse()),
      ),
    };
    expect(parseCatalog(reordered).digest).to.equal(catalog.digest);
    const changed = structuredClone(json);
    changed.clauses[0].summary += ".";
    expect(parseCatalog(changed).digest).to.not.equal(catalog.digest);
    expect(catalogDigest(catalog.clauses)).to.equal(catalog.digest);
  });

  it("refuses a malformed catalog, naming the clause and field", () => {
    const json = JSON.parse(readFileSync(CATALOG_FILE, "utf8"));
    const dup = structuredClone(json);
    dup.clauses.push(dup.clauses[0]);
    expect(() => parseCatalog(dup)).to.throw(CatalogError, /DMC-5\.3-01 is listed twice/);
    const badLevel = structuredClone(json);
    badLevel.clauses[1].level = "MUSTN'T";
    expect(() => parseCatalog(badLevel)).to.throw(CatalogError, /DMC-5\.3-02.*level/);
    const badRole = structuredClone(json);
    badRole.clauses[0].role = "server";
    expect(() => parseCatalog(badRole)).to.throw(CatalogError, /binds the client/);
    const noCondition = structuredClone(json);
    delete noCondition.clauses.find((c: { id: string }) => c.id === "DMC-5.8-13").condition;
    expect(() => parseCatalog(noCondition)).to.throw(CatalogError, /DMC-5\.8-13.*condition/);
    const stray = structuredClone(json);
    stray.clauses[2].verdict = "pass";
    expect(() => parseCatalog(stray)).to.throw(CatalogError, /unknown field "verdict"/);
  });
});
