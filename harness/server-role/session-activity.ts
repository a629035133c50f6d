/**
 * How many device sessions are under way and how many of them still wait for the device's first
 * DM package: what the terminal's progress line shows, so a long wait for a slow device reads as
 * "3 sessions waiting for the device", not as a hang. Kept in the run's shared state.
 */
import type { RunContext } from "../runner/run-context.ts";

const KEY = "server-role.sessionActivity";

export class SessionActivity {
  underway = 0;
  waiting = 0;
}

export function sessionActivity(ctx: RunContext): SessionActivity {
  let a = ctx.shared.get(KEY) as SessionActivity | undefined;
  if (!a) {
    a = new SessionActivity();
    ctx.shared.set(KEY, a);
  }
  return a;
}
