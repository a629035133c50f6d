/**
 * junit.xml for CI systems: a "Certification outcome" suite whose one testcase passes only when the
 * run is certified (so the CI's test view says the same as the terminal), then one testsuite per
 * role with one testcase per test (classname = the first clause ID it names, so a CI's "by class"
 * view follows the SCR table). A failure carries the expected-vs-seen message and, as its body, the
 * expectations the checks recorded; a verdict that is neither pass nor fail is a skipped testcase
 * whose message says why; the evidence goes to system-out. A clause no test judged is a skipped
 * testcase of its own, so every clause of the run shows up. A test found several times (a merge of
 * overlapping runs) is one testcase, with the worst of its verdicts.
 */
import junitReportBuilder, { type Builder, type TestCase } from "junit-report-builder";
import { foldVerdicts, type Verdict } from "../model/verdict.ts";
import { distinctEvidence } from "./build-report.ts";
import { outcomeSentence, outcomeWord } from "./outcome-text.ts";
import type { InformativeTest, Report, ReportClause, ReportTest, Role } from "./report-model.ts";
import { visibleControlsOnly, visibleText, xmlSafe } from "./visible-text.ts";

// The package's typings declare an ES default export, but it is CommonJS (`module.exports =
// builder`): under nodenext TypeScript sees the namespace, Node hands over the builder itself.
const builder = junitReportBuilder as unknown as Builder;

const ROLE_SUITE: Record<Role, string> = {
  client: "DM client (device) clauses, DMC-",
  server: "DM server clauses, DMS-",
};

/** One test as the report lists it under each clause it judged. */
interface Instance {
  clause: ReportClause;
  test: ReportTest;
}

function evidenceText(evidence: ReportTest["evidence"]): string {
  return evidence
    .map(
      (ev) =>
        `--- ${ev.label} (${ev.kind}${ev.session ? `, ${ev.session}` : ""}) ---\n${visibleText(ev.text)}`,
    )
    .join("\n\n");
}

function instanceOut({ clause, test }: Instance): string {
  const lines = [
    `clause:  ${clause.id} (${clause.level}, section ${clause.section})`,
    `draft:   ${clause.requirement}`,
    `verdict: ${test.verdict}${clause.blocksCertification ? " (the clause blocks certification)" : ""}`,
  ];
  for (const check of test.checks) {
    lines.push(
      `check:   ${check.verdict}: ${check.message}${check.reading ? ` [reading: ${check.reading}]` : ""}`,
    );
  }
  if (test.message && !test.checks.some((c) => c.message === test.message)) lines.push("", test.message);
  return lines.join("\n");
}

function systemOut(instances: Instance[]): string {
  const evidence = distinctEvidence(instances.flatMap((i) => i.test.evidence));
  const text = evidenceText(evidence);
  const head = instances.map(instanceOut).join("\n\n");
  return text ? `${head}\n\n${text}` : head;
}

function clauseOut(clause: ReportClause): string {
  return [
    `clause:  ${clause.id} (${clause.level}, section ${clause.section})`,
    `draft:   ${clause.requirement}`,
    `verdict: ${clause.verdict}`,
    "",
    clause.note ?? "No test judged this clause.",
  ].join("\n");
}

/** The schema's timestamp has no zone: UTC, to the second (report.json keeps the full ISO time). */
function junitTimestamp(iso: string): string {
  return iso.slice(0, 19);
}

/** A one-line message for an XML attribute: CI systems show it as the failure's title. */
function oneLine(text: string): string {
  return xmlSafe(visibleControlsOnly(text).replace(/\r\n|\r|\n/g, " | "));
}

/**
 * junit-report-builder writes <skipped/> bare; the common schema allows a message, which is where a
 * CI shows why. Added to the element the builder builds (its public build() API).
 */
function skip(tc: TestCase, message: string): void {
  tc.skipped();
  const build = tc.build.bind(tc);
  tc.build = (parent) => {
    const element = build(parent);
    const skipped = element.children.find((n) => (n as { name?: string }).name === "skipped");
    (skipped as ReturnType<TestCase["build"]> | undefined)?.att("message", oneLine(message));
    return element;
  };
}

/** The expectations the failing checks recorded (expected vs seen), and the messages. */
function failureBody(failing: Instance[]): string {
  const parts = failing.map(({ clause, test }) => {
    const expected = test.evidence.filter((e) => e.kind === "expectation");
    return [
      failing.length > 1 ? `${clause.id} ${test.verdict}: ${test.message ?? ""}` : (test.message ?? ""),
      ...expected.map((e) => `[${e.label}]\n${e.text}`),
    ].join("\n");
  });
  return xmlSafe(parts.join("\n\n"));
}

