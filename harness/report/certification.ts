/**
 * The certification rule and the summary counts, in one place because both a fresh report and a
 * merged one must apply them identically.
 */
import { VERDICTS, type Verdict } from "../model/verdict.ts";
import type { Level, ReportClause, ReportSummary, VerdictCounts } from "./report-model.ts";

/**
 * A clause blocks certification when it is binding and did not hold: a MUST / MUST NOT clause
 * (SHOULD too under --strict) whose verdict is fail or error. An error is never a pass; a clause
 * that was not exercised, not applicable or untestable does not block.
 */
export function blocksCertification(level: Level, verdict: Verdict, strict: boolean): boolean {
  const binding = level === "MUST" || level === "MUST NOT" || (strict && level === "SHOULD");
  return binding && (verdict === "fail" || verdict === "error");
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

/** Sets blocksCertification on each clause; returns the IDs that block, in order. */
export function applyCertification(clauses: ReportClause[], strict: boolean): string[] {
  const blocking: string[] = [];
  for (const c of clauses) {
    c.blocksCertification = blocksCertification(c.level, c.verdict, strict);
    if (c.blocksCertification) blocking.push(c.id);
  }
  return blocking;
}
