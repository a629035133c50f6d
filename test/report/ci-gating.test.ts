/**
 * CI gating (issue 12): --baseline passes a run whose every clause is at least as good as the
 * baseline, fails it naming each regression, and notes each clause now better; --write-baseline
 * writes one; with GITHUB_STEP_SUMMARY set the outcome and the failing clauses are appended as a
 * Markdown table. Driven through `merge` (the CI gate of sharded runs), which needs no IUT.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { main } from "../../harness/cli/main.ts";
import { fail, type Verdict } from "../../harness/model/verdict.ts";
import {
  atLeastAsGood,
  BASELINE_FORMAT,
  compareWithBaseline,
  VERDICT_RANK,
} from "../../harness/report/baseline.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { markdownCell } from "../../harness/report/step-summary.ts";
import { captureIo } from "../cli/capture-io.ts";
import { outcome, resultFor, stubReport } from "./fixtures/outcomes.ts";

const catalog = loadCatalog();
const SERVER = catalog.clauses.filter((c) => c.role === "server").map((c) => c.id);

/** A server report judged against the real catalog: every clause passes unless told otherwise. */
function serverReport(verdicts: Record<string, Verdict> = {}): Report {
  return stubReport(
    SERVER.map((id) =>
      outcome(
        `[${id}] t`,
        verdicts[id] === "fail"
          ? [fail(id, `${id}: saw | <b>MsgID 2</b> where 1 was due`, [])]
          : [resultFor(id, verdicts[id] ?? "pass")],
      ),
    ),
    { catalog, iut: { role: "server", target: "https://127.0.0.1:8443/dm20" } },
  );
}

