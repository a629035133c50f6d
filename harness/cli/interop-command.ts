/**
 * `interop --matrix interop.json`: every device × every server through its own monitor, a report
 * folder per pair, and matrix.json / matrix.html / junit.xml. `--merge DIR…` joins matrix folders
 * of CI shards. Only commander is loaded with the CLI; the monitor and the matrix runner are
 * imported when the command runs.
 *
 * Exit: 0 when every pair completed with no failure on either side, 1 otherwise, 2 set-up error.
 */
import { type Command, Option } from "commander";
import { positiveInt } from "./common-options.ts";
import type { CliIo } from "./io.ts";
import { addMonitorBounds } from "./monitor-command.ts";
import { defaultOutDir, prepareOutDir } from "./output-dir.ts";
import { UsageError } from "./usage-error.ts";

export interface InteropOptions {
  matrix?: string;
  merge?: string[];
  out?: string;
  jobs: number;
  pair?: string;
  timeout: number;
  quietPeriod: number;
  maxPackages: number;
  host: string;
  publicHost?: string;
  pki?: string;
}

export function addInteropCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command("interop")
    .description(
      "Run an interop matrix: every device against every server through the monitor, both sides judged, one grid.",
    )
    .option(
      "--matrix <file>",
      "interop.json: devices (trigger/push/manual, ixit, label) and servers (url, ca, notify, label)",
    )
    .option("--merge <dirs...>", "join matrix folders run on different machines instead of running")
    .option("--out <dir>", "output folder (default: reports/<timestamp>-interop/)")
    .addOption(new Option("--jobs <n>", "pairs run at once").default(1).argParser(positiveInt("--jobs")))
    .option("--pair <device:server>", "run this one pair only")
    .option("--host <addr>", "address the monitors listen on", "127.0.0.1")
    .option("--public-host <name>", "host name put into URLs and certificates, for devices on other machines")
    .option("--pki <dir>", "issue the monitors' certificates from the CA `pki --out <dir>` wrote");
  addMonitorBounds(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance interop --matrix interop.json --jobs 4 --out reports/event
  $ dm20-conformance interop --matrix interop.json --pair acme-phone:dm-corp --out shard-3
  $ dm20-conformance interop --merge shard-1 shard-2 shard-3 --out reports/event
A trigger command gets DM20_PAIR_DIR (the pair's report folder) and DM20_PAIR beside the DM20_* of run --iut client.

Exit status:
  0  every pair completed (each session reached END) with no failure on either side
  1  some pair did not complete, or a side failed a clause
  2  set-up error (bad matrix file, missing CA or IXIT file, unknown --pair)`,
    )
    .action(async (opts: InteropOptions) => setExit(await interopCommand(opts, io)));
}

export async function interopCommand(opts: InteropOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  const { runInterop } = await import("../interop/interop-run.ts");
  // Lazily, as the matrix runner: interrupt.ts reaches the listeners (fastify), which --help must not load.
  const { exitOnSignal } = await import("./interrupt.ts");
  if (!opts.matrix === !opts.merge) throw new UsageError("give either --matrix FILE or --merge DIR…");
  const out = await prepareOutDir(
    opts.out ?? defaultOutDir(cwd, "interop", new Date()),
    opts.out ? "--out" : "--out (default)",
    cwd,
  );
  try {
    return await exitOnSignal(io, () => runInterop({ ...opts, out }, io, cwd));
  } catch (e) {
    const err = e as Error;
    if (err.name === "MatrixFileError" || err.name === "IxitError" || err.name === "MatrixMergeError")
      throw new UsageError(err.message);
    throw e;
  }
}
