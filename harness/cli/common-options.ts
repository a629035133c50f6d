/**
 * Options shared by `run` and `selftest` (the IUT contract's common options), their parsers, and
 * the checks that need the catalog (an unknown clause ID is a usage error, not an empty run).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { Catalog, Role } from "../catalog/catalog.ts";
import { DEFAULT_MAX_PACKAGES, DEFAULT_TIMEOUT_MS } from "../runner/run-context.ts";
import { UsageError } from "./usage-error.ts";

export const REPORTERS = ["json", "junit", "html", "allure"] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface CommonOptions {
  out?: string;
  clause?: string[];
  grep?: string;
  timeout: number;
  strict?: boolean;
  reporter: Reporter[];
  debug?: boolean;
  quietPeriod?: number;
  maxPackages: number;
  /** --baseline FILE: gate on regressions against these verdicts (report/baseline.ts). */
  baseline?: string;
  /** --write-baseline FILE: write this run's verdicts as a baseline. */
  writeBaseline?: string;
}

export function positiveInt(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) <= 0) {
      throw new InvalidArgumentError(`${what} must be a positive whole number`);
    }
    return Number(value);
  };
}

/** `--reporter json,junit` and `--reporter json --reporter junit` both work. */
function reporterList(value: string, previous: Reporter[] | undefined): Reporter[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(REPORTERS as readonly string[]).includes(item)) {
      throw new InvalidArgumentError(`"${item}" is not one of ${REPORTERS.join(", ")}`);
    }
  }
  // The default (all) is replaced, not added to, by the first explicit choice.
  const base = previous === DEFAULT_REPORTERS ? [] : (previous ?? []);
  return [...new Set([...base, ...(items as Reporter[])])];
}

const DEFAULT_REPORTERS: Reporter[] = [...REPORTERS];

/** `--clause A B`, `--clause A,B` and `--clause A --clause B` all collect into one list. */
function clauseList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(/[,\s]+/).filter(Boolean)];
}

export function addCommonOptions(cmd: Command): Command {
  cmd
    .option(
      "--out <dir>",
      "output folder (default: reports/<timestamp>-<role>/, and reports/latest points at it)",
    )
    .addOption(
      new Option(
        "--clause <ids...>",
        "run only the tests of these clause IDs (repeatable, or comma-separated)",
      ).argParser(clauseList),
    )
    .option("--grep <text>", "run only tests whose title contains this text")
    .addOption(
      new Option("--timeout <ms>", "bound on every single wait, in ms")
        .default(DEFAULT_TIMEOUT_MS)
        .argParser(positiveInt("--timeout")),
    )
    .option("--strict", "count SHOULD clauses for certification too")
    .addOption(
      new Option(
        "--reporter <list>",
        `report formats, comma-separated: ${REPORTERS.join(", ")} (report.json is always written)`,
      )
        .default(DEFAULT_REPORTERS, "all")
        .argParser(reporterList),
    )
    .addOption(
      new Option(
        "--quiet-period <ms>",
        "how long to watch for silence (no request after END / after a refused certificate)",
      ).argParser(positiveInt("--quiet-period")),
    )
    .addOption(
      new Option("--max-packages <n>", "packages one DM session may take before the harness stops it")
        .default(DEFAULT_MAX_PACKAGES)
        .argParser(positiveInt("--max-packages")),
    )
    .option("--debug", "print stack traces and the IUT's own output");
  return addBaselineOptions(cmd);
}

/** --baseline / --write-baseline, for run, selftest and merge alike. */
export function addBaselineOptions(cmd: Command): Command {
  return cmd
    .option(
      "--baseline <file>",
      "gate on regressions only: exit 0 when every clause is at least as good as in this baseline (fail < error < not-exercised < untestable = not-applicable < pass), 1 naming each regression",
    )
    .option("--write-baseline <file>", "write this run's clause verdicts as a baseline file");
}

/** Checks --clause against the catalog (and the roles being run); returns them per role. */
export function checkClauses(
  catalog: Catalog,
  ids: string[] | undefined,
  roles: Role[],
): Record<Role, string[]> {
  const by: Record<Role, string[]> = { client: [], server: [] };
  for (const id of ids ?? []) {
    const clause = catalog.byId(id);
    if (!clause) throw new UsageError(`--clause ${id}: no such clause in the catalog (see list-clauses)`);
    if (!roles.includes(clause.role)) {
      throw new UsageError(
        `--clause ${id}: a ${clause.role} clause, but this run tests the ${roles.join(" and ")}`,
      );
    }
    if (!by[clause.role].includes(id)) by[clause.role].push(id);
  }
  return by;
}

/** The report formats writeReports handles (allure comes from the mocha reporter instead). */
export function fileFormats(reporters: readonly Reporter[]): ("json" | "junit" | "html")[] {
  return ["json", ...reporters.filter((r): r is "junit" | "html" => r === "junit" || r === "html")];
}
