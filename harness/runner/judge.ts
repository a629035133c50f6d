/**
 * The bridge between a mocha test and the clause verdicts. A suite case drives a session, hands
 * the transcript to the checks, and passes their results to `judge`. The results ride on the
 * mocha Test object (no globals), where the suite runner picks them up; a fail or error also
 * throws, so mocha's own output and exit status agree with the verdicts.
 */
import type { Context, Test } from "mocha";
import type { CheckResult } from "../model/verdict.ts";

const CLAUSE_TAG = /\[(DM[CS]-[0-9.]+-[0-9]{2})\]/g;

/** Clause IDs a test names in its title, e.g. "[DMC-5.6-04][DMC-5.6-06] echoes MsgID" -> both IDs. */
export function clausesInTitle(title: string): string[] {
  return [...title.matchAll(CLAUSE_TAG)].map((m) => m[1]!);
}

export interface JudgedTest extends Test {
  dm20Results?: CheckResult[];
}

export class VerdictFailure extends Error {
  override name = "VerdictFailure";
  constructor(readonly results: CheckResult[]) {
    super(results.map((r) => `${r.clause} ${r.verdict.toUpperCase()}: ${r.message}`).join("\n"));
  }
}

/**
 * Records check results on the running test. Results for a clause the test's title does not name
 * are a harness bug (a verdict would land on the wrong clause), so they throw rather than record.
 */
export function judge(ctx: Context, ...results: CheckResult[]): void {
  const test = ctx.test as JudgedTest | undefined;
  if (!test) throw new Error("judge() must be called from inside a test");
  const named = clausesInTitle(test.title);
  const stray = results.filter((r) => !named.includes(r.clause));
  if (stray.length > 0) {
    throw new Error(
      `test "${test.title}" judged clauses it does not name: ${stray.map((r) => r.clause).join(", ")}`,
    );
  }
  test.dm20Results = [...(test.dm20Results ?? []), ...results];
  const bad = results.filter((r) => r.verdict === "fail" || r.verdict === "error");
  if (bad.length > 0) throw new VerdictFailure(bad);
}
