/**
 * Joins reports of shards (one run split across CI jobs with --clause) or of several runs of the
 * same IUT into one: per clause, every test of every report, and the fold of their verdicts — so a
 * clause's worst verdict wins (a fail anywhere is a fail; a shard that did not run a clause does
 * not hide the shard that did). Certification is then decided by the same rule as for one run
 * (certification.ts), from the verdicts, the IXIT declarations and the coverage each report
 * recorded: shards that together cover the catalog certify exactly as a full run would.
 */
import { IXIT_DEPENDENT_CLAUSES } from "../catalog/applicability.ts";
import { foldVerdicts } from "../model/verdict.ts";
import { unjudgedClause } from "./build-report.ts";
import { applyCertification, summarize, widerCoverage } from "./certification.ts";
import {
  type CatalogLike,
  REPORT_FORMAT,
  type Report,
  type ReportClause,
  type ReportIut,
  type Role,
} from "./report-model.ts";

export class MergeError extends Error {
  override name = "MergeError";
}

function major(version: string): string {
  return version.split(".")[0] ?? version;
}

export interface MergeOptions {
  /**
   * The catalog of the harness that merges: every report must have been judged against it, and
   * its clauses of the merged role(s) that no report lists count as not run.
   */
  catalog?: CatalogLike;
  /** What to call each report in a refusal (its file name), in the order given. */
  sources?: readonly string[];
}

type Describe = (r: Report, i: number) => string;

function describer(sources: readonly string[] | undefined): Describe {
  return (r, i) => sources?.[i] ?? `report #${i + 1} (${r.iut.role} ${r.iut.target}, started ${r.started})`;
}

/** Refuses reports that cannot be compared clause by clause. */
function checkCompatible(reports: readonly Report[], describe: Describe): void {
  const first = reports[0]!;
  reports.forEach((r, i) => {
    if (r.catalog.digest !== first.catalog.digest) {
      throw new MergeError(
        `cannot merge: ${describe(r, i)} was judged against clause catalog ${r.catalog.digest}, ` +
          `${describe(first, 0)} against ${first.catalog.digest}; re-run both with the same harness version`,
      );
    }
    if (r.harness.name !== first.harness.name || major(r.harness.version) !== major(first.harness.version)) {
      throw new MergeError(
        `cannot merge: ${describe(r, i)} comes from ${r.harness.name} ${r.harness.version}, ` +
          `${describe(first, 0)} from ${first.harness.name} ${first.harness.version} (major versions differ)`,
      );
    }
    const a = first.iut.deviceId;
    const b = r.iut.deviceId;
    if (a !== undefined && b !== undefined && a !== b) {
      throw new MergeError(
        `cannot merge: ${describe(r, i)} tested device ${b}, ${describe(first, 0)} device ${a}; ` +
          "merge only runs of the same IUT",
      );
    }
  });
}

function mergedIut(reports: readonly Report[]): ReportIut {
  const roles = new Set(
    reports.flatMap((r) => (r.iut.role === "both" ? ["client", "server"] : [r.iut.role])),
  );
  const role: ReportIut["role"] = roles.size > 1 ? "both" : ([...roles][0] as Role);
  const iut: ReportIut = { role, target: [...new Set(reports.map((r) => r.iut.target))].join(" | ") };
  const deviceId = reports.find((r) => r.iut.deviceId !== undefined)?.iut.deviceId;
  if (deviceId !== undefined) iut.deviceId = deviceId;
  return iut;
}

/**
 * What the schema cannot say: each clause is the catalog's (same role and level, listed once), and
 * only the clauses whose applicability depends on the IXIT carry a declaration.
 */
function checkClauses(
  reports: readonly Report[],
  describe: Describe,
  catalog: CatalogLike | undefined,
): void {
  const known = new Map(catalog?.clauses.map((c) => [c.id, c]));
  const dependent = new Set(IXIT_DEPENDENT_CLAUSES);
  reports.forEach((r, i) => {
    if (catalog && r.catalog.digest !== catalog.digest) {
      throw new MergeError(
        `cannot merge: ${describe(r, i)} was judged against clause catalog ${r.catalog.digest}, this harness's is ${catalog.digest}; merge with the harness version that wrote it`,
      );
    }
    const seen = new Set<string>();
    r.clauses.forEach((c, j) => {
      const at = `${describe(r, i)}: clauses[${j}] (${c.id})`;
      if (seen.has(c.id)) throw new MergeError(`cannot merge: ${at} is listed twice`);
      seen.add(c.id);
      const spec = known.get(c.id);
      if (catalog && !spec) throw new MergeError(`cannot merge: ${at} is not a clause of the catalog`);
      if (spec && (spec.role !== c.role || spec.level !== c.level)) {
        throw new MergeError(
          `cannot merge: ${at} is a ${c.role} ${c.level} clause there, the catalog says ${spec.role} ${spec.level}`,
        );
      }
      const a = c.applicability;
      if (!dependent.has(c.id) && (!a.applicable || a.declared !== undefined)) {
        throw new MergeError(
          `cannot merge: ${at}: field "applicability" declares what no IXIT can declare for it`,
        );
      }
    });
  });
}

