import { expect } from "chai";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { VERDICTS } from "../../harness/model/verdict.ts";
import { buildReport, EVIDENCE_TEXT_LIMIT, NO_TEST_NOTE } from "../../harness/report/build-report.ts";
import type { CatalogLike, Report } from "../../harness/report/report-model.ts";
import type { TestOutcome } from "../../harness/runner/suite-runner.ts";
import { fabricateOutcomes, outcome, resultFor, STUB_CATALOG } from "./fixtures/outcomes.ts";

function build(outcomes: TestOutcome[], over: Partial<Parameters<typeof buildReport>[0]> = {}): Report {
  return buildReport({
    catalog: STUB_CATALOG,
    outcomes,
    iut: { role: "client", target: "trigger: ./wake.sh", deviceId: "IMEI:004401074860001" },
    options: { timeout: 10000, clause: [] },
    started: new Date("2025-01-02T03:04:05.000Z"),
    finished: new Date("2025-01-02T03:04:17.500Z"),
    strict: false,
    harness: { name: "oma-dm20-conformance", version: "0.1.0" },
    ixit: DEFAULT_IXIT,
    ...over,
  });
}

function clause(report: Report, id: string) {
  const c = report.clauses.find((x) => x.id === id);
  if (!c) throw new Error(`no clause ${id} in report`);
  return c;
}

