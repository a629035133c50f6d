import { type StatusLine, TtyStatusLine } from "./status-line.ts";

/**
 * Where the CLI writes, and whether it may colour: stdout is for the run's progress and summary,
 * stderr for errors and operator instructions. Passed in (not read from `process` deep inside) so
 * tests can run the CLI in-process and read what it printed.
 */
export interface Sink {
  write(text: string): unknown;
}

export interface CliIo {
  out: Sink;
  err: Sink;
  /** Colour: see colorWanted. */
  color: boolean;
  /**
   * stdout is a terminal: a live progress line may be drawn (and redrawn in place). Never through
   * a pipe or in CI logs, which stay one line per event whatever FORCE_COLOR says.
   */
  tty?: boolean;
  /** The live progress line, on a terminal only (out and err then write around it). */
  status?: StatusLine;
  env: NodeJS.ProcessEnv;
}

/**
 * FORCE_COLOR (set, and not "0" or "false") forces colour even through a pipe; otherwise NO_COLOR
 * (https://no-color.org) turns it off; otherwise a terminal gets colour. FORCE_COLOR wins over
 * NO_COLOR, as in Node.js itself.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !["0", "false"].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTty;
}

export function processIo(): CliIo {
  const tty = Boolean(process.stdout.isTTY);
  const color = colorWanted(process.env, tty);
  if (!tty) return { out: process.stdout, err: process.stderr, color, tty, env: process.env };
  const status = new TtyStatusLine(process.stdout);
  return {
    out: status.wrap(process.stdout),
    err: process.stderr.isTTY ? status.wrap(process.stderr) : process.stderr,
    color,
    tty,
    status,
    env: process.env,
  };
}
