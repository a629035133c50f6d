/**
 * CI gating on regressions only (--baseline, --write-baseline), the way WPT expectation files and
 * Kubernetes' conformance lists work: a vendor whose device is known to fail some clauses records
 * the verdicts it has, and a later run passes the gate when every clause is at least as good.
 *
 * "At least as good" is one total order, defined here and nowhere else (README, docs/ci.md):
 *
 *     fail < error < not-exercised < untestable = not-applicable < pass
 *
 * A clause the run judged and the baseline does not list is expected to pass; a clause the run did
 * not judge (outside its selection) is not compared.
 */
import { readFile } from "node:fs/promises";
import { validatorOnFirstUse } from "../model/schema-validator.ts";
import { VERDICTS, type Verdict } from "../model/verdict.ts";
import type { Report } from "./report-model.ts";
import { describeSchemaError } from "./report-schema.ts";

export const BASELINE_FORMAT = "dm20-conformance-baseline/1";

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  /** Where the verdicts came from (informative: harness, catalog digest, IUT, when). */
  from?: { harness?: string; catalog?: string; iut?: string; finished?: string };
  /** Per clause ID, the verdict the run must at least reach. */
  clauses: Record<string, Verdict>;
}

/** The order of "at least as good": a higher rank is better. */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = {
  fail: 0,
  error: 1,
  "not-exercised": 2,
  untestable: 3,
  "not-applicable": 3,
  pass: 4,
};

export function atLeastAsGood(now: Verdict, expected: Verdict): boolean {
  return VERDICT_RANK[now] >= VERDICT_RANK[expected];
}

export interface BaselineChange {
  id: string;
  expected: Verdict;
  now: Verdict;
  /** Whether the baseline listed the clause (else it was expected to pass). */
  listed: boolean;
}

export interface BaselineComparison {
  /** Clauses compared (judged by the run). */
  compared: number;
  /** Worse than the baseline: the gate fails. */
  regressions: BaselineChange[];
  /** Better than the baseline: the baseline can be tightened. */
  improvements: BaselineChange[];
}

export function compareWithBaseline(report: Pick<Report, "clauses">, baseline: Baseline): BaselineComparison {
  const cmp: BaselineComparison = { compared: 0, regressions: [], improvements: [] };
  for (const c of report.clauses) {
    if (c.coverage === "none") continue;
    cmp.compared += 1;
    const listed = Object.hasOwn(baseline.clauses, c.id);
    const expected = listed ? baseline.clauses[c.id]! : "pass";
    const change = { id: c.id, expected, now: c.verdict, listed };
    if (!atLeastAsGood(c.verdict, expected)) cmp.regressions.push(change);
    else if (VERDICT_RANK[c.verdict] > VERDICT_RANK[expected]) cmp.improvements.push(change);
  }
  return cmp;
}

/** The baseline a run sets: the verdict of every clause it judged. */
export function baselineFromReport(report: Report): Baseline {
  const clauses: Record<string, Verdict> = {};
  for (const c of report.clauses) if (c.coverage !== "none") clauses[c.id] = c.verdict;
  return {
    format: BASELINE_FORMAT,
    from: {
      harness: `${report.harness.name} ${report.harness.version}`,
      catalog: report.catalog.digest,
      iut: `${report.iut.role} ${report.iut.target}`,
      finished: report.finished,
    },
    clauses,
  };
}

const BASELINE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["format", "clauses"],
  properties: {
    format: { const: BASELINE_FORMAT },
    from: {
      type: "object",
      additionalProperties: false,
      properties: {
        harness: { type: "string" },
        catalog: { type: "string" },
        iut: { type: "string" },
        finished: { type: "string" },
      },
    },
    clauses: {
      type: "object",
      propertyNames: { pattern: "^DM[CS]-[0-9]+(\\.[0-9]+)*-[0-9]{2}$" },
      additionalProperties: { enum: [...VERDICTS] },
    },
  },
} as const;

/** Compiled only when a run is given --baseline. */
const baselineValidator = validatorOnFirstUse<Baseline>(BASELINE_SCHEMA);

export class BaselineError extends Error {
  override name = "BaselineError";
}

/**
 * Reads and validates a baseline file; every clause it names must be one of `knownIds` (a typo
 * would silently expect nothing of the clause it meant). Throws BaselineError naming the file.
 */
export async function readBaseline(path: string, knownIds: ReadonlySet<string>): Promise<Baseline> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new BaselineError(`--baseline ${path}: not a readable JSON file (${why})`);
  }
  const validate = baselineValidator();
  if (!validate(data)) {
    const err = validate.errors![0]!;
    // A bad key of "clauses" is reported by the pattern it broke, with the key as propertyName.
    const why =
      err.propertyName !== undefined
        ? `"${err.propertyName}" is not a clause ID`
        : describeSchemaError(err, "a baseline");
    throw new BaselineError(`--baseline ${path}: ${why}`);
  }
  const unknown = Object.keys(data.clauses).filter((id) => !knownIds.has(id));
  if (unknown.length > 0)
    throw new BaselineError(`--baseline ${path}: no such clause in the catalog: ${unknown.join(", ")}`);
  return data;
}

export function baselineJson(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}
