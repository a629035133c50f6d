/**
 * How a run's outcome is said, in one place, so the terminal, report.html, junit.xml, Allure and
 * the CI job summary say exactly the same words.
 */
import type { Outcome, Report } from "./report-model.ts";

type OutcomeFacts = Pick<
  Report,
  "outcome" | "strict" | "blocking" | "incomplete" | "clauses" | "interrupted"
>;

/** Clauses the run judged at least in part (a selection's K). */
export function judgedClauses(report: Pick<Report, "clauses">): number {
  return report.clauses.filter((c) => c.coverage !== "none").length;
}

/** The outcome in capitals, as a badge says it. */
export function outcomeWord(report: OutcomeFacts): string {
  switch (report.outcome) {
    case "certified":
      return "CERTIFIED";
    case "not-certified":
      return "NOT CERTIFIED";
    case "incomplete":
      return "INCOMPLETE";
    case "partial":
      return report.interrupted
        ? `INTERRUPTED (${report.interrupted}): NO FAILURE in ${judgedClauses(report)} clauses judged so far`
        : `NO FAILURE in ${judgedClauses(report)} selected clauses`;
  }
}

function list(ids: readonly string[]): string {
  return ids.join(", ");
}

/** The last words of a run: the outcome and why, on one line. */
export function outcomeSentence(report: OutcomeFacts): string {
  switch (report.outcome) {
    case "certified":
      return `CERTIFIED: every applicable MUST / MUST NOT clause passed${report.strict ? " (strict: SHOULD clauses too)" : ""}`;
    case "not-certified":
      return `NOT CERTIFIED: ${list(report.blocking)} ${report.blocking.length === 1 ? "blocks" : "block"} certification`;
    case "incomplete":
      return `INCOMPLETE: no evidence for ${list(report.incomplete)} (binding, in scope, not shown to hold): not certified`;
    case "partial":
      return `${outcomeWord(report)} (not a certification)`;
  }
}

/** The run's exit status under the IUT contract: 0 certified or a partial run without fault, else 1. */
export function exitCodeFor(report: Pick<Report, "outcome" | "interrupted">): 0 | 1 {
  if (report.interrupted !== undefined) return 1;
  const ok: Record<Outcome, boolean> = {
    certified: true,
    partial: true,
    incomplete: false,
    "not-certified": false,
  };
  return ok[report.outcome] ? 0 : 1;
}
