/**
 * junit.xml against the rules of the common JUnit schema CI systems read (the Ant/Jenkins
 * junit-10.xsd): which elements may appear where, in which order, with which attributes, and that
 * the counts add up. fast-xml-parser (already installed with allure) checks well-formedness.
 */
import { expect } from "chai";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { junitXml } from "../../harness/report/junit.ts";
import { mergeReports } from "../../harness/report/merge.ts";
import { outcomeSentence } from "../../harness/report/outcome-text.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { fabricateOutcomes, HOSTILE_BODY, outcome, resultFor, STUB_CATALOG } from "./fixtures/outcomes.ts";

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const SCHEMA: Record<string, { attrs: string[]; required: string[]; children: RegExp }> = {
  testsuites: {
    attrs: ["name", "time", "tests", "failures", "errors", "skipped", "disabled"],
    required: [],
    children: /^(testsuite )*$/,
  },
  testsuite: {
    attrs: [
      "name",
      "tests",
      "failures",
      "errors",
      "skipped",
      "time",
      "timestamp",
      "hostname",
      "id",
      "package",
      "disabled",
      "file",
    ],
    required: ["name", "tests"],
    children: /^(properties )?(testcase )*(system-out )?(system-err )?$/,
  },
  properties: { attrs: [], required: [], children: /^(property )*$/ },
  property: { attrs: ["name", "value"], required: ["name", "value"], children: /^$/ },
  testcase: {
    attrs: ["name", "classname", "time", "assertions", "status", "file", "line"],
    required: ["name"],
    children: /^(skipped )?(error )*(failure )*(system-out )*(system-err )*$/,
  },
  failure: { attrs: ["message", "type"], required: [], children: /^(#text )*$/ },
  error: { attrs: ["message", "type"], required: [], children: /^(#text )*$/ },
  skipped: { attrs: ["message"], required: [], children: /^$/ },
  "system-out": { attrs: [], required: [], children: /^(#text )*$/ },
  "system-err": { attrs: [], required: [], children: /^(#text )*$/ },
};

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ":@")!;
}

/** Walks the ordered tree and returns every rule broken, as "path: what". */
function schemaViolations(node: Node, path = ""): string[] {
  const name = nameOf(node);
  if (name === "#text" || name === "?xml") return [];
  const here = `${path}/${name}`;
  const rule = SCHEMA[name];
  if (!rule) return [`${here}: element not in the schema`];
  const out: string[] = [];
  const attrs = Object.keys(node[":@"] ?? {}).map((a) => a.replace(/^@_/, ""));
  for (const a of attrs) if (!rule.attrs.includes(a)) out.push(`${here}: attribute ${a} not allowed`);
  for (const a of rule.required) if (!attrs.includes(a)) out.push(`${here}: attribute ${a} missing`);
  const a = (k: string) => node[":@"]?.[`@_${k}`];
  for (const k of ["tests", "failures", "errors", "skipped"]) {
    if (a(k) !== undefined && !/^\d+$/.test(a(k)!)) out.push(`${here}: ${k}=${a(k)} is not an integer`);
  }
  if (a("time") !== undefined && !/^\d+(\.\d+)?$/.test(a("time")!))
    out.push(`${here}: time=${a("time")} not decimal`);
  if (a("timestamp") !== undefined && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(a("timestamp")!))
    out.push(`${here}: timestamp=${a("timestamp")} not ISO8601 without zone`);
  const children = (node[name] as Node[]) ?? [];
  const sequence = children.map((c) => `${nameOf(c)} `).join("");
  if (!rule.children.test(sequence)) out.push(`${here}: children "${sequence.trim()}" out of schema order`);
  for (const c of children) out.push(...schemaViolations(c, here));
  return out;
}

function parse(xml: string): Node[] {
  expect(XMLValidator.validate(xml)).to.equal(true);
  return new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(
    xml,
  );
}

function plain(xml: string) {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  }).parse(xml);
}

/** The messages resultFor() gives the verdicts that are neither pass nor fail. */
const REASON: Record<string, string> = {
  "not-applicable": "the IXIT declares it unsupported",
  untestable: "not observable on the wire",
  "not-exercised": "the IUT never showed it",
};

function report(): Report {
  return buildReport({
    catalog: STUB_CATALOG,
    outcomes: [
      ...fabricateOutcomes(STUB_CATALOG),
      outcome("[DMC-5.6-04][DMC-5.6-06] status package", [
        resultFor("DMC-5.6-04", "fail"),
        resultFor("DMC-5.6-06", "pass"),
      ]),
    ],
    iut: { role: "both", target: 'selftest "<&>"' },
    options: {},
    started: new Date("2025-01-02T03:04:05.000Z"),
    finished: new Date("2025-01-02T03:04:06.000Z"),
    strict: false,
    harness: { name: "oma-dm20-conformance", version: "0.1.0" },
    ixit: DEFAULT_IXIT,
  });
}

describe("junitXml", () => {
  const r = report();
  const xml = junitXml(r);

  it("follows the common JUnit schema", () => {
    const tree = parse(xml);
    const root = tree.find((n) => nameOf(n) === "testsuites");
    expect(root, "root element testsuites").to.not.equal(undefined);
    expect(schemaViolations(root!)).to.deep.equal([]);
  });

  it("has one testcase per test (a test naming two clauses once), classname its first clause", () => {
    const doc = plain(xml);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? []);
    const clauseCases = cases.filter(
      (c: { classname: string }) => c.classname !== "informative" && c.classname !== "certification",
    );
    const tests = new Set(r.clauses.flatMap((c) => c.tests.map((t) => t.fullTitle)));
    const untested = r.clauses.filter((c) => c.tests.length === 0).length;
    expect(clauseCases).to.have.length(tests.size + untested);
    const twoClause = cases.filter(
      (c: { name: string }) => c.name === "[DMC-5.6-04][DMC-5.6-06] status package",
    );
    expect(twoClause.map((c: { classname: string }) => c.classname)).to.deep.equal(["DMC-5.6-04"]);
    // Its verdict is the worse of the two (fail under DMC-5.6-04, pass under DMC-5.6-06).
    expect(twoClause[0]).to.have.property("failure");
    expect(twoClause[0]["system-out"]).to.contain("clause:  DMC-5.6-06");
  });

  it("says the outcome: a testcase of its own that passes only when certified, and a property", () => {
    const doc = plain(xml);
    expect(doc.testsuites.name).to.match(/: NOT CERTIFIED$/);
    const suite = doc.testsuites.testsuite.find((s: { name: string }) => s.name === "Certification outcome");
    const tc = suite.testcase[0];
    expect(tc.name).to.equal("certification outcome: NOT CERTIFIED");
    expect(tc.failure.message).to.equal(outcomeSentence(r));
    expect(tc.failure["#text"]).to.contain("DMC-5.4-01 (MUST) fail");
    const roleSuite = doc.testsuites.testsuite.find((s: { name: string }) => s.name.startsWith("DM client"));
    expect(roleSuite.properties.property).to.deep.include({ name: "outcome", value: "not-certified" });
  });

  it("counts that add up per suite", () => {
    const doc = plain(xml);
    for (const suite of doc.testsuites.testsuite) {
      const cases = suite.testcase ?? [];
      expect(Number(suite.tests)).to.equal(cases.length);
      expect(Number(suite.failures)).to.equal(cases.filter((c: object) => "failure" in c).length);
      expect(Number(suite.errors)).to.equal(cases.filter((c: object) => "error" in c).length);
      expect(Number(suite.skipped)).to.equal(cases.filter((c: object) => "skipped" in c).length);
    }
  });

  it("puts the expected-vs-seen message on the failure and the evidence in system-out", () => {
    const doc = plain(xml);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? []);
    const failed = cases.find(
      (c: { classname: string; failure?: unknown }) => c.classname === "DMC-5.6-04" && c.failure,
    );
    expect(failed.failure.message).to.equal("DMC-5.6-04: expected MsgID 2, saw MsgID 3");
    expect(failed.failure.type).to.equal("fail");
    // The body: expected vs seen, as the check recorded it.
    expect(failed.failure["#text"]).to.contain("[first line]\nexpected: MsgID 2\nseen:     MsgID 3");
    const out: string = failed["system-out"];
    expect(out).to.contain("--- status package body (body) ---");
    expect(out).to.contain("expected: MsgID 2");
    // CR and LF made visible; the control characters XML cannot carry kept as pictures.
    expect(out).to.contain("MsgID 3\u240d\u240a\n200\u240a\n");
    expect(out).to.contain("\u2401\u2400end");
    expect(out).to.contain("<script>window.__pwned = 1</script>");
    expect(out).to.contain("]]>");
  });

  it("marks error as error and the verdicts that are neither pass nor fail as skipped", () => {
    const doc = plain(xml);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? []);
    const by = (v: string) =>
      r.clauses.filter((c) => c.verdict === v && c.tests.length === 1).map((c) => c.id);
    for (const id of by("error"))
      expect(cases.find((c: { classname: string }) => c.classname === id)).to.have.property("error");
    for (const v of ["not-applicable", "untestable", "not-exercised"]) {
      for (const id of by(v)) {
        const c = cases.find((x: { classname: string }) => x.classname === id);
        expect(c, `${v} ${id}`).to.have.property("skipped");
        expect(c["system-out"]).to.contain(`verdict: ${v}`);
        // The reason, where a CI shows it.
        expect(c.skipped.message, `${v} ${id}`).to.equal(`${id}: ${REASON[v]}`);
      }
    }
    for (const id of by("pass")) {
      const c = cases.find((x: { classname: string }) => x.classname === id);
      expect(c).to.not.have.any.keys("failure", "error", "skipped");
    }
  });

  it("keeps IUT-chosen text intact through escaping", () => {
    const doc = plain(xml);
    expect(doc.testsuites.name).to.equal('oma-dm20-conformance 0.1.0: both selftest "<&>": NOT CERTIFIED');
    expect(HOSTILE_BODY).to.contain("\u0001");
    expect(xml).to.not.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it("lists informative probes in their own suite, never as failures", () => {
    const doc = plain(xml);
    const suite = doc.testsuites.testsuite.find((s: { name: string }) => s.name.startsWith("Informative"));
    expect(suite.testcase).to.have.length(1);
    expect(Number(suite.failures)).to.equal(0);
  });

  it("gives a skipped message to a clause no test ran, too", () => {
    const doc = plain(
      junitXml({
        ...r,
        clauses: r.clauses.map((c) =>
          c.id === "DMC-5.8-14" ? { ...c, tests: [], note: "not selected" } : c,
        ),
      }),
    );
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? []);
    const c = cases.find((x: { name: string }) => x.name === "DMC-5.8-14: no test ran");
    expect(c.skipped.message).to.match(/not selected$/);
  });

  it("merging overlapping runs does not duplicate testcases", () => {
    const again = mergeReports([r, { ...r, started: "2025-01-02T05:00:00.000Z" }]);
    const count = (x: string) =>
      plain(x).testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? []).length;
    expect(again.clauses.find((c) => c.id === "DMC-5.4-01")!.tests).to.have.length(2);
    expect(count(junitXml(again))).to.equal(count(xml));
  });
});
