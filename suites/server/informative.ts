/**
 * Informative tests judge no clause: their title names none (it starts with "[INFO]"), and what
 * they saw is kept as evidence on the test for the report's informative section. judge() cannot
 * carry it (it refuses results for clauses a title does not name), so this records directly.
 */
import type { Context } from "mocha";
import type { Evidence } from "../../harness/model/verdict.ts";
import { clausesInTitle, type JudgedTest } from "../../harness/runner/judge.ts";

export function recordObservation(ctx: Context, summary: string, evidence: Evidence[]): void {
  const test = ctx.test as JudgedTest | undefined;
  if (!test) throw new Error("recordObservation() must be called from inside a test");
  if (clausesInTitle(test.title).length > 0)
    throw new Error(`informative test "${test.title}" names a clause`);
  test.dm20Results = [
    ...(test.dm20Results ?? []),
    {
      clause: "",
      verdict: "pass",
      message: summary,
      evidence: [{ kind: "expectation", label: "observed", text: summary }, ...evidence],
    },
  ];
}
