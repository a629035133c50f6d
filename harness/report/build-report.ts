/**
 * Folds the outcomes of one run (one role or both) into the report: per clause of the catalog its
 * verdict, the tests that judged it and their evidence. A clause no test judged in this run is
 * listed as not-exercised with a note, so that a filtered run never looks like a complete one.
 */
import { type CheckResult, type Evidence, foldVerdicts, type Verdict } from "../model/verdict.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { applyCertification, summarize } from "./certification.ts";
import type {
  CatalogClauseLike,
  CatalogLike,
  InformativeTest,
  Report,
  ReportCheck,
  ReportClause,
  ReportIut,
  ReportTest,
  Role,
} from "./report-model.ts";

/**
 * Evidence excerpts already cut bodies at 1 KiB (model/evidence.ts); this bounds what a check may
 * have put there otherwise (a huge head, a whole body), so one runaway excerpt cannot bloat every
 * report format.
 */
export const EVIDENCE_TEXT_LIMIT = 8 * 1024;

export interface BuildReportInput {
  catalog: CatalogLike;
  /** Outcomes of every test run, of either role or both. */
  outcomes: readonly TestOutcome[];
  iut: ReportIut;
  /** The run's options as the user gave them (recorded verbatim). */
  options: Record<string, unknown>;
  started: Date;
  finished: Date;
  strict: boolean;
  harness: { name: string; version: string };
}

export const NO_TEST_NOTE =
  "No test of this clause ran in this run (filtered out by --clause / --grep, or its role was not run).";

export function capEvidence(ev: Evidence): Evidence {
  if (ev.text.length <= EVIDENCE_TEXT_LIMIT) return ev;
  const rest = ev.text.length - EVIDENCE_TEXT_LIMIT;
  return { ...ev, text: `${ev.text.slice(0, EVIDENCE_TEXT_LIMIT)}\n[... ${rest} more characters not shown]` };
}

function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** Why a test's verdict for a clause is what it is, in one or a few sentences. */
function explain(outcome: TestOutcome, own: CheckResult[], verdict: Verdict): string | undefined {
  const explaining = own.filter((r) => r.verdict === verdict).map((r) => r.message);
  if (explaining.length > 0) return uniq(explaining).join("\n");
  if (verdict === "error") {
    if (outcome.state === "failed") {
      const why = outcome.error?.message ?? "the test failed without a message";
      return own.length > 0 ? `The test stopped with an error after this clause's checks: ${why}` : why;
    }
    return "The test passed without judging this clause (a harness defect: no check result recorded).";
  }
  if (verdict === "not-exercised" && outcome.state === "pending") return "The test was skipped.";
  return undefined;
}

function reportTest(outcome: TestOutcome, clause: string): ReportTest {
  const own = outcome.results.filter((r) => r.clause === clause);
  const verdict = outcome.verdicts[clause] ?? foldVerdicts(own.map((r) => r.verdict));
  const checks: ReportCheck[] = own.map((r) => ({
    verdict: r.verdict,
    message: r.message,
    ...(r.reading ? { reading: r.reading } : {}),
  }));
  const test: ReportTest = {
    title: outcome.title,
    fullTitle: outcome.fullTitle,
    clauses: [...outcome.clauses],
    state: outcome.state,
    verdict,
    durationMs: Math.round(outcome.durationMs),
    checks,
    evidence: own.flatMap((r) => r.evidence).map(capEvidence),
  };
  if (outcome.file) test.file = outcome.file;
  const message = explain(outcome, own, verdict);
  if (message !== undefined) test.message = message;
  // The stack helps only when the harness itself broke; a verdict failure's stack says nothing.
  if (verdict === "error" && outcome.error) test.error = { ...outcome.error };
  return test;
}

function informativeTest(outcome: TestOutcome, why?: string): InformativeTest {
  const test: InformativeTest = {
    title: outcome.title,
    fullTitle: outcome.fullTitle,
    state: outcome.state,
    durationMs: Math.round(outcome.durationMs),
    evidence: outcome.results.flatMap((r) => r.evidence).map(capEvidence),
  };
  if (outcome.file) test.file = outcome.file;
  const message = [why, outcome.error?.message].filter(Boolean).join("\n");
  if (message) test.message = message;
  return test;
}

function clauseOf(spec: CatalogClauseLike, tests: ReportTest[], results: CheckResult[]): ReportClause {
  const clause: ReportClause = {
    id: spec.id,
    role: spec.role,
    level: spec.level,
    section: spec.section,
    requirement: spec.requirement,
    testability: spec.testability,
    verdict: foldVerdicts(tests.map((t) => t.verdict)),
    blocksCertification: false,
    readings: uniq(results.flatMap((r) => (r.reading ? [r.reading] : []))),
    tests,
  };
  if (spec.summary !== undefined) clause.summary = spec.summary;
  if (spec.condition !== undefined) clause.condition = spec.condition;
  if (spec.interpretation !== undefined) clause.interpretation = spec.interpretation;
  if (tests.length === 0) clause.note = NO_TEST_NOTE;
  return clause;
}

export function buildReport(input: BuildReportInput): Report {
  const { catalog, outcomes } = input;
  const known = new Map(catalog.clauses.map((c) => [c.id, c]));
  const warnings: string[] = [];
  const informative: InformativeTest[] = [];
  const testsBy = new Map<string, ReportTest[]>();
  const resultsBy = new Map<string, CheckResult[]>();

  for (const outcome of outcomes) {
    if (outcome.clauses.length === 0) {
      informative.push(informativeTest(outcome));
      continue;
    }
    const unknown = outcome.clauses.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      // The catalog's coverage check should make this impossible; never drop the test silently.
      warnings.push(
        `test "${outcome.fullTitle}" names clauses the catalog does not hold: ${unknown.join(", ")}`,
      );
      informative.push(informativeTest(outcome, `Names unknown clause(s) ${unknown.join(", ")}.`));
    }
    for (const id of outcome.clauses.filter((c) => known.has(c))) {
      testsBy.set(id, [...(testsBy.get(id) ?? []), reportTest(outcome, id)]);
      resultsBy.set(id, [...(resultsBy.get(id) ?? []), ...outcome.results.filter((r) => r.clause === id)]);
    }
  }

  const roles = new Set<Role>(input.iut.role === "both" ? ["client", "server"] : [input.iut.role]);
  for (const id of testsBy.keys()) roles.add(known.get(id)!.role);

  const clauses = catalog.clauses
    .filter((spec) => roles.has(spec.role))
    .map((spec) => clauseOf(spec, testsBy.get(spec.id) ?? [], resultsBy.get(spec.id) ?? []));
  const blocking = applyCertification(clauses, input.strict);

  const iut: ReportIut = { role: input.iut.role, target: input.iut.target };
  if (input.iut.deviceId !== undefined) iut.deviceId = input.iut.deviceId;
  return {
    format: "dm20-conformance-report/1",
    harness: { name: input.harness.name, version: input.harness.version },
    catalog: { digest: catalog.digest, clauses: catalog.clauses.length },
    iut,
    options: input.options,
    started: input.started.toISOString(),
    finished: input.finished.toISOString(),
    durationMs: Math.max(0, input.finished.getTime() - input.started.getTime()),
    strict: input.strict,
    certified: blocking.length === 0,
    blocking,
    clauses,
    informative,
    summary: summarize(clauses),
    warnings,
  };
}
