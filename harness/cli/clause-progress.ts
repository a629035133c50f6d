/**
 * Turns per-test outcomes into per-clause lines as they happen: a clause has settled once every
 * selected test that names it has ended (the list comes from the loaded suite tree, filtered like
 * the run). Its verdict is the fold of those tests' verdicts for it, as in the report.
 */
import type { Catalog } from "../catalog/catalog.ts";
import { foldVerdicts, type Verdict } from "../model/verdict.ts";
import type { SuiteTestInfo, TestOutcome } from "../runner/suite-runner.ts";
import type { SettledClause } from "./terminal.ts";

interface Pending {
  remaining: Set<string>;
  verdicts: Verdict[];
  durationMs: number;
  tests: number;
  why?: string;
}

export class ClauseProgress {
  private readonly pending = new Map<string, Pending>();
  private readonly settled = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    selected: readonly SuiteTestInfo[],
    private readonly onSettled: (s: SettledClause) => void,
  ) {
    for (const t of selected) {
      for (const id of t.clauses) {
        if (!catalog.byId(id)) continue;
        const p = this.pending.get(id) ?? { remaining: new Set(), verdicts: [], durationMs: 0, tests: 0 };
        p.remaining.add(t.fullTitle);
        this.pending.set(id, p);
      }
    }
  }

  /** Feed each test outcome as it ends (runSuites' onTest). */
  record(outcome: TestOutcome): void {
    for (const id of outcome.clauses) {
      const p = this.pending.get(id);
      if (!p || this.settled.has(id)) continue;
      p.remaining.delete(outcome.fullTitle);
      const verdict = outcome.verdicts[id] ?? "error";
      p.verdicts.push(verdict);
      p.tests += 1;
      p.durationMs += outcome.durationMs;
      if (verdict !== "pass" && p.why === undefined) p.why = explain(outcome, id, verdict);
      if (p.remaining.size === 0) this.settle(id);
    }
  }

  /**
   * Settles whatever is left once the run is over (a test that never reported, e.g. after a hook
   * failure mocha did not attribute): such a clause is printed with what it has.
   */
  finish(): void {
    for (const id of this.pending.keys()) if (!this.settled.has(id)) this.settle(id);
  }

  private settle(id: string): void {
    const p = this.pending.get(id)!;
    this.settled.add(id);
    const verdict: Verdict = p.verdicts.length > 0 ? foldVerdicts(p.verdicts) : "error";
    const s: SettledClause = {
      clause: this.catalog.byId(id)!,
      verdict,
      tests: p.tests,
      durationMs: p.durationMs,
    };
    const why = p.verdicts.length > 0 ? p.why : "no test of this clause reported an outcome";
    if (why !== undefined) s.why = why;
    this.onSettled(s);
  }
}

function explain(outcome: TestOutcome, clause: string, verdict: Verdict): string | undefined {
  const own = outcome.results.find((r) => r.clause === clause && r.verdict === verdict);
  return own?.message ?? outcome.error?.message;
}
