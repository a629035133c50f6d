/** The CLI's small parts on their own: output folders, the per-clause progress, the terminal text. */
import { existsSync, readlinkSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { ClauseProgress } from "../../harness/cli/clause-progress.ts";
import { defaultOutDir, runStamp, updateLatest } from "../../harness/cli/output-dir.ts";
import { clauseLine, type SettledClause, verdictLine } from "../../harness/cli/terminal.ts";
import type { Verdict } from "../../harness/model/verdict.ts";
import type { Report } from "../../harness/report/report-model.ts";
import type { TestOutcome } from "../../harness/runner/suite-runner.ts";

const catalog = loadCatalog();

function outcome(title: string, verdicts: Record<string, Verdict>): TestOutcome {
  return {
    title,
    fullTitle: `suite ${title}`,
    clauses: Object.keys(verdicts),
    state: Object.values(verdicts).some((v) => v === "fail" || v === "error") ? "failed" : "passed",
    durationMs: 5,
    results: Object.entries(verdicts).map(([clause, verdict]) => ({
      clause,
      verdict,
      message: `${clause} ${verdict}`,
      evidence: [],
    })),
    verdicts,
  };
}

const info = (title: string, clauses: string[]) => ({
  title,
  fullTitle: `suite ${title}`,
  clauses,
  pending: false,
});

describe("CLI pieces", () => {
  describe("output folders", () => {
    it("names a run folder by UTC time and role, with a suffix when that name is taken", async () => {
      const cwd = await mkdtemp(join(tmpdir(), "dm20-out-"));
      const at = new Date("2025-03-04T05:06:07.891Z");
      expect(runStamp(at)).to.equal("2025-03-04T05-06-07Z");
      const first = defaultOutDir(cwd, "client", at);
      expect(first).to.equal(join(cwd, "reports", "2025-03-04T05-06-07Z-client"));
      await mkdir(first, { recursive: true });
      expect(defaultOutDir(cwd, "client", at)).to.equal(`${first}-2`);
    });

    it("points reports/latest at the newest run in reports/, and leaves it alone for an --out elsewhere", async () => {
      const cwd = await mkdtemp(join(tmpdir(), "dm20-latest-"));
      const a = join(cwd, "reports", "a");
      const b = join(cwd, "reports", "b");
      await mkdir(a, { recursive: true });
      await mkdir(b, { recursive: true });
      expect(await updateLatest(a, cwd)).to.equal(join(cwd, "reports", "latest"));
      expect(readlinkSync(join(cwd, "reports", "latest"))).to.equal("a");
      await updateLatest(b, cwd);
      expect(readlinkSync(join(cwd, "reports", "latest")), "relative, so the folder can move").to.equal("b");
      expect(await updateLatest(join(cwd, "elsewhere"), cwd)).to.equal(undefined);
      expect(readlinkSync(join(cwd, "reports", "latest"))).to.equal("b");
      expect(existsSync(join(cwd, "reports", "latest", "."))).to.equal(true);
    });
  });

  describe("ClauseProgress", () => {
    it("settles a clause once every selected test naming it has ended, with the fold of their verdicts", () => {
      const settled: SettledClause[] = [];
      const p = new ClauseProgress(
        catalog,
        [info("t1", ["DMC-5.4-01", "DMC-5.4-02"]), info("t2", ["DMC-5.4-02"]), info("t3", ["DMC-9.9-99"])],
        (s) => settled.push(s),
      );
      p.record(outcome("t1", { "DMC-5.4-01": "pass", "DMC-5.4-02": "pass" }));
      expect(settled.map((s) => [s.clause.id, s.verdict])).to.deep.equal([["DMC-5.4-01", "pass"]]);
      p.record(outcome("t2", { "DMC-5.4-02": "fail" }));
      expect(settled.map((s) => [s.clause.id, s.verdict])).to.deep.equal([
        ["DMC-5.4-01", "pass"],
        ["DMC-5.4-02", "fail"],
      ]);
      expect(settled[1]).to.include({ tests: 2, why: "DMC-5.4-02 fail" });
      p.finish();
      expect(settled, "an unknown clause is never printed as settled").to.have.length(2);
    });

    it("settles what never reported when the run ends, as an error", () => {
      const settled: SettledClause[] = [];
      const p = new ClauseProgress(catalog, [info("t1", ["DMS-5.5-01"])], (s) => settled.push(s));
      p.finish();
      expect(settled.map((s) => [s.clause.id, s.verdict])).to.deep.equal([["DMS-5.5-01", "error"]]);
    });
  });

  describe("terminal text", () => {
    const s: SettledClause = {
      clause: catalog.byId("DMC-5.6-04")!,
      verdict: "fail",
      tests: 1,
      durationMs: 12,
      why: "MsgID 3 expected",
    };

    it("a clause line: verdict word, ID, level, summary, counts; the reason below a non-pass", () => {
      const line = clauseLine(s, false);
      expect(line).to.match(/^ {2}FAIL +DMC-5\.6-04 +MUST +Status body lines/);
      expect(line).to.include("(1 test, 12 ms)");
      expect(line.split("\n")[1]).to.match(/↳ MsgID 3 expected$/);
      expect(line).to.not.include("\u001b[");
    });

    it("colours only when asked to, and the verdict word stays in the text either way", () => {
      const coloured = clauseLine(s, true);
      expect(coloured).to.include("\u001b[31mFAIL");
      expect(coloured.replace(/\u001b\[\d+m/g, "")).to.equal(clauseLine(s, false));
    });

    it("the verdict line names the clauses that block certification", () => {
      const report = {
        certified: false,
        outcome: "not-certified",
        strict: false,
        blocking: ["DMC-5.4-01", "DMS-5.5-03"],
        incomplete: [],
        clauses: [],
      } as unknown as Report;
      expect(verdictLine(report, false)).to.equal(
        "NOT CERTIFIED: DMC-5.4-01, DMS-5.5-03 block certification",
      );
      expect(verdictLine({ ...report, certified: true, outcome: "certified", blocking: [] }, false)).to.match(
        /^CERTIFIED/,
      );
    });
  });
});