function markTest(tc: TestCase, instances: Instance[]): void {
  const verdict: Verdict = foldVerdicts(instances.map((i) => i.test.verdict));
  const deciding = instances.filter((i) => i.test.verdict === verdict);
  // The clause is named only where the test judges several (its message names its own).
  const message = deciding
    .map((i) =>
      deciding.length > 1
        ? `${i.clause.id} ${verdict}: ${i.test.message ?? verdict}`
        : (i.test.message ?? verdict),
    )
    .join("\n");
  switch (verdict) {
    case "pass":
      return;
    case "fail":
      tc.failure(oneLine(message), "fail");
      tc.stacktrace(failureBody(deciding));
      return;
    case "error":
      tc.error(
        oneLine(message),
        "error",
        xmlSafe(deciding.map((i) => i.test.error?.stack ?? i.test.message ?? "").join("\n\n")),
      );
      return;
    default:
      // not-applicable, not-exercised, untestable: neither passed nor failed; the message says why.
      skip(tc, message);
  }
}

/** Every distinct test of these clauses, with each clause it was listed under (in order). */
function testsOf(clauses: ReportClause[]): Instance[][] {
  const by = new Map<string, Instance[]>();
  for (const clause of clauses) {
    for (const test of clause.tests) {
      by.set(test.fullTitle, [...(by.get(test.fullTitle) ?? []), { clause, test }]);
    }
  }
  return [...by.values()];
}

function outcomeSuite(b: Builder, report: Report): void {
  const suite = b.testSuite().name("Certification outcome").timestamp(junitTimestamp(report.started));
  suite.property("outcome", report.outcome);
  const tc = suite
    .testCase()
    .className("certification")
    .name(oneLine(`certification outcome: ${outcomeWord(report)}`))
    .time(report.durationMs / 1000);
  const sentence = outcomeSentence(report);
  if (report.outcome === "partial") skip(tc, sentence);
  else if (report.outcome !== "certified") {
    tc.failure(oneLine(sentence), report.outcome);
    const why = report.clauses
      .filter((c) => c.standing === "blocks" || c.standing === "unproven")
      .map(
        (c) =>
          `${c.id} (${c.level}) ${c.verdict}: ${c.tests.find((t) => t.message)?.message ?? c.note ?? ""}`,
      );
    tc.stacktrace(xmlSafe(why.join("\n")));
  }
  tc.standardOutput(xmlSafe(sentence));
}

export function junitXml(report: Report): string {
  const b = builder.newBuilder();
  b.name(
    oneLine(
      `${report.harness.name} ${report.harness.version}: ${report.iut.role} ${report.iut.target}: ${outcomeWord(report)}`,
    ),
  );
  outcomeSuite(b, report);

  for (const role of ["client", "server"] as const) {
    const clauses = report.clauses.filter((c) => c.role === role);
    if (clauses.length === 0) continue;
    const suite = b.testSuite().name(ROLE_SUITE[role]).timestamp(junitTimestamp(report.started));
    suite.property("harness", `${report.harness.name} ${report.harness.version}`);
    suite.property("catalogDigest", report.catalog.digest);
    suite.property("iut", oneLine(`${report.iut.role} ${report.iut.target}`));
    if (report.iut.deviceId) suite.property("deviceId", oneLine(report.iut.deviceId));
    suite.property("outcome", report.outcome);
    suite.property("certified", String(report.certified));
    suite.property("strict", String(report.strict));
    for (const clause of clauses.filter((c) => c.tests.length === 0)) {
      const tc = suite.testCase().className(clause.id).name(`${clause.id}: no test ran`).time(0);
      skip(tc, `${clause.verdict}: ${clause.note ?? "no test judged this clause"}`);
      tc.standardOutput(xmlSafe(clauseOut(clause)));
    }
    for (const instances of testsOf(clauses)) {
      const first = instances[0]!.test;
      const tc = suite
        .testCase()
        .className(first.clauses.find((id) => clauses.some((c) => c.id === id)) ?? instances[0]!.clause.id)
        .name(oneLine(first.title))
        .time(Math.max(...instances.map((i) => i.test.durationMs)) / 1000);
      if (first.file) tc.file(first.file);
      markTest(tc, instances);
      tc.standardOutput(xmlSafe(systemOut(instances)));
    }
  }

  if (report.informative.length > 0) {
    const suite = b
      .testSuite()
      .name("Informative probes (no clause, never counted)")
      .timestamp(junitTimestamp(report.started));
    // A probe found in several merged runs is one testcase (the failed one, if any).
    const probes = new Map<string, InformativeTest>();
    for (const t of report.informative) {
      const seen = probes.get(t.fullTitle);
      if (!seen || (seen.state !== "failed" && t.state === "failed")) probes.set(t.fullTitle, t);
    }
    for (const test of probes.values()) {
      const tc = suite
        .testCase()
        .className("informative")
        .name(oneLine(test.title))
        .time(test.durationMs / 1000);
      if (test.file) tc.file(test.file);
      if (test.state === "pending") skip(tc, "the probe was skipped");
      const out = [test.message ?? "", evidenceText(test.evidence)].filter(Boolean).join("\n\n");
      if (out) tc.standardOutput(xmlSafe(out));
    }
  }
  return b.build();
}
