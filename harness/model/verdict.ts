/**
 * Verdicts and evidence, as the SCR outline defines them. A check returns a CheckResult; the
 * report folds the results of every test that names a clause into that clause's verdict.
 */

export const VERDICTS = ["pass", "fail", "not-applicable", "not-exercised", "untestable", "error"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type EvidenceKind =
  | "http-request"
  | "http-response"
  | "tls"
  | "notification"
  | "body"
  | "event"
  | "expectation"
  | "process-output";

/**
 * One excerpt quoted from the wire (or from the harness's own record of an event). `text` is what
 * a human reads: heads verbatim, bodies as text with their first KiB, CR and LF kept as they came.
 */
export interface Evidence {
  kind: EvidenceKind;
  /** What this excerpt is, e.g. "Pkg#2 request (exchange #3)". */
  label: string;
  text: string;
  /** Where in the body a finding points, when it does. */
  location?: { line?: number; column?: number; offset?: number };
  /** The DM session the excerpt belongs to (the driver's name for it), when known. */
  session?: string;
}

export interface CheckResult {
  clause: string;
  verdict: Verdict;
  /** One sentence: what was expected and what was seen. Required for anything but pass. */
  message: string;
  evidence: Evidence[];
  /**
   * Where the draft allows several readings, which one the IUT showed (e.g. "Accept as ';' list").
   * Recorded on pass too, so that interop reports can compare implementations.
   */
  reading?: string;
}

/** Worst-first order used when several results judge one clause. */
const SEVERITY: Record<Verdict, number> = {
  error: 5,
  fail: 4,
  "not-exercised": 3,
  untestable: 2,
  "not-applicable": 1,
  pass: 0,
};

/**
 * Folds verdicts of several tests (or several runs) of one clause: a clause fails if any test
 * fails, an error is never a pass; it passes only when some test passed and none did worse than
 * not-applicable.
 */
export function foldVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return "not-exercised";
  if (verdicts.includes("fail")) return "fail";
  if (verdicts.includes("error")) return "error";
  if (verdicts.includes("pass")) return "pass";
  return verdicts.reduce((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst));
}

export function worseVerdict(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function pass(
  clause: string,
  message: string,
  evidence: Evidence[] = [],
  reading?: string,
): CheckResult {
  return { clause, verdict: "pass", message, evidence, ...(reading ? { reading } : {}) };
}

export function fail(clause: string, message: string, evidence: Evidence[]): CheckResult {
  return { clause, verdict: "fail", message, evidence };
}

export function notExercised(clause: string, message: string, evidence: Evidence[] = []): CheckResult {
  return { clause, verdict: "not-exercised", message, evidence };
}

export function notApplicable(clause: string, message: string): CheckResult {
  return { clause, verdict: "not-applicable", message, evidence: [] };
}

export function untestable(clause: string, message: string): CheckResult {
  return { clause, verdict: "untestable", message, evidence: [] };
}

export function checkError(clause: string, message: string, evidence: Evidence[] = []): CheckResult {
  return { clause, verdict: "error", message, evidence };
}