describe("buildReport", () => {
  it("has the contract's shape, plus the catalog digest and run facts", () => {
    const report = build([outcome("[DMC-5.4-01] posts", [resultFor("DMC-5.4-01", "pass")])]);
    expect(report).to.include.keys(
      "harness",
      "iut",
      "started",
      "finished",
      "certified",
      "clauses",
      "summary",
      "catalog",
      "options",
    );
    expect(report.harness).to.deep.equal({ name: "oma-dm20-conformance", version: "0.1.0" });
    expect(report.catalog).to.deep.equal({ digest: "sha256:stub-catalog-0001", clauses: 8 });
    expect(report.iut).to.deep.equal({
      role: "client",
      target: "trigger: ./wake.sh",
      deviceId: "IMEI:004401074860001",
    });
    expect(report.started).to.equal("2025-01-02T03:04:05.000Z");
    expect(report.durationMs).to.equal(12_500);
    const c = clause(report, "DMC-5.4-01");
    expect(c).to.include({ role: "client", level: "MUST", section: "5.4", verdict: "pass" });
    expect(c.requirement).to.match(/^The DM Client MUST send Pkg#1/);
    expect(c.tests[0]).to.include({ title: "[DMC-5.4-01] posts", verdict: "pass", durationMs: 12 });
    expect(c.tests[0]!.evidence[0]!.text).to.contain("POST /dm HTTP/1.1\r\n");
    expect(c.readings).to.deep.equal(["DMC-5.4-01 reading A"]);
    // The JSON survives a round trip unchanged (no Dates, no Uint8Arrays).
    expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
  });

  it("lists only the IUT's role, and clauses no test ran as not-exercised with a note", () => {
    const report = build([outcome("[DMC-5.4-01] posts", [resultFor("DMC-5.4-01", "pass")])]);
    expect(report.clauses.map((c) => c.id)).to.not.include("DMS-5.5-01");
    expect(report.clauses).to.have.length(7);
    const idle = clause(report, "DMC-5.6-04");
    expect(idle.verdict).to.equal("not-exercised");
    expect(idle.tests).to.deep.equal([]);
    expect(idle.note).to.equal(NO_TEST_NOTE);
    expect(clause(report, "DMC-5.4-01").note).to.equal(undefined);
    const both = build([], { iut: { role: "both", target: "selftest" } });
    expect(both.clauses).to.have.length(8);
  });

  it("fails certification on a MUST fail or error, names the blocking clauses", () => {
    const failing = build([
      outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "fail")]),
      outcome("[DMC-5.5-02] b", [resultFor("DMC-5.5-02", "error")]),
      outcome("[DMC-5.6-04] c", [resultFor("DMC-5.6-04", "pass")]),
    ]);
    expect(failing.certified).to.equal(false);
    expect(failing.outcome).to.equal("not-certified");
    expect(failing.blocking).to.deep.equal(["DMC-5.4-01", "DMC-5.5-02"]);
    expect(clause(failing, "DMC-5.4-01").blocksCertification).to.equal(true);
    expect(clause(failing, "DMC-5.6-04").blocksCertification).to.equal(false);
    expect(clause(failing, "DMC-5.6-04").standing).to.equal("holds");
    // The other rules (incomplete, partial, declarations) are in certification.test.ts.
  });

  it("records per clause what the IXIT declares and how much of it the run covered", () => {
    const report = build([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "pass")])], {
      selection: { clauses: ["DMC-5.4-01"] },
    });
    expect(report.selection).to.deep.equal({ clauses: ["DMC-5.4-01"] });
    expect(clause(report, "DMC-5.4-01")).to.deep.include({
      coverage: "full",
      applicability: { applicable: true },
    });
    expect(clause(report, "DMC-5.6-04").coverage).to.equal("none");
    expect(clause(report, "DMC-5.8-13").applicability).to.deep.equal({
      applicable: true,
      declared: "untestable",
      basis: 'IXIT "browserIsolated": true',
    });
  });

  it("keeps an excerpt that several checks of one test quote only once", () => {
    const quoted = {
      kind: "http-response" as const,
      label: "answer to Pkg#1",
      text: "HTTP/1.1 200 OK\r\n\r\n",
    };
    const a = { ...resultFor("DMC-5.4-01", "fail"), evidence: [quoted] };
    const b = { ...resultFor("DMC-5.4-01", "fail"), message: "another finding", evidence: [quoted] };
    const report = build([outcome("[DMC-5.4-01] two checks", [a, b])]);
    expect(clause(report, "DMC-5.4-01").tests[0]!.evidence).to.deep.equal([quoted]);
  });

  it("lists a test naming two clauses under each, with that clause's own verdict and evidence", () => {
    const report = build([
      outcome("[DMC-5.6-04][DMC-5.6-06] status package", [
        resultFor("DMC-5.6-04", "fail"),
        resultFor("DMC-5.6-06", "pass"),
      ]),
    ]);
    const a = clause(report, "DMC-5.6-04").tests[0]!;
    const b = clause(report, "DMC-5.6-06").tests[0]!;
    expect(a.clauses).to.deep.equal(["DMC-5.6-04", "DMC-5.6-06"]);
    expect(a.verdict).to.equal("fail");
    expect(a.message).to.equal("DMC-5.6-04: expected MsgID 2, saw MsgID 3");
    expect(a.evidence.map((e) => e.label)).to.deep.equal(["first line", "status package body"]);
    expect(b.evidence.map((e) => e.label)).to.deep.equal(["DMC-5.6-06 request #1"]);
    // The runner's verdict for the clause is kept as given (see suite-runner verdictsOf).
    expect(b.verdict).to.equal(report.clauses.find((c) => c.id === "DMC-5.6-06")!.verdict);
  });

  it("explains an error verdict with the error that stopped the test, and keeps its stack", () => {
    const died = outcome("[DMC-5.4-01] died", [], "failed");
    const report = build([died]);
    const t = clause(report, "DMC-5.4-01").tests[0]!;
    expect(t.verdict).to.equal("error");
    expect(t.message).to.equal("boom");
    expect(t.error?.stack).to.contain("at sample");
    const silent = build([outcome("[DMC-5.4-01] judged nothing", [], "passed")]);
    expect(clause(silent, "DMC-5.4-01").tests[0]!.message).to.match(/without judging this clause/);
    expect(silent.certified).to.equal(false);
  });

  it("keeps informative probes apart and uncounted", () => {
    const report = build([outcome("probes TLS versions", [], "passed")]);
    expect(report.informative).to.have.length(1);
    expect(report.informative[0]).to.include({ title: "probes TLS versions", state: "passed" });
    expect(report.summary.total).to.equal(7);
    expect(report.summary["not-exercised"]).to.equal(7);
  });

  it("warns about a test naming a clause the catalog does not hold, and shows it", () => {
    const report = build([outcome("[DMC-9.9-99] ghost", [], "passed")]);
    expect(report.warnings).to.have.length(1);
    expect(report.warnings[0]).to.contain("DMC-9.9-99");
    expect(report.informative[0]!.message).to.contain("DMC-9.9-99");
  });

  it("counts verdicts overall and per role and level", () => {
    const catalog: CatalogLike = STUB_CATALOG;
    const report = build(fabricateOutcomes(catalog), { iut: { role: "both", target: "selftest" } });
    const s = report.summary;
    expect(VERDICTS.reduce((n, v) => n + s[v], 0)).to.equal(s.total);
    expect(s.total).to.equal(8);
    expect(s.fail).to.equal(1);
    expect(s.byRoleLevel.client?.MUST?.fail).to.equal(1);
    expect(s.byRoleLevel.client?.["MUST NOT"]?.total).to.equal(2);
    expect(s.byRoleLevel.server?.MUST?.total).to.equal(1);
    expect(s.byRoleLevel.client?.SHOULD?.total).to.equal(1);
  });

  it("cuts a runaway evidence excerpt and says so", () => {
    const huge = resultFor("DMC-5.4-01", "fail");
    huge.evidence.push({ kind: "body", label: "huge", text: "x".repeat(EVIDENCE_TEXT_LIMIT + 500) });
    const report = build([outcome("[DMC-5.4-01] huge", [huge])]);
    const text = clause(report, "DMC-5.4-01").tests[0]!.evidence.at(-1)!.text;
    expect(text.length).to.be.lessThan(EVIDENCE_TEXT_LIMIT + 100);
    expect(text).to.match(/\[\.\.\. 500 more characters not shown\]$/);
  });
});
