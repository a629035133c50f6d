/**
 * `monitor`: one real device and one real DM server, the monitor between them (a recording,
 * TLS-terminating proxy), both sides judged on the sessions the server starts. Only commander is
 * loaded with the CLI; the monitor is imported when the command runs.
 *
 * Exit: 0 when the sessions reached END with no failure on either side, 1 otherwise, 2 set-up error.
 */
import { type Command, Option } from "commander";
import { positiveInt } from "./common-options.ts";
import type { CliIo } from "./io.ts";
import { defaultOutDir, prepareOutDir } from "./output-dir.ts";
import { UsageError } from "./usage-error.ts";

export interface MonitorCommandOptions {
  upstream: string;
  upstreamCa: string;
  notifyCmd?: string;
  defaultMoid?: string;
  trigger?: string;
  push?: string;
  pushCa?: string;
  manual?: boolean;
  ixit?: string;
  host: string;
  port?: number;
  publicHost?: string;
  pki?: string;
  out?: string;
  timeout: number;
  quietPeriod: number;
  maxPackages: number;
}

/** The monitor's bounds, the same for `monitor` and `interop`. */
export function addMonitorBounds(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--timeout <ms>", "bound on every single wait, in ms")
        .default(10_000)
        .argParser(positiveInt("--timeout")),
    )
    .addOption(
      new Option("--quiet-period <ms>", "how long silence is watched for after END")
        .default(1500)
        .argParser(positiveInt("--quiet-period")),
    )
    .addOption(
      new Option("--max-packages <n>", "packages one DM session may take before the monitor stops it")
        .default(50)
        .argParser(positiveInt("--max-packages")),
    );
}

export function addMonitorCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command("monitor")
    .description(
      "Put the harness between a real device and a real DM server and judge both sides of the sessions the server starts.",
    )
    .requiredOption("--upstream <url>", "the DM server's URL (https)")
    .requiredOption("--upstream-ca <file>", "PEM of the CA of the server's certificate (DMS-5.3-02)")
    .option("--notify-cmd <cmd>", "shell command that makes the server push Pkg#0 to DM20_PUSH_URL")
    .option(
      "--default-moid <moid>",
      "no notification: wake the device for a device-initiated request for this MOID",
    )
    .option("--trigger <cmd>", "shell command that wakes the device (as run --iut client)")
    .option("--push <url>", "POST the notification to this device endpoint instead")
    .option("--push-ca <file>", "CA for an https --push endpoint")
    .option("--manual", "print the notification as hex and wait for the device")
    .option("--ixit <file>", "the device's IXIT (default: the reference device's)")
    .option("--host <addr>", "address the monitor listens on", "127.0.0.1")
    .addOption(
      new Option("--port <n>", "port the monitor listens on (default: any free one)").argParser(
        positiveInt("--port"),
      ),
    )
    .option(
      "--public-host <name>",
      "host name put into URLs and certificates, for a device on another machine",
    )
    .option("--pki <dir>", "issue the monitor's certificate from the CA `pki --out <dir>` wrote")
    .option("--out <dir>", "output folder (default: reports/<timestamp>-monitor/)");
  addMonitorBounds(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance monitor --upstream https://dm.corp.test/dm20 --upstream-ca corp-ca.pem \\
      --notify-cmd ./send-push.sh --trigger ./wake-device.sh --ixit device-ixit.json
  The device must trust <out>/pki/ca.pem; the notification it gets names the monitor, not the server.

Exit status:
  0  the sessions reached END and neither side failed a clause
  1  a session did not reach END, or a side failed a clause
  2  set-up error (bad option, IXIT or CA file, port in use)`,
    )
    .action(async (opts: MonitorCommandOptions) => setExit(await monitorCommand(opts, io)));
}

export async function monitorCommand(
  opts: MonitorCommandOptions,
  io: CliIo,
  cwd = process.cwd(),
): Promise<number> {
  const adapters = [opts.trigger, opts.push, opts.manual].filter((x) => x !== undefined && x !== false);
  if (adapters.length !== 1) throw new UsageError("give exactly one of --trigger, --push, --manual");
  if (!opts.notifyCmd === !opts.defaultMoid)
    throw new UsageError("give either --notify-cmd or --default-moid");
  if (!opts.upstream.startsWith("https://"))
    throw new UsageError(`--upstream ${opts.upstream} is not an https URL`);
  // The output folder's pre-flight comes first: a folder that cannot be written is a set-up error
  // before any listener or device process starts (and /proc paths do not spin, see make-dirs.ts).
  const out = await prepareOutDir(
    opts.out ?? defaultOutDir(cwd, "monitor", new Date()),
    opts.out ? "--out" : "--out (default)",
    cwd,
  );
  const { runMonitorCommand } = await import("../monitor/monitor-cli.ts");
  // Lazily, as the monitor: interrupt.ts reaches the listeners (fastify), which --help must not load.
  const { exitOnSignal } = await import("./interrupt.ts");
  return exitOnSignal(io, () => runMonitorCommand({ ...opts, out }, io, cwd));
}
