/**
 * Joins reports of shards (one run split across CI jobs with --clause) or of several runs of the
 * same IUT into one: per clause, every test of every report, and the fold of their verdicts — so a
 * clause's worst verdict wins (a fail anywhere is a fail; a shard that did not run a clause does
 * not hide the shard that did).
 */
import { foldVerdicts } from "../model/verdict.ts";
import { applyCertification, summarize } from "./certification.ts";
import type { Report, ReportClause, ReportIut, Role } from "./report-model.ts";

export class MergeError extends Error {
  override name = "MergeError";
}

function major(version: string): string {
  return version.split(".")[0] ?? version;
}

function describe(r: Report, i: number): string {
  return `report #${i + 1} (${r.iut.role} ${r.iut.target}, started ${r.started})`;
}

/** Refuses reports that cannot be compared clause by clause. */
function checkCompatible(reports: readonly Report[]): void {
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

function mergeClause(parts: ReportClause[]): ReportClause {
  const tests = parts.flatMap((p) => p.tests);
  const merged: ReportClause = {
    ...parts[0]!,
    verdict: foldVerdicts(parts.map((p) => p.verdict)),
    readings: [...new Set(parts.flatMap((p) => p.readings))],
    tests,
  };
  delete merged.note;
  const note = parts.find((p) => p.note !== undefined)?.note;
  if (tests.length === 0 && note !== undefined) merged.note = note;
  return merged;
}

export function mergeReports(reports: readonly Report[]): Report {
  if (reports.length === 0) throw new MergeError("cannot merge: no reports given");
  checkCompatible(reports);
  const first = reports[0]!;

  // Catalog order, as every report lists its clauses in catalog order.
  const order: string[] = [];
  const parts = new Map<string, ReportClause[]>();
  for (const r of reports) {
    for (const c of r.clauses) {
      if (!parts.has(c.id)) order.push(c.id);
      parts.set(c.id, [...(parts.get(c.id) ?? []), c]);
    }
  }
  const clauses = order.map((id) => mergeClause(parts.get(id)!));
  // One strict shard makes the whole strict: certification must not get easier by merging.
  const strict = reports.some((r) => r.strict);
  const blocking = applyCertification(clauses, strict);
  const started = reports.map((r) => r.started).sort()[0]!;
  const finished = reports
    .map((r) => r.finished)
    .sort()
    .at(-1)!;

  return {
    format: "dm20-conformance-report/1",
    harness: { ...first.harness },
    catalog: { ...first.catalog },
    iut: mergedIut(reports),
    options: { merged: reports.map((r) => r.options) },
    started,
    finished,
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    strict,
    certified: blocking.length === 0,
    blocking,
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
