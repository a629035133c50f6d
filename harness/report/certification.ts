/**
 * The certification rule and the summary counts, in one place because a fresh report and a merged
 * one must apply them identically (scr-outline.md, "Certification means evidence"):
 *
 * - a binding clause (MUST / MUST NOT; SHOULD too under --strict) holds only on `pass`, or on the
 *   `not-applicable` / `untestable` verdict the IXIT declares for it (applicability.ts);
 * - `fail`, `error`, or a violation the IXIT declares, blocks: NOT CERTIFIED;
 * - anything else in scope (`not-exercised`, an undeclared `not-applicable` / `untestable`) is
 *   unproven: INCOMPLETE;
 * - a run that covered only a selection, or was interrupted, is at best PARTIAL: never certified.
 */
import { VERDICTS } from "../model/verdict.ts";
import type {
  Coverage,
  Level,
  Outcome,
  ReportClause,
  ReportSummary,
  Standing,
  VerdictCounts,
} from "./report-model.ts";

export function isBinding(level: Level, strict: boolean): boolean {
  return level === "MUST" || level === "MUST NOT" || (strict && level === "SHOULD");
}

type Judged = Pick<ReportClause, "level" | "verdict" | "applicability" | "coverage">;

export function standingOf(c: Judged, strict: boolean): Standing {
  if (!isBinding(c.level, strict)) return "not-binding";
  if (c.coverage === "none") return "not-run";
  if (c.verdict === "fail" || c.verdict === "error" || c.applicability.declared === "fail") return "blocks";
  if (c.verdict === "pass") return "holds";
  // A declaration stands in for evidence only where the IXIT makes it, and only for its own verdict.
  if (c.verdict === c.applicability.declared) return "holds";
  // The IXIT declares the feature absent: no session for it is owed.
  if (c.verdict === "not-exercised" && !c.applicability.applicable) return "holds";
  return "unproven";
}

/** The run's outcome from its clauses' standings (and whether it was cut short). */
export function outcomeOf(
  clauses: readonly Pick<ReportClause, "standing" | "coverage">[],
  interrupted: boolean,
): Outcome {
  if (clauses.some((c) => c.standing === "blocks")) return "not-certified";
  if (interrupted) return "partial";
  if (clauses.some((c) => c.standing === "unproven")) return "incomplete";
  if (clauses.length === 0 || clauses.some((c) => c.coverage !== "full")) return "partial";
  return "certified";
}

export interface Certification {
  outcome: Outcome;
  blocking: string[];
  incomplete: string[];
}

/** Sets standing and blocksCertification on each clause; returns the outcome and who decided it. */
export function applyCertification(
  clauses: ReportClause[],
  strict: boolean,
  interrupted = false,
): Certification {
  for (const c of clauses) {
    c.standing = standingOf(c, strict);
    c.blocksCertification = c.standing === "blocks";
  }
  return {
    outcome: outcomeOf(clauses, interrupted),
    blocking: clauses.filter((c) => c.standing === "blocks").map((c) => c.id),
    incomplete: clauses.filter((c) => c.standing === "unproven").map((c) => c.id),
  };
}

/** The order of coverage, for a merge: the best any report gave a clause is what it had. */
export function widerCoverage(a: Coverage, b: Coverage): Coverage {
  const rank: Record<Coverage, number> = { none: 0, partial: 1, full: 2 };
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Why a clause is unproven or blocks, in one line a reader can act on: for not-exercised, what the
 * harness waited for (the test's own message); for an undeclared n/a or untestable, that the IXIT
 * does not declare it; for a declared violation, the declaration.
 */
export function standingReason(c: ReportClause): string {
  const own = c.tests.find((t) => t.verdict === c.verdict && t.message)?.message;
  if (c.applicability.declared === "fail" && c.verdict !== "fail")
    return `the IXIT declares a violation: ${c.applicability.basis ?? "(no basis recorded)"}`;
  if (c.verdict === "not-applicable" || c.verdict === "untestable") {
    const declared = c.applicability.declared
      ? `the IXIT declares ${c.applicability.declared} (${c.applicability.basis ?? ""})`
      : "the IXIT declares nothing for this clause";
    return `${c.verdict}, but ${declared}${own ? `: ${own}` : ""}`;
  }
  return own ?? c.note ?? `${c.verdict}: no test message`;
}

export function emptyCounts(): VerdictCounts {
  const counts = { total: 0 } as VerdictCounts;
  for (const v of VERDICTS) counts[v] = 0;
  return counts;
}

export function summarize(clauses: readonly ReportClause[]): ReportSummary {
  const summary: ReportSummary = { ...emptyCounts(), byRoleLevel: {} };
  for (const c of clauses) {
    summary[c.verdict] += 1;
    summary.total += 1;
    const byLevel = summary.byRoleLevel[c.role] ?? {};
    summary.byRoleLevel[c.role] = byLevel;
    const counts = byLevel[c.level] ?? emptyCounts();
    byLevel[c.level] = counts;
    counts[c.verdict] += 1;
    counts.total += 1;
  }
  return summary;
}
