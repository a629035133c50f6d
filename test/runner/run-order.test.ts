/**
 * The order mocha runs the loaded sections in (suite-runner.ts): file order, except that a section
 * holding a check that judges only at the run's end (checkAtRunEnd) runs after the others, so the
 * rest of the run is judged while the end-of-run watch waits. Checked on a tree built here (the
 * rule) and on the client suites (every "never" check is declared as one, and so runs last).
 */
import { expect } from "chai";
import Mocha from "mocha";
import type { CheckTest } from "../../harness/runner/check.ts";
import { listSuiteTests, sectionsAtRunEndLast } from "../../harness/runner/suite-runner.ts";

function section(
  root: Mocha.Suite,
  title: string,
  tests: Array<{ title: string; atRunEnd?: boolean }>,
): void {
  const s = Mocha.Suite.create(root, title);
  for (const t of tests) {
    const test = new Mocha.Test(t.title, () => {}) as CheckTest;
    if (t.atRunEnd) test.dm20AtRunEnd = true;
    s.addTest(test);
  }
}

describe("run order of the sections", () => {
  it("moves the sections holding a check at the run's end after the others, each group in file order", () => {
    const root = new Mocha.Suite("", new Mocha.Context());
    section(root, "5.3 A", [{ title: "a1" }, { title: "a2", atRunEnd: true }]);
    section(root, "5.4 B", [{ title: "b1" }]);
    section(root, "5.5 C", [{ title: "c1", atRunEnd: true }]);
    section(root, "5.6 D", [{ title: "d1" }]);
    const nested = Mocha.Suite.create(root, "5.8 E");
    section(nested, "5.8 E inner", [{ title: "e1", atRunEnd: true }]);
    sectionsAtRunEndLast(root);
    expect(root.suites.map((s) => s.title)).to.deep.equal(["5.4 B", "5.6 D", "5.3 A", "5.5 C", "5.8 E"]);
  });

  it("leaves a tree without such checks as it is", () => {
    const root = new Mocha.Suite("", new Mocha.Context());
    section(root, "x", [{ title: "x1" }]);
    section(root, "y", [{ title: "y1" }]);
    sectionsAtRunEndLast(root);
    expect(root.suites.map((s) => s.title)).to.deep.equal(["x", "y"]);
  });

  describe("the client suites", function () {
    this.timeout(30_000);

    it("declare every check watched until the run ends as one judged at the run's end", async () => {
      const tests = await listSuiteTests("client");
      const watched = tests.filter((t) => /until the run ends/.test(t.title));
      expect(watched.length).to.be.greaterThan(5);
      for (const t of watched) expect(t.atRunEnd, t.title).to.equal(true);
    });

    it("run those checks after every test of the sections that hold none", async () => {
      const tests = await listSuiteTests("client");
      const firstAtEnd = tests.findIndex((t) => t.atRunEnd);
      expect(firstAtEnd).to.be.greaterThan(0);
      // Every test after the first of them is in a section that holds one: no plain section follows.
      const later = tests.slice(firstAtEnd).map((t) => t.file);
      const plainFiles = new Set(
        tests
          .slice(0, firstAtEnd)
          .map((t) => t.file)
          .filter((f) => !tests.some((u) => u.file === f && u.atRunEnd)),
      );
      for (const f of later) expect(plainFiles.has(f), f).to.equal(false);
    });
  });
});