describe("CI gating", function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-gate-"));
  });

  async function reportFile(name: string, verdicts: Record<string, Verdict> = {}): Promise<string> {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(serverReport(verdicts)));
    return file;
  }

  describe("the order 'at least as good'", () => {
    it("is fail < error < not-exercised < untestable = not-applicable < pass", () => {
      const order: Verdict[] = ["fail", "error", "not-exercised", "untestable", "pass"];
      for (let i = 1; i < order.length; i++) {
        expect(VERDICT_RANK[order[i]!]).to.be.greaterThan(VERDICT_RANK[order[i - 1]!]);
        expect(atLeastAsGood(order[i - 1]!, order[i]!), `${order[i - 1]} vs ${order[i]}`).to.equal(false);
      }
      expect(atLeastAsGood("untestable", "not-applicable")).to.equal(true);
      expect(atLeastAsGood("not-applicable", "untestable")).to.equal(true);
    });

    it("expects a clause the baseline does not list to pass, and skips what the run did not judge", () => {
      const r = serverReport({ "DMS-5.5-03": "fail", "DMS-5.7-02": "not-exercised" });
      r.clauses.find((c) => c.id === "DMS-5.8-01")!.coverage = "none";
      const cmp = compareWithBaseline(r, {
        format: BASELINE_FORMAT,
        clauses: { "DMS-5.5-03": "fail", "DMS-5.8-01": "pass" },
      });
      expect(cmp.compared).to.equal(9);
      expect(cmp.regressions).to.deep.equal([
        { id: "DMS-5.7-02", expected: "pass", now: "not-exercised", listed: false },
      ]);
      expect(cmp.improvements).to.deep.equal([]);
    });
  });

  it("--write-baseline writes the run's verdicts; --baseline passes an equal run and fails a regression", async () => {
    const known = await reportFile("known-failing", { "DMS-5.5-03": "fail", "DMS-5.3-01": "not-exercised" });
    const baseline = join(dir, "expected.json");
    const first = captureIo();
    expect(
      await main(["merge", known, "--out", join(dir, "m1"), "--write-baseline", baseline], first.io),
    ).to.equal(1);
    const written = JSON.parse(await readFile(baseline, "utf8"));
    expect(written.format).to.equal(BASELINE_FORMAT);
    expect(written.clauses).to.include({
      "DMS-5.5-03": "fail",
      "DMS-5.3-01": "not-exercised",
      "DMS-5.5-01": "pass",
    });

    // The same verdicts again: not certified, but no regression, so the gate passes.
    const same = captureIo();
    expect(await main(["merge", known, "--out", join(dir, "m2"), "--baseline", baseline], same.io)).to.equal(
      0,
    );
    expect(same.out()).to.include("NOT CERTIFIED: DMS-5.5-03 blocks certification");
    expect(same.out()).to.include(`BASELINE ${baseline}: no regression in 10 clauses compared`);

    // DMS-5.5-01 now fails: exit 1, the regression named; DMS-5.3-01 now passes: a note.
    const worse = await reportFile("worse", { "DMS-5.5-03": "fail", "DMS-5.5-01": "fail" });
    const gate = captureIo();
    expect(await main(["merge", worse, "--out", join(dir, "m3"), "--baseline", baseline], gate.io)).to.equal(
      1,
    );
    expect(gate.out()).to.include(`REGRESSION against baseline ${baseline}: 1 clause worse than expected`);
    expect(gate.out()).to.include("  DMS-5.5-01: baseline pass, now fail");
    expect(gate.out()).to.include(
      "note: DMS-5.3-01: baseline not-exercised, now pass: better than its baseline (the baseline can be tightened)",
    );
  });

  it("a baseline that names an unknown clause or verdict is a set-up error (exit 2, one line)", async () => {
    const report = await reportFile("any");
    for (const [name, content, why] of [
      [
        "typo",
        { format: BASELINE_FORMAT, clauses: { "DMS-5.5-99": "pass" } },
        /no such clause in the catalog: DMS-5\.5-99/,
      ],
      [
        "verdict",
        { format: BASELINE_FORMAT, clauses: { "DMS-5.5-01": "passed" } },
        /field "clauses\.DMS-5\.5-01" must be one of/,
      ],
      ["not-an-id", { format: BASELINE_FORMAT, clauses: { oops: "pass" } }, /"oops" is not a clause ID/],
      ["format", { clauses: {} }, /field "format" is missing/],
    ] as const) {
      const file = join(dir, `bad-${name}.json`);
      await writeFile(file, JSON.stringify(content));
      const c = captureIo();
      expect(
        await main(["merge", report, "--out", join(dir, "never"), "--baseline", file], c.io),
        name,
      ).to.equal(2);
      expect(c.err().trimEnd().split("\n"), name).to.have.length(1);
      expect(c.err(), name).to.match(why);
      expect(c.err(), name).to.include(file);
    }
  });

  it("run and selftest take --baseline and --write-baseline too", async () => {
    for (const cmd of ["run", "selftest", "merge"]) {
      const c = captureIo();
      expect(await main([cmd, "--help"], c.io)).to.equal(0);
      expect(c.out(), cmd).to.include("--baseline <file>");
      expect(c.out(), cmd).to.include("--write-baseline <file>");
    }
  });

  describe("GitHub job summary", () => {
    it("appends the outcome and a table of the failing clauses when GITHUB_STEP_SUMMARY is set", async () => {
      const summary = join(dir, "step-summary.md");
      await writeFile(summary, "earlier step\n");
      const file = await reportFile("summary", { "DMS-5.5-03": "fail", "DMS-5.3-01": "not-exercised" });
      const c = captureIo();
      c.io.env = { GITHUB_STEP_SUMMARY: summary };
      expect(await main(["merge", file, "--out", join(dir, "m4")], c.io)).to.equal(1);
      const md = await readFile(summary, "utf8");
      expect(md.startsWith("earlier step\n### OMA DM 2.0 conformance: NOT CERTIFIED\n")).to.equal(true);
      expect(md).to.include("NOT CERTIFIED: DMS-5.5-03 blocks certification");
      expect(md).to.include("| clause | level | verdict | standing | why |");
      // The IUT's text escaped: a | cannot break the table, markup is not rendered.
      expect(md).to.include(
        "| DMS-5.5-03 | MUST | fail | blocks | DMS-5.5-03: saw \\| &lt;b&gt;MsgID 2&lt;/b&gt; where 1 was due |",
      );
      expect(md).to.match(/\| DMS-5\.3-01 \| MUST \| not-exercised \| unproven \| /);
    });

    it("writes nothing when it is not set", async () => {
      const file = await reportFile("no-summary");
      const c = captureIo();
      expect(await main(["merge", file, "--out", join(dir, "m5")], c.io)).to.equal(0);
      expect(c.err()).to.equal("");
    });

    it("a Markdown cell shows control characters and cannot start a new row", () => {
      expect(markdownCell("a|b\n| x |\u001b[2J")).to.equal("a\\|b \\| x \\|\u241b\\[2J");
    });
  });
});
