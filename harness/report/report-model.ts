/**
 * The shape of report.json: the IUT contract's "Report" section plus what a reader needs to judge
 * a verdict without the harness at hand (the draft's sentence, the interpretation used, the wire
 * excerpts). Every other report (JUnit, HTML, merge) is derived from this one object, so the
 * formats can never disagree.
 */
import type { Applicability } from "../catalog/applicability.ts";
import type { Evidence, Verdict } from "../model/verdict.ts";

/** The layout of report.json this harness writes and merges (report.schema.json describes it). */
export const REPORT_FORMAT = "dm20-conformance-report/2";

export type Role = "client" | "server";
export type Level = "MUST" | "MUST NOT" | "SHOULD" | "MAY";
export const LEVELS: readonly Level[] = ["MUST", "MUST NOT", "SHOULD", "MAY"];
export const ROLES: readonly Role[] = ["client", "server"];

/**
 * What the report needs from the clause catalog (harness/catalog). Declared structurally here so
 * the report depends on the catalog's shape, not on its module.
 */
export interface CatalogClauseLike {
  id: string;
  role: Role;
  level: Level;
  section: string;
  /** The draft's normative sentence, quoted. */
  requirement: string;
  summary?: string;
  testability: string;
  /** The IXIT declaration a conditional clause depends on. */
  condition?: string;
  /** How the harness reads the draft where it is ambiguous. */
  interpretation?: unknown;
}

export interface CatalogLike {
  digest: string;
  clauses: readonly CatalogClauseLike[];
}

export interface ReportIut {
  role: Role | "both";
  target: string;
  deviceId?: string;
}

/** One check a test ran for a clause, without its evidence (that is listed once, on the test). */
export interface ReportCheck {
  verdict: Verdict;
  message: string;
  reading?: string;
}

/** One test as seen from one clause it names. */
export interface ReportTest {
  title: string;
  fullTitle: string;
  file?: string;
  /** Every clause the test names (it appears under each of them). */
  clauses: string[];
  /** What mocha saw. */
  state: "passed" | "failed" | "pending";
  /** This test's verdict for the clause it is listed under. */
  verdict: Verdict;
  durationMs: number;
  /** Expected vs. seen, from the checks that did not pass (or the error that stopped the test). */
  message?: string;
  checks: ReportCheck[];
  evidence: Evidence[];
  error?: { message: string; stack?: string };
}

/**
 * How much of a clause the run set out to judge: every test of it (a full run, or a --clause
 * selection naming it), some of them (a --grep selection, a test it shares with a selected clause,
 * an interrupted run), or none.
 */
export type Coverage = "full" | "partial" | "none";
export const COVERAGES: readonly Coverage[] = ["full", "partial", "none"];

/**
 * What a clause does to certification (certification.ts): holds; blocks (fail, error, or a
 * violation the IXIT declares); unproven (binding, in scope, and no evidence that it holds);
 * not-binding (SHOULD without --strict, MAY); not-run (outside this run's selection).
 */
export type Standing = "holds" | "blocks" | "unproven" | "not-binding" | "not-run";
export const STANDINGS: readonly Standing[] = ["holds", "blocks", "unproven", "not-binding", "not-run"];

/**
 * The run as a whole: certified (every binding clause holds, the whole catalog of the role(s) in
 * scope); not-certified (a binding clause failed or erred); incomplete (none did, but a binding
 * clause in scope has no evidence); partial (none failed or went unproven, but the run covered only
 * a selection of clauses, or was interrupted: never a certification).
 */
export type Outcome = "certified" | "incomplete" | "not-certified" | "partial";
export const OUTCOMES: readonly Outcome[] = ["certified", "incomplete", "not-certified", "partial"];

export interface ReportClause {
  id: string;
  role: Role;
  level: Level;
  section: string;
  requirement: string;
  summary?: string;
  testability: string;
  condition?: string;
  interpretation?: unknown;
  verdict: Verdict;
  /** What the IXIT declared about this clause (so merge applies the same rule without the IXIT). */
  applicability: Applicability;
  coverage: Coverage;
  standing: Standing;
  /** True when this clause's verdict alone makes certification fail (standing "blocks"). */
  blocksCertification: boolean;
  /** The readings of an ambiguous passage that the IUT was seen to follow. */
  readings: string[];
  /** Why the verdict is what it is when no test says so (e.g. no test ran in this run). */
  note?: string;
  tests: ReportTest[];
}

/** A probe that judges no clause: reported for information, never counted. */
export interface InformativeTest {
  title: string;
  fullTitle: string;
  file?: string;
  state: "passed" | "failed" | "pending";
  durationMs: number;
  message?: string;
  evidence: Evidence[];
}

export type VerdictCounts = Record<Verdict, number> & { total: number };

export interface ReportSummary extends VerdictCounts {
  /** Clause verdict counts per role, then per level. */
  byRoleLevel: Partial<Record<Role, Partial<Record<Level, VerdictCounts>>>>;
}

/** What a run selected (absent: every test of the role(s) ran). */
export interface ReportSelection {
  clauses?: string[];
  grep?: string;
}

export interface Report {
  /** Identifies this JSON layout, so that readers can tell a future change apart. */
  format: typeof REPORT_FORMAT;
  harness: { name: string; version: string };
  catalog: { digest: string; clauses: number };
  iut: ReportIut;
  options: Record<string, unknown>;
  started: string;
  finished: string;
  durationMs: number;
  strict: boolean;
  /** outcome === "certified". */
  certified: boolean;
  outcome: Outcome;
  /** The clauses that make certification fail (standing "blocks"). */
  blocking: string[];
  /** The binding clauses in scope without evidence (standing "unproven"): the run is incomplete. */
  incomplete: string[];
  selection?: ReportSelection;
  /** The signal that stopped the run early (SIGINT, SIGTERM, SIGHUP): what was judged so far. */
  interrupted?: string;
  clauses: ReportClause[];
  informative: InformativeTest[];
  summary: ReportSummary;
  /** Things the reader should know that are not verdicts (a test naming an unknown clause...). */
  warnings: string[];
  /** Present on a merged report: the runs it was made of. */
  mergedFrom?: { iut: ReportIut; started: string; finished: string; harness: string }[];
}
