/**
 * What the IXIT says about each clause before any test runs: whether the clause applies to this
 * IUT, and which verdict other than pass the IXIT itself *declares* for it. Certification accepts a
 * `not-applicable` or `untestable` verdict only where it is declared here, so a check that gives up
 * can never pass for a declaration the vendor did not make (scr-outline.md, "Certification means
 * evidence").
 *
 * One pure function, exported for the report (which records the declaration per clause, so `merge`
 * can apply the same rule without the IXIT) and for the checks, which are to map the same
 * declarations to their verdicts.
 */
import type { Ixit } from "../model/ixit.ts";

/** A verdict the IXIT declares for a clause; `fail`: the vendor declares a violation itself. */
export type DeclaredVerdict = "not-applicable" | "untestable" | "fail";
export const DECLARED_VERDICTS: readonly DeclaredVerdict[] = ["not-applicable", "untestable", "fail"];

export interface Applicability {
  /** False when the IXIT declares absent the feature the clause is about. */
  applicable: boolean;
  /** The verdict the IXIT declares, where it declares one. */
  declared?: DeclaredVerdict;
  /** The IXIT keys this rests on, as the report shows them (absent for unconditional clauses). */
  basis?: string;
}

/** The IXIT keys applicability reads (a merge or a check may hold only these). */
export type ApplicabilityFacts = Pick<
  Ixit,
  "exec" | "show" | "browserIsolated" | "mcc" | "mnc" | "cmcc" | "cmnc" | "sendsNotifications"
>;

const APPLIES: Applicability = { applicable: true };

function notApplicable(basis: string): Applicability {
  return { applicable: false, declared: "not-applicable", basis };
}

const RULES: Record<string, (ixit: ApplicabilityFacts) => Applicability> = {
  // EXEC needs a node the device declares executable.
  "DMC-5.8-11": (ixit) =>
    ixit.exec === null
      ? notApplicable('IXIT "exec": null (no executable node)')
      : { applicable: true, basis: `IXIT "exec" names ${ixit.exec.node}` },
  // SHOW "where supported".
  "DMC-5.8-12": (ixit) =>
    ixit.show
      ? { applicable: true, basis: 'IXIT "show": true' }
      : notApplicable('IXIT "show": false (SHOW not supported)'),
  // What the SHOW browser can reach is not on the wire: the vendor's declaration is all there is.
  "DMC-5.8-13": (ixit) =>
    !ixit.show
      ? notApplicable('IXIT "show": false (no SHOW browser)')
      : ixit.browserIsolated
        ? { applicable: true, declared: "untestable", basis: 'IXIT "browserIsolated": true' }
        : {
            applicable: true,
            declared: "fail",
            basis: 'IXIT "browserIsolated": false (the vendor declares the browser can reach the DM tree)',
          },
  // TBD is due only where a SIM or a 3GPP/3GPP2 connection is declared absent.
  "DMC-5.8.1-02": (ixit) =>
    [ixit.mcc, ixit.mnc, ixit.cmcc, ixit.cmnc].every((v) => v !== null)
      ? notApplicable('IXIT "mcc", "mnc", "cmcc", "cmnc" all set (a SIM and a 3GPP connection: no TBD due)')
      : {
          applicable: true,
          basis: "IXIT declares no active SIM or no 3GPP/3GPP2 connection (a null in mcc/mnc/cmcc/cmnc)",
        },
  // A server that never notifies has no Pkg#0 to judge.
  "DMS-5.3-01": (ixit) =>
    ixit.sendsNotifications
      ? { applicable: true, basis: 'IXIT "sendsNotifications": true (judged through --notify-cmd)' }
      : notApplicable('IXIT "sendsNotifications": false (the server emits no notification)'),
};

/** The applicability of one clause for an IUT described by `ixit`. */
export function applicability(clauseId: string, ixit: ApplicabilityFacts): Applicability {
  return RULES[clauseId]?.(ixit) ?? APPLIES;
}

/** The clauses whose applicability depends on the IXIT. */
export const IXIT_DEPENDENT_CLAUSES: readonly string[] = Object.keys(RULES);
