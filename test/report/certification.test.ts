/**
 * Certification means evidence (issue 9 §1): a run is CERTIFIED only when every applicable binding
 * clause passed, or has the not-applicable / untestable verdict the IXIT declares; a binding clause
 * without evidence makes it INCOMPLETE; a failure NOT CERTIFIED; a selected or interrupted run is
 * PARTIAL, never a certification. Each case below is one a lenient rule would certify.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { DEFAULT_IXIT, type Ixit } from "../../harness/model/ixit.ts";
import type { Verdict } from "../../harness/model/verdict.ts";
import { outcomeSentence } from "../../harness/report/outcome-text.ts";
import type { Report } from "../../harness/report/report-model.ts";
import type { TestOutcome } from "../../harness/runner/suite-runner.ts";
import { captureIo } from "../cli/capture-io.ts";
import { CONFORMANT_CLIENT, outcome, resultFor, stubReport } from "./fixtures/outcomes.ts";

const CONFORMANT = CONFORMANT_CLIENT;

function outcomesFor(verdicts: Record<string, Verdict>): TestOutcome[] {
  return Object.entries(verdicts).map(([id, v]) => outcome(`[${id}] test of ${id}`, [resultFor(id, v)]));
}

function run(
  changes: Record<string, Verdict> = {},
  over: {
    ixit?: Partial<Ixit>;
    strict?: boolean;
    selection?: Report["selection"];
    interrupted?: string;
  } = {},
): Report {
  return stubReport(outcomesFor({ ...CONFORMANT, ...changes }), {
    strict: over.strict ?? false,
    ixit: { ...DEFAULT_IXIT, ...over.ixit },
    ...(over.selection ? { selection: over.selection } : {}),
    ...(over.interrupted ? { interrupted: over.interrupted } : {}),
  });
}

describe("certification", () => {
  it("certifies a full run where every binding clause passed or has its declared verdict", () => {
    const r = run();
    expect(r.outcome).to.equal("certified");
    expect(r.certified).to.equal(true);
    expect(r.blocking).to.deep.equal([]);
    expect(r.incomplete).to.deep.equal([]);
    expect(outcomeSentence(r)).to.match(/^CERTIFIED: every applicable MUST \/ MUST NOT clause passed/);
  });

  it("a device that never answers is INCOMPLETE, naming each clause and what was waited for", () => {
    const silent = Object.fromEntries(Object.keys(CONFORMANT).map((id) => [id, "not-exercised" as Verdict]));
    const r = run(silent);
    expect(r.outcome).to.equal("incomplete");
    expect(r.certified).to.equal(false);
    // Every binding clause, and not the SHOULD one (not binding without --strict).
    expect(r.incomplete).to.deep.equal([
      "DMC-5.4-01",
      "DMC-5.5-02",
      "DMC-5.6-04",
      "DMC-5.6-06",
      "DMC-5.8-12",
      "DMC-5.8-13",
    ]);
    expect(outcomeSentence(r)).to.match(/^INCOMPLETE: no evidence for DMC-5\.4-01, .*DMC-5\.8-13/);
  });

  it("one binding clause not exercised among passes is enough for INCOMPLETE", () => {
    expect(run({ "DMC-5.6-06": "not-exercised" }).outcome).to.equal("incomplete");
  });

  it("a failure outweighs missing evidence: NOT CERTIFIED", () => {
    const r = run({ "DMC-5.6-06": "not-exercised", "DMC-5.4-01": "fail" });
    expect(r.outcome).to.equal("not-certified");
    expect(r.blocking).to.deep.equal(["DMC-5.4-01"]);
    expect(r.incomplete).to.deep.equal(["DMC-5.6-06"]);
  });

  it("counts an error as a failure, never as a pass", () => {
    expect(run({ "DMC-5.6-04": "error" }).outcome).to.equal("not-certified");
  });

  it("accepts not-applicable or untestable only where the IXIT declares that verdict", () => {
    // DMC-5.6-04 has no IXIT declaration: a check that gives up does not hold it.
    expect(run({ "DMC-5.6-04": "not-applicable" }).outcome).to.equal("incomplete");
    expect(run({ "DMC-5.6-04": "untestable" }).outcome).to.equal("incomplete");
    // SHOW declared unsupported: DMC-5.8-12 not-applicable holds; declared supported, it does not.
    // (without SHOW there is no browser: DMC-5.8-13 is declared not applicable too)
    expect(
      run({ "DMC-5.8-12": "not-applicable", "DMC-5.8-13": "not-applicable" }, { ixit: { show: false } })
        .outcome,
    ).to.equal("certified");
    expect(run({ "DMC-5.8-12": "not-applicable" }).outcome).to.equal("incomplete");
    // The browser declared isolated: untestable holds; a not-applicable there does not.
    expect(run({ "DMC-5.8-13": "not-applicable" }).outcome).to.equal("incomplete");
  });

  it("a device whose IXIT declares its SHOW browser can reach the DM tree is NOT CERTIFIED", () => {
    const r = run({}, { ixit: { browserIsolated: false } });
    expect(r.outcome).to.equal("not-certified");
    expect(r.blocking).to.deep.equal(["DMC-5.8-13"]);
    expect(r.clauses.find((c) => c.id === "DMC-5.8-13")!.applicability.declared).to.equal("fail");
  });

  it("SHOULD clauses count only with --strict", () => {
    expect(run({ "DMC-5.8-14": "fail" }).outcome).to.equal("certified");
    expect(run({ "DMC-5.8-14": "not-exercised" }).outcome).to.equal("certified");
    expect(run({ "DMC-5.8-14": "fail" }, { strict: true }).outcome).to.equal("not-certified");
    expect(run({ "DMC-5.8-14": "not-exercised" }, { strict: true }).outcome).to.equal("incomplete");
  });

  describe("a run that selects clauses is never a certification", () => {
    const selected = { clauses: ["DMC-5.4-01"] };
    const only = (v: Verdict) => stubReport(outcomesFor({ "DMC-5.4-01": v }), { selection: selected });

    it("PARTIAL, 'NO FAILURE in K selected clauses', when none failed, erred or went unexercised", () => {
      const r = only("pass");
      expect(r.outcome).to.equal("partial");
      expect(r.certified).to.equal(false);
      expect(outcomeSentence(r)).to.equal("NO FAILURE in 1 selected clauses (not a certification)");
    });

    it("NOT CERTIFIED with a failure, INCOMPLETE with a selected clause not exercised", () => {
      expect(only("fail").outcome).to.equal("not-certified");
      expect(only("not-exercised").outcome).to.equal("incomplete");
    });

    it("--grep makes every clause partial, even when all of them ran", () => {
      const r = run({}, { selection: { grep: "test of" } });
      expect(r.clauses.every((c) => c.coverage === "partial")).to.equal(true);
      expect(r.outcome).to.equal("partial");
    });
  });

  it("an interrupted run is PARTIAL with the signal recorded, or NOT CERTIFIED when something failed", () => {
    const r = run({}, { interrupted: "SIGTERM" });
    expect(r.outcome).to.equal("partial");
    expect(r.interrupted).to.equal("SIGTERM");
    expect(outcomeSentence(r)).to.match(/^INTERRUPTED \(SIGTERM\): NO FAILURE in 7 clauses judged so far/);
    expect(run({ "DMC-5.4-01": "fail" }, { interrupted: "SIGINT" }).outcome).to.equal("not-certified");
  });
});

describe("certification through the CLI", function () {
  this.timeout(60_000);

  it("a device that never answers: INCOMPLETE, exit 1, naming the clause and what was waited for", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-silent-"));
    const c = captureIo();
    // `true` wakes nothing: no session ever opens.
    const args = ["run", "--iut", "client", "--trigger", "true", "--clause", "DMC-5.4-01"];
    const code = await main([...args, "--timeout", "1500", "--reporter", "json", "--out", dir], c.io);
    expect(code, c.out() + c.err()).to.equal(1);
    const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as Report;
    expect(report.outcome).to.equal("incomplete");
    expect(report.incomplete).to.deep.equal(["DMC-5.4-01"]);
    expect(c.out()).to.match(/No evidence \(1\)[\s\S]*DMC-5\.4-01 MUST NOT-EXERCISED[^\n]*\n {5}\S/);
    expect(c.out()).to.include("INCOMPLETE: no evidence for DMC-5.4-01");
    expect(c.out()).to.not.match(/^CERTIFIED/m);
  });
});
