/**
 * The reference device's state between processes (DM20_REF_STATE): one process per session, and
 * the harness runs independent sessions in parallel. A process that wrote back the whole snapshot
 * it started from would undo what a parallel session changed meanwhile (a read-only session
 * finishing after a DELETE session would bring the deleted node back). So each process writes only
 * what its own session changed, merged into the file's current content under a lock.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import lockfile from "proper-lockfile";
import type { DeviceSnapshot } from "../../device/index.ts";

/** The state file's content, or undefined when there is none yet. Throws on unreadable JSON. */
export async function readStateFile(path: string): Promise<DeviceSnapshot | undefined> {
  try {
    const text = await readFile(path, "utf8");
    // Empty: created for the lock by a session that has not written yet.
    return text.trim() === "" ? undefined : (JSON.parse(text) as DeviceSnapshot);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`DM20_REF_STATE ${path}: ${(e as Error).message}`);
  }
}

/**
 * Writes what changed between `base` (the state this process last read or wrote, the initial tree
 * when there was no file) and `ours` (where it is now) into the file, on top of whatever other
 * sessions wrote since. Nothing changed: nothing written.
 */
export async function writeStateChanges(
  path: string,
  base: DeviceSnapshot,
  ours: DeviceSnapshot,
): Promise<void> {
  if (same(base, ours)) return;
  // The lock needs the file to exist; an empty one reads as "no state yet" below.
  await writeFile(path, "", { flag: "a" });
  const release = await lockfile.lock(path, { retries: { retries: 100, minTimeout: 5, maxTimeout: 50 } });
  try {
    const theirs = await readStateFile(path);
    const merged = theirs ? mergeSnapshots(base, ours, theirs) : ours;
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(merged));
    await rename(tmp, path);
  } finally {
    await release();
  }
}

/**
 * Three-way merge: every MO instance, DEFAULT URL and pending alert this session changed is taken
 * from `ours`; everything else stays as `theirs` has it. Sessions that change the same instance are
 * never run side by side by the client suites, so a conflict there means the last writer wins.
 */
export function mergeSnapshots(
  base: DeviceSnapshot,
  ours: DeviceSnapshot,
  theirs: DeviceSnapshot,
): DeviceSnapshot {
  return {
    tree: { mos: mergeMos(base, ours, theirs) },
    defaults: mergeRecord(base.defaults, ours.defaults, theirs.defaults),
    pendingAlerts: mergeList(base.pendingAlerts, ours.pendingAlerts, theirs.pendingAlerts),
  };
}

type Mo = DeviceSnapshot["tree"]["mos"][number];

function mergeMos(base: DeviceSnapshot, ours: DeviceSnapshot, theirs: DeviceSnapshot): Mo[] {
  const byId = (s: DeviceSnapshot) => new Map(s.tree.mos.map((m) => [m.moid, m]));
  const [b, o] = [byId(base), byId(ours)];
  const result = new Map(theirs.tree.mos.map((m) => [m.moid, m]));
  for (const moid of new Set([...b.keys(), ...o.keys()])) {
    const [bm, om, tm] = [b.get(moid), o.get(moid), result.get(moid)];
    if (!om) {
      if (bm) result.delete(moid);
      continue;
    }
    const instances = mergeRecord(bm?.instances ?? {}, om.instances, tm?.instances ?? {});
    result.set(moid, { moid, ddf: om.ddf, instances });
  }
  return [...result.values()];
}

function mergeRecord<T>(
  base: Record<string, T>,
  ours: Record<string, T>,
  theirs: Record<string, T>,
): Record<string, T> {
  const merged: Record<string, T> = { ...theirs };
  for (const key of new Set([...Object.keys(base), ...Object.keys(ours)])) {
    const inOurs = Object.hasOwn(ours, key);
    if (Object.hasOwn(base, key) && inOurs && same(base[key], ours[key])) continue;
    if (inOurs) merged[key] = ours[key] as T;
    else delete merged[key];
  }
  return merged;
}

function mergeList<T>(base: T[], ours: T[], theirs: T[]): T[] {
  const key = (v: T) => JSON.stringify(v);
  const removed = new Set(base.map(key).filter((k) => !ours.some((v) => key(v) === k)));
  const added = ours.filter((v) => !base.some((w) => key(w) === key(v)));
  return [...theirs.filter((v) => !removed.has(key(v))), ...added];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
