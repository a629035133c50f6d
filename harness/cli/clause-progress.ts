/**
 * Turns per-test outcomes into per-clause lines as they happen: a clause has settled once every
 * selected test that names it has ended (the list comes from the loaded suite tree, filtered like
 * the run). Its verdict is the fold of those tests' verdicts for it, as in the report. On a
 * terminal it also keeps a status line up to date every second (clauses settled, tests done, how
 * long since the last result), so a long wait for the IUT does not look like a hang.
 */
import type { Catalog } from "../catalog/catalog.ts";
import { foldVerdicts, type Verdict } from "../model/verdict.ts";
import type { SuiteTestInfo, TestOutcome } from "../runner/suite-runner.ts";
import type { StatusLine } from "./status-line.ts";
import type { SettledClause } from "./terminal.ts";

export const STATUS_TICK_MS = 1000;

export interface ProgressCounts {
  clausesSettled: number;
  clauses: number;
  testsDone: number;
  tests: number;
  /** Since the last test ended (or the pass began). */
  idleMs: number;
  /** Device sessions under way, and those still waiting for the device's first package (client runs). */
  sessions?: { underway: number; waiting: number };
}

export function progressText(p: ProgressCounts): string {
  const idle = Math.floor(p.idleMs / 1000);
  const sessions =
    p.sessions && p.sessions.underway > 0
      ? ` · ${p.sessions.underway} session${p.sessions.underway === 1 ? "" : "s"} under way, ${p.sessions.waiting} waiting for the device`
      : "";
  return `\u29d7 ${p.clausesSettled}/${p.clauses} clauses settled · ${p.testsDone}/${p.tests} tests done${sessions} · ${
    idle > 0 ? `waiting ${idle} s for the IUT` : "running"
  }`;
}

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
  private readonly tests: number;
  private testsDone = 0;
  private lastResultAt: number;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: Catalog,
    selected: readonly SuiteTestInfo[],
    private readonly onSettled: (s: SettledClause) => void,
    private readonly status?: StatusLine,
    private readonly now: () => number = Date.now,
    /** The run's device-session counters, where the IUT is a device. */
    private readonly sessions?: () => { underway: number; waiting: number },
  ) {
    this.tests = selected.length;
    this.lastResultAt = now();
    for (const t of selected) {
      for (const id of t.clauses) {
        if (!catalog.byId(id)) continue;
        const p = this.pending.get(id) ?? { remaining: new Set(), verdicts: [], durationMs: 0, tests: 0 };
        p.remaining.add(t.fullTitle);
        this.pending.set(id, p);
      }
    }
    if (status) {
      this.ticker = setInterval(() => this.showStatus(), STATUS_TICK_MS);
      // The ticker only draws: it must never keep the process alive.
      this.ticker.unref();
      this.showStatus();
    }
  }

  counts(): ProgressCounts {
    return {
      clausesSettled: this.settled.size,
      clauses: this.pending.size,
      testsDone: this.testsDone,
      tests: this.tests,
      idleMs: this.now() - this.lastResultAt,
      ...(this.sessions ? { sessions: { ...this.sessions() } } : {}),
    };
  }

  private showStatus(): void {
    this.status?.show(progressText(this.counts()));
  }

  /** Feed each test outcome as it ends (runSuites' onTest). */
  record(outcome: TestOutcome): void {
    this.testsDone += 1;
    this.lastResultAt = this.now();
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
    this.showStatus();
  }

  /**
   * Settles whatever is left once the run is over (a test that never reported, e.g. after a hook
   * failure mocha did not attribute): such a clause is printed with what it has.
   */
  finish(): void {
    this.stop();
    for (const id of this.pending.keys()) if (!this.settled.has(id)) this.settle(id);
  }

  /** Stops the status line (idempotent); finish() does it too. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.status?.clear();
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
