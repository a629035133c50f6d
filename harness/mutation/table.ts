/** The mutation table: one row per operator, then totals per clause family and the mutation score. */
import type { Judgement } from "./judge.ts";
import { clauseFamily } from "./operator.ts";

const OUTCOME_TEXT: Record<Judgement["outcome"], string> = {
  killed: "killed",
  survived: "SURVIVED",
  accepted: "accepted",
  flagged: "FLAGGED",
};

export interface FamilyTotals {
  family: string;
  faults: number;
  killed: number;
  lawful: number;
  accepted: number;
}

export function familyTotals(judgements: Judgement[]): FamilyTotals[] {
  const by = new Map<string, FamilyTotals>();
  for (const j of judgements) {
    const family = clauseFamily(j.operator.clause);
    const f = by.get(family) ?? { family, faults: 0, killed: 0, lawful: 0, accepted: 0 };
    if (j.operator.kind === "fault") {
      f.faults++;
      if (j.outcome === "killed") f.killed++;
    } else {
      f.lawful++;
      if (j.outcome === "accepted") f.accepted++;
    }
    by.set(family, f);
  }
  const order = (s: string) => s.replace(/\d+/g, (n) => n.padStart(3, "0"));
  return [...by.values()].sort((a, b) => order(a.family).localeCompare(order(b.family)));
}

function pct(n: number, of: number): string {
  return of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`;
}

/** The whole table as text lines. */
export function mutationTable(judgements: Judgement[], opts: { verbose?: boolean } = {}): string[] {
  const width = Math.max(8, ...judgements.map((j) => j.operator.name.length));
  const lines = [`${"operator".padEnd(width)}  ${"clause".padEnd(12)}  kind    outcome`];
  for (const j of judgements) {
    const detail =
      j.outcome === "survived" || j.outcome === "flagged" || (opts.verbose && j.detail)
        ? `  ${j.verdict}: ${j.detail}`
        : "";
    lines.push(
      `${j.operator.name.padEnd(width)}  ${j.operator.clause.padEnd(12)}  ${j.operator.kind.padEnd(6)}  ${OUTCOME_TEXT[j.outcome]}${detail}`,
    );
  }
  lines.push("", "family        faults  killed  score    lawful  accepted");
  const totals = familyTotals(judgements);
  for (const f of totals)
    lines.push(
      `${f.family.padEnd(12)}  ${String(f.faults).padStart(6)}  ${String(f.killed).padStart(6)}  ${pct(f.killed, f.faults).padStart(6)}  ${String(f.lawful).padStart(6)}  ${String(f.accepted).padStart(8)}`,
    );
  const faults = totals.reduce((n, f) => n + f.faults, 0);
  const killed = totals.reduce((n, f) => n + f.killed, 0);
  const lawful = totals.reduce((n, f) => n + f.lawful, 0);
  const accepted = totals.reduce((n, f) => n + f.accepted, 0);
  lines.push(
    `${"total".padEnd(12)}  ${String(faults).padStart(6)}  ${String(killed).padStart(6)}  ${pct(killed, faults).padStart(6)}  ${String(lawful).padStart(6)}  ${String(accepted).padStart(8)}`,
    "",
    `mutation score: ${killed}/${faults} faults killed (${pct(killed, faults)}); ${accepted}/${lawful} lawful variations accepted; ${judgements.length} operators over ${new Set(judgements.map((j) => j.operator.clause)).size} clauses`,
  );
  return lines;
}
