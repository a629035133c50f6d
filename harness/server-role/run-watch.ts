/**
 * The whole-run watch behind the "never" clauses: no connect-back after END (5.5), no plaintext
 * request (5.3), no request after a refused certificate (5.3). A session whose script has ended
 * keeps its listeners open and keeps recording; the watch ends only when every scenario of the run
 * has finished driving and one quiet period has passed since the last session finished, so a late
 * offender is caught with its timestamp however long the run takes, and parallel sessions share
 * one quiet window instead of waiting one each.
 *
 * Sessions are closed by finish() (the tests that judge a "never" clause await it) or, at the
 * latest, when the run ends (onRunEnd), so nothing the watch kept open outlives the run.
 */

import { phase } from "../runner/phases.ts";
import { onRunEnd, runContext } from "../runner/run-context.ts";
import { quietPeriodMs } from "./quiet.ts";

export interface WatchedSession {
  /** When its script ended (END sent, or given up). */
  finishedAt: number;
  /** Stops watching: closes the listeners and records the end of the watch. */
  close(): Promise<void>;
}

const KEY = "server-role.runWatch";

export class RunWatch {
  private readonly drivers = new Set<Promise<unknown>>();
  private readonly watched = new Set<WatchedSession>();
  private finishing: Promise<void> | undefined;
  /** Set once the watch closes its sessions: a session that finishes after that is closed at once. */
  private over = false;

  constructor(
    private readonly quietMs: number,
    /** In a replayed run there is nothing to watch: finish() resolves at once. */
    private readonly replay: boolean,
  ) {}

  /** A scenario that drives sessions: the watch waits for it to end. */
  driving(p: Promise<unknown>): void {
    this.drivers.add(p);
  }

  /** A session whose script ended: watched until finish(). */
  watch(s: WatchedSession): void {
    if (this.over) {
      void s.close();
      return;
    }
    this.watched.add(s);
  }

  /** Ends the watch (memoised): every scenario driven, one quiet period since the last finish, all closed. */
  finish(): Promise<void> {
    this.finishing ??= this.run();
    return this.finishing;
  }

  /** Closes whatever is still watched (run end). */
  async closeAll(): Promise<void> {
    this.over = true;
    const all = [...this.watched];
    this.watched.clear();
    await Promise.allSettled(all.map((s) => s.close()));
  }

  private async run(): Promise<void> {
    if (this.replay) return;
    // Scenarios may start others while they run: wait until no new driver appears.
    for (let seen = -1; seen !== this.drivers.size; ) {
      seen = this.drivers.size;
      await Promise.allSettled([...this.drivers]);
    }
    const last = Math.max(0, ...[...this.watched].map((s) => s.finishedAt));
    const left = last + this.quietMs - Date.now();
    // The one wait on silence: what the "never" clauses are judged over.
    if (left > 0)
      await phase("quiet", "end-of-run watch", new Promise((resolve) => setTimeout(resolve, left)));
    await this.closeAll();
  }
}

export function runWatch(): RunWatch {
  const ctx = runContext();
  let w = ctx.shared.get(KEY) as RunWatch | undefined;
  if (!w) {
    w = new RunWatch(quietPeriodMs(), ctx.shared.has(REPLAY_KEY));
    ctx.shared.set(KEY, w);
    const watch = w;
    onRunEnd(() => watch.closeAll());
  }
  return w;
}

/** Shared-state key under which a replayed run keeps its recorded scenarios (see scenario.ts). */
export const REPLAY_KEY = "server-role.replay";
