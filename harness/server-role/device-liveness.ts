/**
 * Whether the device under test has shown up at all in this run. A device that never answers
 * must cost about one timeout window, not one per session: once the first wait for a Pkg#1 runs
 * out while no DM package has arrived in any session of the run, the device is declared silent;
 * every session still waiting stops at once, and later sessions do not wake it any more. Each of
 * them records why (EVENT.deviceSilent), so their clauses come out not-exercised with that reason.
 * One DM package from the device, in any session, disarms this for the rest of the run.
 */
import { runContext } from "../runner/run-context.ts";

const KEY = "server-role.deviceLiveness";

export class DeviceLiveness {
  private answered = false;
  private reason: string | undefined;
  private readonly listeners = new Set<() => void>();

  /** A DM package arrived from the device. */
  packageArrived(): void {
    this.answered = true;
  }

  /** A wait for a Pkg#1 ran out; when nothing ever came in this run, the device is silent from now on. */
  waitRanOut(what: string, waitedMs: number): void {
    if (this.answered || this.reason !== undefined) return;
    this.reason = `the device answered no notification in this run: the first wait (${what}) ran out after ${waitedMs} ms with no DM package in any session`;
    for (const l of [...this.listeners]) l();
  }

  /** Why the device counts as silent, or undefined while it may still answer. */
  get silent(): string | undefined {
    return this.reason;
  }

  /** Calls `fn` when the device is declared silent; returns the unsubscribe function. */
  onSilent(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export function deviceLiveness(): DeviceLiveness {
  const shared = runContext().shared;
  let l = shared.get(KEY) as DeviceLiveness | undefined;
  if (!l) {
    l = new DeviceLiveness();
    shared.set(KEY, l);
  }
  return l;
}
