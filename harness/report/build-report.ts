/**
 * Folds the outcomes of one run (one role or both) into the report: per clause of the catalog its
 * verdict, the tests that judged it and their evidence, what the IXIT declares for it, how much of
 * it the run set out to judge, and what that does to certification. A clause no test judged in
 * this run is listed as not-exercised with a note, so that a filtered run never looks like a
 * complete one.
 */
import { type ApplicabilityFacts, applicability } from "../catalog/applicability.ts";
import { type CheckResult, type Evidence, foldVerdicts, type Verdict } from "../model/verdict.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { applyCertification, summarize } from "./certification.ts";
import {
  type CatalogClauseLike,
  type CatalogLike,
  type Coverage,
  type InformativeTest,
  REPORT_FORMAT,
  type Report,
  type ReportCheck,
  type ReportClause,
  type ReportIut,
  type ReportSelection,
  type ReportTest,
  type Role,
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
  /** The IXIT of the run: what it declares decides which non-pass verdicts count as holding. */
  ixit: ApplicabilityFacts;
  /** What --clause / --grep selected; absent for a run of every test. */
  selection?: ReportSelection;
  /** The signal that cut the run short; the outcomes are what was judged until then. */
  interrupted?: string;
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

/** Identical excerpts (several checks quoting the same response) are kept once. */
export function evidenceKey(ev: Evidence): string {
  return JSON.stringify([ev.kind, ev.label, ev.session ?? "", ev.location ?? null, ev.text]);
}

export function distinctEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((ev) => {
    const key = evidenceKey(ev);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
    evidence: distinctEvidence(own.flatMap((r) => r.evidence).map(capEvidence)),
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
    evidence: distinctEvidence(outcome.results.flatMap((r) => r.evidence).map(capEvidence)),
  };
  if (outcome.file) test.file = outcome.file;
  const message = [why, outcome.error?.message].filter(Boolean).join("\n");
  if (message) test.message = message;
  return test;
}

/** How much of a clause this run set out to judge (see Coverage). */
export function coverageOf(
  id: string,
  tests: number,
  selection: ReportSelection | undefined,
  interrupted: boolean,
): Coverage {
  if (tests === 0 && (interrupted || selection !== undefined)) return "none";
  if (interrupted || selection?.grep !== undefined) return "partial";
  if (selection?.clauses !== undefined && !selection.clauses.includes(id)) return "partial";
  return "full";
}

interface ClauseContext {
  ixit: ApplicabilityFacts;
  selection: ReportSelection | undefined;
  interrupted: boolean;
}

/**
 * A catalog clause as a report lists it before (or without) any test: not exercised, not run,
 * nothing declared. Merge uses it for a clause no report lists.
 */
export function unjudgedClause(spec: CatalogClauseLike): ReportClause {
  const clause: ReportClause = {
    id: spec.id,
    role: spec.role,
    level: spec.level,
    section: spec.section,
    requirement: spec.requirement,
    testability: spec.testability,
    verdict: "not-exercised",
    applicability: { applicable: true },
    coverage: "none",
    // Set by applyCertification, once every clause is known.
    standing: "not-run",
    blocksCertification: false,
    readings: [],
    note: NO_TEST_NOTE,
    tests: [],
  };
  if (spec.summary !== undefined) clause.summary = spec.summary;
  if (spec.condition !== undefined) clause.condition = spec.condition;
  if (spec.interpretation !== undefined) clause.interpretation = spec.interpretation;
  return clause;
}

function clauseOf(
  spec: CatalogClauseLike,
  tests: ReportTest[],
  results: CheckResult[],
  ctx: ClauseContext,
): ReportClause {
  const clause: ReportClause = {
    ...unjudgedClause(spec),
    verdict: foldVerdicts(tests.map((t) => t.verdict)),
    applicability: applicability(spec.id, ctx.ixit),
    coverage: coverageOf(spec.id, tests.length, ctx.selection, ctx.interrupted),
    readings: uniq(results.flatMap((r) => (r.reading ? [r.reading] : []))),
    tests,
  };
  if (tests.length > 0) delete clause.note;
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

  const selection = normalSelection(input.selection);
  const interrupted = input.interrupted !== undefined;
  if (interrupted)
    warnings.push(
      `the run was stopped by ${input.interrupted}: this report holds what was judged until then`,
    );
  const ctx: ClauseContext = { ixit: input.ixit, selection, interrupted };
  const clauses = catalog.clauses
    .filter((spec) => roles.has(spec.role))
    .map((spec) => clauseOf(spec, testsBy.get(spec.id) ?? [], resultsBy.get(spec.id) ?? [], ctx));
  const { outcome, blocking, incomplete } = applyCertification(clauses, input.strict, interrupted);

  const iut: ReportIut = { role: input.iut.role, target: input.iut.target };
  if (input.iut.deviceId !== undefined) iut.deviceId = input.iut.deviceId;
  const report: Report = {
    format: REPORT_FORMAT,
    harness: { name: input.harness.name, version: input.harness.version },
    catalog: { digest: catalog.digest, clauses: catalog.clauses.length },
    iut,
    options: input.options,
    started: input.started.toISOString(),
    finished: input.finished.toISOString(),
    durationMs: Math.max(0, input.finished.getTime() - input.started.getTime()),
    strict: input.strict,
    certified: outcome === "certified",
    outcome,
    blocking,
    incomplete,
    clauses,
    informative,
    summary: summarize(clauses),
    warnings,
  };
  if (selection) report.selection = selection;
  if (input.interrupted !== undefined) report.interrupted = input.interrupted;
  return report;
}

/** An empty --clause list or no grep selects nothing less than everything. */
function normalSelection(sel: ReportSelection | undefined): ReportSelection | undefined {
  if (!sel) return undefined;
  const out: ReportSelection = {};
  if (sel.clauses && sel.clauses.length > 0) out.clauses = [...sel.clauses];
  if (sel.grep !== undefined) out.grep = sel.grep;
  return out.clauses || out.grep !== undefined ? out : undefined;
}
