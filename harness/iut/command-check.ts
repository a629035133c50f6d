/**
 * Pre-flight check of a shell command the harness will run (--trigger, --notify-cmd): can its
 * program run at all? A program that is missing, a directory, a file without the execute bit, or a
 * script whose `#!` interpreter is missing would make every wake-up end in exit 126/127, so the
 * run would go on judging a device that was never woken: that is a set-up error, found here.
 *
 * The program is the first word after any leading `NAME=value` assignments. A command that starts
 * with shell syntax (a subshell, a quote, a redirection) is not second-guessed: ok.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { constants } from "node:fs";
import { access, open, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";

export interface CommandCheck {
  ok: boolean;
  reason?: string;
}

const PLAIN_WORD = /^[A-Za-z0-9_./+-]+$/;
/** Enough of a file to read its `#!` line (Linux reads at most 256 bytes of it). */
const SHEBANG_BYTES = 256;

/** What the shell runs for `name` (`command -v`): a path, the name itself for a builtin, or null. */
async function shellLookup(name: string, cwd: string): Promise<string | null> {
  const child = spawn("/bin/sh", ["-c", 'command -v -- "$1"', "sh", name], {
    cwd,
    stdio: ["ignore", "pipe", "ignore"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString("utf8");
  });
  const [code] = (await once(child, "close")) as [number | null];
  return code === 0 ? out.trim() : null;
}

async function firstLine(path: string): Promise<string> {
  const file = await open(path, "r");
  try {
    const buf = Buffer.alloc(SHEBANG_BYTES);
    const { bytesRead } = await file.read(buf, 0, SHEBANG_BYTES, 0);
    return buf.subarray(0, bytesRead).toString("latin1").split("\n")[0] ?? "";
  } finally {
    await file.close();
  }
}

/** Why the file at `path` cannot be executed, or null when it can (and so can its interpreter). */
async function whyNotRunnable(path: string, shown: string, cwd: string, depth = 0): Promise<string | null> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? `"${shown}" is not found` : `"${shown}": ${code}`;
  }
  if (info.isDirectory()) return `"${shown}" is a directory, not a program`;
  if (!info.isFile()) return `"${shown}" is not a regular file`;
  try {
    await access(path, constants.X_OK);
  } catch {
    return `"${shown}" is not executable (chmod +x ${shown})`;
  }
  let line: string;
  try {
    line = await firstLine(path);
  } catch (e) {
    return `"${shown}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (!line.startsWith("#!") || depth > 0) return null;
  const [interpreter, ...args] = line.slice(2).trim().split(/\s+/);
  if (!interpreter) return `"${shown}" has an empty #! line`;
  const why = await whyNotRunnable(resolve(cwd, interpreter), interpreter, cwd, depth + 1);
  if (why) return `the interpreter of "${shown}" (#!${line.slice(2).trim()}): ${why}`;
  // `#!/usr/bin/env prog …` runs prog from PATH: look for it the way env will.
  if (basename(interpreter) === "env") {
    const program = args.find((a) => !a.startsWith("-") && !a.includes("="));
    if (program && (await shellLookup(program, cwd)) === null)
      return `the interpreter of "${shown}" (#!${line.slice(2).trim()}): "${program}" is not found`;
  }
  return null;
}

export async function checkShellCommand(command: string, cwd = process.cwd()): Promise<CommandCheck> {
  const words = command.trim().split(/\s+/);
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
  const program = words[0];
  if (!program) return { ok: false, reason: "the command is empty" };
  if (!PLAIN_WORD.test(program)) return { ok: true };
  let path: string;
  if (program.includes("/")) path = resolve(cwd, program);
  else {
    const found = await shellLookup(program, cwd);
    if (found === null) return { ok: false, reason: `"${program}" is not found` };
    // A builtin, function or alias: the shell runs it itself.
    if (!found.startsWith("/")) return { ok: true };
    path = found;
  }
  const why = await whyNotRunnable(path, program, cwd);
  return why ? { ok: false, reason: why } : { ok: true };
}
