/**
 * Options shared by `run` and `selftest` (the IUT contract's common options), their parsers, and
 * the checks that need the catalog (an unknown clause ID is a usage error, not an empty run).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { Catalog, Role } from "../catalog/catalog.ts";
import { DEFAULT_MAX_PACKAGES, DEFAULT_TIMEOUT_MS } from "../runner/run-context.ts";
import { CLIENT_RUN_PORTS, type PortRange } from "../server-role/port-pool.ts";
import { DEFAULT_QUIET_MS } from "../server-role/quiet.ts";
import { UsageError } from "./usage-error.ts";

/** The defaults of the waits a command uses, declared once so that --help shows what runs. */
export interface WaitDefaults {
  timeoutMs: number;
  quietMs: number;
}

/** `run`: a device or server of unknown speed, maybe on another machine. */
export const RUN_DEFAULTS: WaitDefaults = { timeoutMs: DEFAULT_TIMEOUT_MS, quietMs: DEFAULT_QUIET_MS };
/** `selftest`: the reference implementations answer on loopback in milliseconds, so short waits suffice. */
export const SELFTEST_DEFAULTS: WaitDefaults = { timeoutMs: 5000, quietMs: 300 };

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
  /** Set by commander (default per command); programmatic callers may leave it to that default. */
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

/**
 * A text option that must say something: an empty or blank value (`--grep ""`, `--out ""`, a
 * variable that expanded to nothing) would silently mean "all tests" or "the working directory".
 */
export function nonEmpty(what: string) {
  return (value: string): string => {
    if (value.trim() === "") throw new InvalidArgumentError(`${what} must not be empty`);
    return value;
  };
}

/** `--port 9000` or `--port 9000-9011`: the ports the harness's DM-server listeners may use. */
export function portRange(value: string): PortRange {
  const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(value);
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m?.[2] !== undefined ? Number(m[2]) : from;
  if (!m || from < 1 || to > 65535 || from > to)
    throw new InvalidArgumentError(
      `--port must be a port (1-65535) or a range FROM-TO with FROM <= TO, e.g. 9000-9011`,
    );
  if (to - from + 1 > MAX_PORT_RANGE)
    throw new InvalidArgumentError(`--port ${value}: at most ${MAX_PORT_RANGE} ports`);
  return { from, to };
}

export { CLIENT_RUN_PORTS };

/** Every port of a --port range is checked free before the run: keep that a short loop. */
export const MAX_PORT_RANGE = 1024;

/** `--reporter json,junit` and `--reporter json --reporter junit` both work. */
function reporterList(value: string, previous: Reporter[] | undefined): Reporter[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError("--reporter names no format");
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

/**
 * `--clause A B`, `--clause A,B` and `--clause A --clause B` all collect into one list. A value
 * naming no ID (`--clause ,`, an empty variable) is refused: it would silently run every clause.
 */
function clauseList(value: string, previous: string[] | undefined): string[] {
  const ids = value.split(/[,\s]+/).filter(Boolean);
  if (ids.length === 0) throw new InvalidArgumentError("--clause names no clause ID");
  return [...(previous ?? []), ...ids];
}

/** An option whose value is text that must not be empty (see nonEmpty). */
export function textOption(flags: string, description: string): Option {
  const name = flags.split(/[ ,]/)[0]!;
  return new Option(flags, description).argParser(nonEmpty(name));
}

export function addCommonOptions(cmd: Command, defaults: WaitDefaults = RUN_DEFAULTS): Command {
  cmd
    .addOption(
      textOption(
        "--out <dir>",
        "output folder (default: reports/<timestamp>-<role>/, and reports/latest points at it)",
      ),
    )
    .addOption(
      new Option(
        "--clause <ids...>",
        "run only the tests of these clause IDs (repeatable, or comma-separated)",
      ).argParser(clauseList),
    )
    .addOption(textOption("--grep <text>", "run only tests whose title contains this text"))
    .addOption(
      new Option("--timeout <ms>", "bound on every single wait, in ms")
        .default(defaults.timeoutMs)
        .argParser(positiveInt("--timeout")),
    )
    .option("--strict", "count SHOULD clauses for certification too")
    .addOption(
      new Option(
        "--reporter <list>",
        `report formats, comma-separated: ${REPORTERS.join(", ")} (report.json is always written)`,
      )
        .default(DEFAULT_REPORTERS, REPORTERS.join(","))
        .argParser(reporterList),
    )
    .addOption(
      new Option(
        "--quiet-period <ms>",
        "how long to watch a device for silence (no request after END / after a refused certificate); at most --timeout",
      )
        .default(defaults.quietMs)
        .argParser(positiveInt("--quiet-period")),
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
    .addOption(
      textOption(
        "--baseline <file>",
        "gate on regressions only: exit 0 when every clause is at least as good as in this baseline (fail < error < not-exercised < untestable = not-applicable < pass), 1 naming each regression",
      ),
    )
    .addOption(textOption("--write-baseline <file>", "write this run's clause verdicts as a baseline file"));
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
