/**
 * The process groups the harness starts (a trigger command, a notify command): each spawned
 * detached, so that everything it starts can be ended together, and each recorded process-wide
 * until it is ended, so that a run stopped by a signal ends every one of them (endAllGroups)
 * before the process goes, instead of leaving them orphaned.
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A spawned group: its leader and the promise of the leader's exit. */
export interface StartedGroup {
  child: ChildProcess;
  /** The process group id (= the leader's pid, as it was spawned detached). */
  pgid: number;
  exited: Promise<void>;
}

/*
 * On globalThis, not in a module variable: mocha loads suite files with require() while the CLI
 * imports as ESM, so this module may be evaluated twice in one process (see run-context.ts).
 */
const SLOT = Symbol.for("oma-dm20-conformance.process-groups");
const holder = globalThis as { [SLOT]?: Map<StartedGroup, number> };
if (!holder[SLOT]) holder[SLOT] = new Map();
const tracked = holder[SLOT];

/** Records `g` until it is ended (with `grace` ms between SIGTERM and SIGKILL); returns the untrack function. */
export function trackGroup(g: StartedGroup, grace: number): () => void {
  tracked.set(g, grace);
  return () => {
    tracked.delete(g);
  };
}

/** Ends every group still tracked (an interrupted run); resolves when each leader has exited. */
export async function endAllGroups(): Promise<void> {
  const all = [...tracked];
  tracked.clear();
  await Promise.all(all.map(([g, grace]) => endGroup(g, grace)));
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

/**
 * Whether the group still has a live member. `kill(-pgid, 0)` also succeeds for zombies, and an
 * orphan's zombie may never be reaped where PID 1 does not reap (some containers), so on Linux
 * the members' states are read from /proc; elsewhere the signal probe has to do.
 */
function groupAlive(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^[0-9]+$/.test(d));
  } catch {
    return signalGroup(pgid, 0);
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
  }
  return false;
}

/**
 * SIGTERM to the whole group, SIGKILL to what is left after `grace` ms, then wait for its leader
 * (the shell the harness spawned) to exit.
 */
export async function endGroup(g: StartedGroup, grace: number): Promise<void> {
  if (!signalGroup(g.pgid, "SIGTERM")) {
    await g.exited;
    g.child.stdout?.destroy();
    g.child.stderr?.destroy();
    return;
  }
  const deadline = Date.now() + grace;
  // A group has no exit event of its own (its members may not be our children): poll it, bounded.
  while (Date.now() < deadline && groupAlive(g.pgid)) await new Promise((r) => setTimeout(r, 20));
  signalGroup(g.pgid, "SIGKILL");
  await g.exited;
  // A process that left the group (setsid) may still hold the pipes: stop reading them.
  g.child.stdout?.destroy();
  g.child.stderr?.destroy();
}