function mergeClause(parts: ReportClause[], describe: (p: ReportClause) => string): ReportClause {
  const tests = parts.flatMap((p) => p.tests);
  const first = parts[0]!;
  const declared = JSON.stringify(first.applicability);
  const other = parts.find((p) => JSON.stringify(p.applicability) !== declared);
  if (other) {
    throw new MergeError(
      `cannot merge: ${first.id} was judged under different IXIT declarations (${describe(first)}: ${declared}; ${describe(other)}: ${JSON.stringify(other.applicability)}); merge only runs with the same IXIT`,
    );
  }
  // A report that did not run the clause has nothing to say about its verdict.
  const ran = parts.filter((p) => p.coverage !== "none");
  const merged: ReportClause = {
    ...first,
    verdict: foldVerdicts((ran.length > 0 ? ran : parts).map((p) => p.verdict)),
    coverage: parts.map((p) => p.coverage).reduce(widerCoverage),
    readings: [...new Set(parts.flatMap((p) => p.readings))],
    tests,
  };
  delete merged.note;
  const note = parts.find((p) => p.note !== undefined)?.note;
  if (tests.length === 0 && note !== undefined) merged.note = note;
  return merged;
}

export function mergeReports(reports: readonly Report[], opts: MergeOptions = {}): Report {
  if (reports.length === 0) throw new MergeError("cannot merge: no reports given");
  const describe = describer(opts.sources);
  checkCompatible(reports, describe);
  checkClauses(reports, describe, opts.catalog);
  const first = reports[0]!;
  const iut = mergedIut(reports);

  const parts = new Map<string, ReportClause[]>();
  const from = new Map<ReportClause, string>();
  reports.forEach((r, i) => {
    for (const c of r.clauses) {
      parts.set(c.id, [...(parts.get(c.id) ?? []), c]);
      from.set(c, describe(r, i));
    }
  });
  // Catalog order (every report lists its clauses in it); a clause of the merged role(s) that no
  // report lists was not run by any of them.
  const roles = new Set<Role>(iut.role === "both" ? ["client", "server"] : [iut.role]);
  const specs = opts.catalog?.clauses.filter((c) => roles.has(c.role) || parts.has(c.id));
  const order = specs ? specs.map((c) => c.id) : [...parts.keys()];
  const spec = new Map(specs?.map((c) => [c.id, c]));
  const clauses = order.map((id) => {
    const p = parts.get(id);
    return p ? mergeClause(p, (c) => from.get(c) ?? "?") : unjudgedClause(spec.get(id)!);
  });
  // One strict shard makes the whole strict: certification must not get easier by merging.
  const strict = reports.some((r) => r.strict);
  const { outcome, blocking, incomplete } = applyCertification(clauses, strict);
  const started = reports.map((r) => r.started).sort()[0]!;
  const finished = reports
    .map((r) => r.finished)
    .sort()
    .at(-1)!;

  return {
    format: REPORT_FORMAT,
    harness: { ...first.harness },
    catalog: { ...first.catalog },
    iut,
    options: { merged: reports.map((r) => r.options) },
    started,
    finished,
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    strict,
    certified: outcome === "certified",
    outcome,
    blocking,
    incomplete,
    clauses,
    informative: reports.flatMap((r) => r.informative),
    summary: summarize(clauses),
    warnings: [...new Set(reports.flatMap((r) => r.warnings))],
    mergedFrom: reports.flatMap(
      (r) =>
        r.mergedFrom ?? [
          {
            iut: r.iut,
            started: r.started,
            finished: r.finished,
            harness: `${r.harness.name} ${r.harness.version}`,
          },
        ],
    ),
  };
}
