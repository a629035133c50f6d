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
  /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  color: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  return {
    out: process.stdout,
    err: process.stderr,
    color: Boolean(process.stdout.isTTY) && !noColor,
    env: process.env,
  };
}
