/**
 * One pass of one role's suites: lists the tests the selection will run (so the terminal knows
 * when each clause has settled), runs them through runSuites with the run's reporter, and prints a
 * line per clause as it settles. `run` makes one pass; `selftest` several into one report.
 */
import type { Catalog } from "../catalog/catalog.ts";
import type { ReporterSpec } from "../report/allure.ts";
import { phase } from "../runner/phases.ts";
import type { RunContext } from "../runner/run-context.ts";
import { listSuiteTests, runSuites, type TestOutcome } from "../runner/suite-runner.ts";
import { sessionActivity } from "../server-role/session-activity.ts";
import { ClauseProgress } from "./clause-progress.ts";
import type { StatusLine } from "./status-line.ts";
import type { SettledClause } from "./terminal.ts";

export interface RolePass {
  context: RunContext;
  clauses?: string[];
  grep?: string;
  /** Appended to each test's full title in the report, to tell passes of the same test apart. */
  label?: string;
}

export interface PassHooks {
  catalog: Catalog;
  reporter?: ReporterSpec;
  onSettled: (s: SettledClause) => void;
  /** The terminal's live progress line (CliIo.status), when there is one. */
  status?: StatusLine;
  /** Sees each test's outcome as it ends (what an interrupted run reports). */
  onTest?: (outcome: TestOutcome) => void;
  /** Aborted: the pass starts no further test. */
  signal?: AbortSignal;
}

/** One pass, timed as a span of the phase profile (DM20_PHASES). */
export function runRolePass(pass: RolePass, hooks: PassHooks): Promise<TestOutcome[]> {
  return phase("pass", pass.label ?? pass.context.role, runPass(pass, hooks));
}

async function runPass(pass: RolePass, hooks: PassHooks): Promise<TestOutcome[]> {
  const role = pass.context.role;
  const selection = {
    ...(pass.clauses && pass.clauses.length > 0 ? { clauses: pass.clauses } : {}),
    ...(pass.grep !== undefined ? { grep: pass.grep } : {}),
  };
  const selected = await listSuiteTests(role, selection);
  const activity = role === "client" ? sessionActivity(pass.context) : undefined;
  const progress = new ClauseProgress(
    hooks.catalog,
    selected,
    hooks.onSettled,
    hooks.status,
    Date.now,
    activity ? () => activity : undefined,
  );
  let outcomes: TestOutcome[];
  try {
    outcomes = await runSuites({
      role,
      context: pass.context,
      ...selection,
      ...(hooks.reporter ? { reporter: hooks.reporter } : {}),
      onTest: (o) => {
        progress.record(o);
        hooks.onTest?.(pass.label ? labelled(o, pass.label) : o);
      },
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
  } finally {
    progress.stop();
  }
  progress.finish();
  const label = pass.label;
  return label ? outcomes.map((o) => labelled(o, label)) : outcomes;
}

function labelled(o: TestOutcome, label: string): TestOutcome {
  return { ...o, fullTitle: `${o.fullTitle} (${label})` };
}
