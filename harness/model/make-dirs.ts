/**
 * Creating a folder and its parents, bounded. Node's own `mkdir(dir, { recursive: true })` spins at
 * 100 % CPU forever on paths such as /proc/nope/out or /proc/self/x (mkdir there fails with ENOENT
 * although the parent exists, and Node goes back to the parent and tries again), so the harness
 * never calls it on a path a user gave.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Creates `dir` and any missing parents, one level at a time, each level tried once. Throws the
 * first failure as the errno error it is, with the level it failed on in `path` (ENOTDIR when a
 * level is a file).
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const info = await stat(at).catch((e: NodeJS.ErrnoException) => {
      // ENOTDIR: a file further up; the walk finds it and says which.
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
      throw e;
    });
    if (info?.isDirectory()) break;
    if (info) throw Object.assign(new Error(`ENOTDIR: ${at} is not a folder`), { code: "ENOTDIR", path: at });
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !(await stat(level)).isDirectory()) throw e;
    }
  }
}
