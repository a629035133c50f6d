/**
 * One judging idiom for both roles. A clause is judged over several observations (every Pkg#1 of
 * a flag matrix, every status package of a session, every response of a DM server, every SHOW it
 * sent). Each check turns what it saw into a list of observations and `verdictOf` folds them, the
 * same way for every clause of either role: one bad observation is a FAIL that quotes the first
 * few offenders; nothing judged is NOT-EXERCISED with the reason (never a pass by default);
 * otherwise PASS, with every distinct reading the IUT showed and the wire of the first few
 * observations: a PASS shows what it judged as a FAIL does.
 */
import type { CheckResult, Evidence } from "../model/verdict.ts";
import { fail, notExercised, pass } from "../model/verdict.ts";

/** How many offenders a FAIL quotes: the message counts them all, the first few are what a reader needs. */
export const MAX_QUOTED = 3;

export type Observation =
  /**
   * The clause held here. `reading` says which of several allowed forms the IUT chose;
   * `evidence` quotes the wire the observation judged (a PASS must show it too).
   */
  | { kind: "ok"; what: string; reading?: string; evidence?: Evidence[] }
  /** The clause was broken here: `message` says expected vs seen, `evidence` quotes the wire. */
  | { kind: "bad"; message: string; evidence: Evidence[] }
  /** The IUT never showed the behaviour this observation was about; `message` says why (which stimulus never reached it, or was never answered). */
  | { kind: "unseen"; message: string; evidence?: Evidence[] };

export const ok = (what: string, reading?: string, evidence?: Evidence[]): Observation => ({
  kind: "ok",
  what,
  ...(reading === undefined ? {} : { reading }),
  ...(evidence === undefined ? {} : { evidence }),
});

export const bad = (message: string, evidence: Evidence[]): Observation => ({
  kind: "bad",
  message,
  evidence,
});

export const unseen = (message: string, evidence?: Evidence[]): Observation => ({
  kind: "unseen",
  message,
  ...(evidence === undefined ? {} : { evidence }),
});

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Folds observations into the clause's result. `subject` names what was observed, e.g. "status
 * packages"; it appears in the messages.
 */
export function verdictOf(clause: string, subject: string, observations: Observation[]): CheckResult {
  const bads = observations.filter((o): o is Extract<Observation, { kind: "bad" }> => o.kind === "bad");
  if (bads.length > 0) {
    const more =
      bads.length > 1
        ? ` (${bads.length} violations; the first ${Math.min(bads.length, MAX_QUOTED)} quoted)`
        : "";
    return fail(
      clause,
      `${bads[0]!.message}${more}`,
      bads.slice(0, MAX_QUOTED).flatMap((b) => b.evidence),
    );
  }
  const oks = observations.filter((o): o is Extract<Observation, { kind: "ok" }> => o.kind === "ok");
  if (oks.length === 0) {
    const why = observations.find((o) => o.kind === "unseen");
    return notExercised(
      clause,
      why ? why.message : `no ${subject} to judge: the IUT never showed the behaviour`,
      why?.evidence ?? [],
    );
  }
  const readings = [...new Set(oks.flatMap((o) => (o.reading ? [o.reading] : [])))];
  const skipped = observations.length - oks.length;
  const whats = [...new Set(oks.map((o) => o.what))];
  const summary =
    whats.length <= 3 ? whats.join("; ") : `${whats.slice(0, 3).join("; ")}; and ${whats.length - 3} more`;
  return pass(
    clause,
    `${plural(oks.length, "observation")} of ${subject} conform: ${summary}${skipped > 0 ? ` (${skipped} not shown)` : ""}`,
    passEvidence(oks),
    readings.length > 0 ? readings.join("; ") : undefined,
  );
}

/**
 * What a PASS quotes: the wire of the first few observations that have some. Observations of one
 * session often share an excerpt (the answer that carried several commands, the Pkg#1 every status
 * package is compared with); it is quoted once.
 */
function passEvidence(oks: Array<Extract<Observation, { kind: "ok" }>>): Evidence[] {
  const quoted = oks.filter((o) => (o.evidence?.length ?? 0) > 0).slice(0, MAX_QUOTED);
  const seen = new Set<string>();
  return quoted
    .flatMap((o) => o.evidence ?? [])
    .filter((e) => {
      const key = JSON.stringify(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
