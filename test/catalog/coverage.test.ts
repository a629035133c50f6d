/**
 * The catalog's "tests that check it", derived from the suites themselves: each role's suite tree
 * is loaded (nothing runs) and every test's [ID] tags are read. Fails when a test names a clause
 * the catalog does not hold (or a tag that is not a well-formed ID), and when a clause has no
 * test — except those on PENDING, which may only shrink: a pending clause that is in fact covered
 * fails too, so the entry gets deleted the day its test lands.
 */
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { type Coverage, coverageOf, type DeclaredTest } from "../../harness/catalog/coverage.ts";
import { listSuiteTests } from "../../harness/runner/suite-runner.ts";

/** Clauses whose suite case is still being written. Delete an ID once a test names it. */
const PENDING: readonly string[] = [];

const catalog = loadCatalog();

describe("clause coverage of the suites", function () {
  // Loading the suite trees imports every suite module once (no test runs).
  this.timeout(30_000);
  let coverage: Coverage;
  let count = 0;

  before(async () => {
    const client = await listSuiteTests("client");
    const server = await listSuiteTests("server");
    count = client.length + server.length;
    coverage = coverageOf(catalog, [
      { role: "client", tests: client },
      { role: "server", tests: server },
    ]);
  });

  it("finds the suites' tests", () => {
    expect(count).to.be.greaterThan(0);
  });

  it("no test names a clause ID the catalog does not hold", () => {
    expect(
      coverage.unknownTags,
      `tests naming unknown clauses:\n${coverage.unknownTags.join("\n")}`,
    ).to.deep.equal([]);
  });

  it("no test names a clause of the other role", () => {
    expect(coverage.misplaced).to.deep.equal([]);
  });

  it("every clause has at least one (non-skipped) test, except the pending ones, and PENDING only shrinks", () => {
    if (PENDING.length > 0) console.log(`      clauses still pending a suite test: ${PENDING.join(", ")}`);
    const missing = coverage.uncovered.filter((id) => !PENDING.includes(id));
    expect(
      missing,
      `clauses without a test (write one, or list as pending): ${missing.join(", ")}`,
    ).to.deep.equal([]);
    const nowCovered = PENDING.filter((id) => !coverage.uncovered.includes(id));
    expect(nowCovered, `covered now, delete from PENDING: ${nowCovered.join(", ")}`).to.deep.equal([]);
  });
});

describe("coverageOf (the check itself, on made-up tests)", () => {
  const t = (title: string, pending = false): DeclaredTest => ({
    title,
    fullTitle: `suite ${title}`,
    clauses: [...title.matchAll(/\[(DM[CS]-[0-9.]+-[0-9]{2})\]/g)].map((m) => m[1]!),
    file: "/x/suites/client/a.spec.ts",
    pending,
  });

  it("maps tests to the clauses they tag and lists the clauses left without a test", () => {
    const c = coverageOf(catalog, [{ role: "client", tests: [t("[DMC-5.3-01][DMC-5.3-02] tls")] }]);
    expect(c.testsByClause.get("DMC-5.3-01")).to.deep.equal(["suite [DMC-5.3-01][DMC-5.3-02] tls"]);
    expect(c.uncovered).to.have.length(43);
    expect(c.uncovered).to.not.include("DMC-5.3-02");
  });

  it("reports unknown and malformed tags", () => {
    const c = coverageOf(catalog, [{ role: "client", tests: [t("[DMC-9.9-99] x"), t("[DMC-5.6-4] typo")] }]);
    expect(c.unknownTags).to.have.length(2);
    expect(c.unknownTags[1]).to.match(/\[DMC-5\.6-4\] in "suite \[DMC-5\.6-4\] typo"/);
  });

  it("does not count a skipped test as coverage, and flags a clause filed under the wrong role", () => {
    const c = coverageOf(catalog, [
      { role: "client", tests: [t("[DMC-5.4-01] skipped", true)] },
      { role: "server", tests: [t("[DMC-5.4-02] wrong place")] },
    ]);
    expect(c.uncovered).to.include("DMC-5.4-01");
    expect(c.misplaced).to.deep.equal(["suite [DMC-5.4-02] wrong place: DMC-5.4-02 binds the client"]);
  });
});
