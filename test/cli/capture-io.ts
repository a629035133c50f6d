/** An in-memory CliIo, so the CLI can run in-process and its output be read back. */
import type { CliIo } from "../../harness/cli/io.ts";

export interface Captured {
  io: CliIo;
  out(): string;
  err(): string;
}

export function captureIo(color = false): Captured {
  let out = "";
  let err = "";
  return {
    io: {
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
      color,
      env: {},
    },
    out: () => out,
    err: () => err,
  };
}

/** A stack trace line ("    at fn (file:1:2)"): never shown to a user without --debug. */
export const STACK_LINE = /^\s+at .+/m;
