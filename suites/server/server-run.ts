/**
 * What the server suites share within one run: the plan read from the run context (inside hooks
 * only, never at load time) and the recorded sessions, run once per run and judged by every test.
 */

import type { Context } from "mocha";
import { applicability } from "../../harness/catalog/applicability.ts";
import { checkEachSession, type JudgedSession, type ServerCheck } from "../../harness/checks/server/index.ts";
import {
  commandTrigger,
  hookTrigger,
  judgedSessions,
  NOTIFY_HOOK_KEY,
  type NotifyHook,
  runServerSessions,
  type ServerRunPlan,
  type ServerSessions,
} from "../../harness/client-role/index.ts";
import type { Ixit } from "../../harness/model/ixit.ts";
import type { CheckResult } from "../../harness/model/verdict.ts";
import type { JudgedTest } from "../../harness/runner/judge.ts";
import { runContext, serverTarget, sharedOnce } from "../../harness/runner/run-context.ts";

export function serverPlan(): ServerRunPlan {
  const ctx = runContext();
  const target = serverTarget();
  const hook = ctx.shared.get(NOTIFY_HOOK_KEY);
  const notify =
    typeof hook === "function"
      ? hookTrigger(hook as NotifyHook)
      : target.notifyCmd
        ? commandTrigger(target.notifyCmd)
        : undefined;
  return {
    url: target.url,
    caPem: target.caPem,
    ixit: ctx.ixit,
    timeoutMs: ctx.timeoutMs,
    bodyLimitBytes: ctx.bodyLimitBytes,
    maxPackages: ctx.maxPackages,
    strict: ctx.strict,
    ...(notify ? { notify } : {}),
  };
}

/**
 * Bound on a hook that runs sessions. Set on the hook itself: mocha copies a suite's timeout into
 * its tests and hooks when the files load, so a timeout set on the runner afterwards does not
 * reach them. Every wait inside is bounded by the run's timeout; this only catches a harness bug.
 */
export function hookBudgetMs(): number {
  return Math.max(60_000, runContext().timeoutMs * 6);
}

/**
 * The runner re-runs one loaded suite tree with other contexts (the fault table does), and mocha
 * keeps the Test objects: results judge() left on a test in an earlier run must not count in this
 * one. Used as a beforeEach in every server suite.
 */
export function forgetEarlierRuns(this: Context): void {
  const test = this.currentTest as JudgedTest | undefined;
  if (test) delete test.dm20Results;
}

export interface RecordedRun {
  plan: ServerRunPlan;
  sessions: ServerSessions;
  /** Every session that opened, with the options its checks take. */
  judged: JudgedSession[];
}

export function recordedRun(): Promise<RecordedRun> {
  return sharedOnce("server-suites.sessions", async () => {
    const plan = serverPlan();
    const sessions = await runServerSessions(plan);
    return { plan, sessions, judged: judgedSessions(sessions, plan) };
  });
}

/** The `before` hook of every section: the run's sessions, recorded once, within the hook budget. */
export async function recordTheRun(this: Context): Promise<void> {
  this.timeout(hookBudgetMs());
  await recordedRun();
}

/** One clause's check over every session of the run. */
export async function everySession(check: ServerCheck): Promise<CheckResult[]> {
  return checkEachSession(check, (await recordedRun()).judged);
}

/**
 * Where the IXIT declares that the server emits no notification (harness/catalog/applicability.ts,
 * "sendsNotifications": false), DMS-5.3-01 is not applicable: its basis; else undefined.
 */
export function notificationsNotApplicable(ixit: Ixit): string | undefined {
  const declared = applicability("DMS-5.3-01", ixit);
  return declared.applicable ? undefined : declared.basis;
}
