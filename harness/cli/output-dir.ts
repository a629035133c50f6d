/**
 * Where a run writes: `--out DIR`, or `reports/<timestamp>-<role>/` under the working directory,
 * with `reports/latest` a symlink to the newest run in reports/ (what `npm start` and
 * `npm run report:allure` look at).
 */
import { constants, existsSync } from "node:fs";
import { access, rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { makeDirs } from "../model/make-dirs.ts";
import { UsageError } from "./usage-error.ts";

export const REPORTS_DIR = "reports";
export const LATEST = "latest";

/** `2025-01-31T09-05-07Z`: sortable, no characters a file system or shell dislikes. */
export function runStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
}

/** A fresh folder name for a run; a second run within the same second gets a suffix. */
export function defaultOutDir(cwd: string, label: string, at: Date): string {
  const base = join(resolve(cwd), REPORTS_DIR, `${runStamp(at)}-${label}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/**
 * The pre-flight of an output folder (`--out` of run, selftest, pki, merge): made now (parents
 * too) and checked writable, so a folder that cannot be written is a one-line set-up error naming
 * the option before anything runs, not an ENOTDIR after the whole run. Resolves the absolute path.
 */
export async function prepareOutDir(dir: string, option = "--out", cwd = process.cwd()): Promise<string> {
  const path = resolve(cwd, dir);
  try {
    await makeDirs(path);
    await access(path, constants.W_OK | constants.X_OK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const at = err.path && resolve(err.path) !== path ? err.path : undefined;
    const denied = err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS";
    throw new UsageError(
      err.code === "ENOTDIR"
        ? at
          ? `${option} ${dir}: ${at} is a file, not a folder`
          : `${option} ${dir} is a file, not a folder`
        : denied
          ? `${option} ${dir}: not allowed to write there (${err.code}${at ? ` at ${at}` : ""})`
          : `${option} ${dir}: cannot create it (${err.code ?? err.message}${at ? ` at ${at}` : ""})`,
    );
  }
  return path;
}

/**
 * Points reports/latest at `outDir` when the run was written directly inside reports/ (an explicit
 * --out elsewhere leaves it alone). Replaced atomically (a new link renamed over the old one), so a
 * reader never sees it missing. Resolves with the link's path, or undefined when left alone.
 */
export async function updateLatest(outDir: string, cwd: string): Promise<string | undefined> {
  const reports = join(resolve(cwd), REPORTS_DIR);
  const dir = resolve(outDir);
  if (dirname(dir) !== reports || basename(dir) === LATEST) return undefined;
  await makeDirs(reports);
  const link = join(reports, LATEST);
  const temp = join(reports, `.${LATEST}-${process.pid}-${Date.now()}`);
  await symlink(basename(dir), temp, "dir");
  try {
    await rename(temp, link);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return link;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}
