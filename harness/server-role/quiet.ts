/**
 * The quiet period: how long the harness watches a listener for silence ("no status after END",
 * "no request after a bad certificate", "the session stays paused while the browser is held").
 * It is the one wait on silence the harness allows, so it is bounded and configurable: a number
 * under QUIET_MS_KEY in the run's shared state (the CLI or a self-test sets it), else 1500 ms, and
 * never more than the run's timeout.
 */
import { runContext } from "../runner/run-context.ts";

export const QUIET_MS_KEY = "server-role.quietMs";
export const DEFAULT_QUIET_MS = 1500;

export function quietPeriodMs(): number {
  const ctx = runContext();
  const configured = ctx.shared.get(QUIET_MS_KEY);
  const ms = typeof configured === "number" && configured > 0 ? configured : DEFAULT_QUIET_MS;
  return Math.min(ms, ctx.timeoutMs);
}
