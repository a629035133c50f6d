/**
 * junit.xml for CI systems: one testsuite per role, one testcase per test and clause it names
 * (classname = the clause ID, so a CI's "by class" view is the SCR table), a failure carrying the
 * expected-vs-seen message, and the evidence in system-out. A clause no test judged is a skipped
 * testcase, so every clause of the run shows up.
 */
import junitReportBuilder, { type Builder, type TestCase } from "junit-report-builder";
import type { Verdict } from "../model/verdict.ts";
import type { InformativeTest, Report, ReportClause, ReportTest, Role } from "./report-model.ts";
import { visibleControlsOnly, visibleText, xmlSafe } from "./visible-text.ts";

// The package's typings declare an ES default export, but it is CommonJS (`module.exports =
// builder`): under nodenext TypeScript sees the namespace, Node hands over the builder itself.
const builder = junitReportBuilder as unknown as Builder;

const ROLE_SUITE: Record<Role, string> = {
  client: "DM client (device) clauses, DMC-",
  server: "DM server clauses, DMS-",
};

function evidenceText(test: ReportTest | InformativeTest): string {
  return test.evidence.map((ev) => `--- ${ev.label} (${ev.kind}) ---\n${visibleText(ev.text)}`).join("\n\n");
}

function systemOut(clause: ReportClause, test: ReportTest | undefined): string {
  const lines = [
    `clause:  ${clause.id} (${clause.level}, section ${clause.section})`,
    `draft:   ${clause.requirement}`,
    `verdict: ${test ? test.verdict : clause.verdict}${clause.blocksCertification ? " (blocks certification)" : ""}`,
  ];
  if (!test) return [...lines, "", clause.note ?? "No test judged this clause."].join("\n");
  if (test.clauses.length > 1)
    lines.push(`test also judges: ${test.clauses.filter((c) => c !== clause.id).join(", ")}`);
  for (const check of test.checks) {
    lines.push(
      `check:   ${check.verdict}: ${check.message}${check.reading ? ` [reading: ${check.reading}]` : ""}`,
    );
  }
  if (test.message) lines.push("", test.message);
  const evidence = evidenceText(test);
  return evidence ? `${lines.join("\n")}\n\n${evidence}` : lines.join("\n");
}

/** The schema's timestamp has no zone: UTC, to the second (report.json keeps the full ISO time). */
function junitTimestamp(iso: string): string {
  return iso.slice(0, 19);
}

/** A one-line message for an XML attribute: CI systems show it as the failure's title. */
function oneLine(text: string): string {
  return xmlSafe(visibleControlsOnly(text).replace(/\r\n|\r|\n/g, " | "));
}

function markVerdict(tc: TestCase, verdict: Verdict, message: string, stack?: string): void {
  switch (verdict) {
    case "fail":
      tc.failure(oneLine(message), "fail");
      break;
    case "error":
      tc.error(oneLine(message), "error", xmlSafe(stack ?? message));
      break;
    case "pass":
      break;
    default:
      // not-applicable, not-exercised, untestable: neither passed nor failed. The reason is in
      // system-out, because <skipped> carries no message in the common schema.
      tc.skipped();
  }
}

export function junitXml(report: Report): string {
  const b = builder.newBuilder();
  b.name(
    oneLine(`${report.harness.name} ${report.harness.version}: ${report.iut.role} ${report.iut.target}`),
  );

  for (const role of ["client", "server"] as const) {
    const clauses = report.clauses.filter((c) => c.role === role);
    if (clauses.length === 0) continue;
    const suite = b.testSuite().name(ROLE_SUITE[role]).timestamp(junitTimestamp(report.started));
    suite.property("harness", `${report.harness.name} ${report.harness.version}`);
    suite.property("catalogDigest", report.catalog.digest);
    suite.property("iut", oneLine(`${report.iut.role} ${report.iut.target}`));
    if (report.iut.deviceId) suite.property("deviceId", oneLine(report.iut.deviceId));
    suite.property("certified", String(report.certified));
    suite.property("strict", String(report.strict));
    for (const clause of clauses) {
      if (clause.tests.length === 0) {
        const tc = suite.testCase().className(clause.id).name(`${clause.id}: no test ran`).time(0);
        markVerdict(tc, clause.verdict, clause.note ?? "");
        tc.standardOutput(xmlSafe(systemOut(clause, undefined)));
        continue;
      }
      for (const test of clause.tests) {
        const tc = suite
          .testCase()
          .className(clause.id)
          .name(oneLine(test.title))
          .time(test.durationMs / 1000);
        if (test.file) tc.file(test.file);
        markVerdict(tc, test.verdict, test.message ?? test.verdict, test.error?.stack);
        tc.standardOutput(xmlSafe(systemOut(clause, test)));
      }
    }
  }

  if (report.informative.length > 0) {
    const suite = b
      .testSuite()
      .name("Informative probes (no clause)")
      .timestamp(junitTimestamp(report.started));
    for (const test of report.informative) {
      const tc = suite
        .testCase()
        .className("informative")
        .name(oneLine(test.title))
        .time(test.durationMs / 1000);
      if (test.file) tc.file(test.file);
      if (test.state === "pending") tc.skipped();
      const out = [test.message ?? "", evidenceText(test)].filter(Boolean).join("\n\n");
      if (out) tc.standardOutput(xmlSafe(out));
    }
  }
  return b.build();
}
