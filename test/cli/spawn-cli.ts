/**
 * The command as a child process of the project's tests: `node <argv>` in the project folder,
 * without colour, bounded, with its output collected. `closed` resolves with the exit code.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  closed: Promise<[number | null]>;
  out(): string;
  err(): string;
}

export function startCli(argv: string[], timeoutMs: number): CliProcess {
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: timeoutMs,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (err += b));
  const closed = once(child, "close") as Promise<[number | null]>;
  return { child, closed, out: () => out, err: () => err };
}
