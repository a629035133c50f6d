/**
 * Commands that make the installed package self-sufficient: the bundled reference server and
 * reference device (what the README's walkthroughs run), and the offline Allure report of a run.
 * Each imports its implementation only when it runs, so `--help` stays light.
 */
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { CliIo } from "./io.ts";

/**
 * reference-server takes its own options (its module parses them, as `main.ts` does in a
 * checkout), so they pass through untouched, --help included.
 */
function passThrough(cmd: Command): Command {
  return cmd.helpOption(false).allowUnknownOption().allowExcessArguments();
}

export function addReferenceCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  passThrough(
    program
      .command("reference-server")
      .description(
        "Run the bundled reference DM server until interrupted (--ca-out FILE, --port N, --fault NAME…; --help lists them).",
      )
      .argument("[options...]"),
  ).action(async (args: string[]) => {
    const { referenceServerCommand } = await import("../reference/server/command.ts");
    setExit(await referenceServerCommand(args, "dm20-conformance reference-server", io));
  });

  program
    .command("reference-device")
    .description(
      "Run one DM session of the bundled reference device, as a --trigger command (reads DM20_NOTIFICATION, DM20_CA_FILE…; DM20_REF_STATE keeps its tree between sessions).",
    )
    .addHelpText(
      "after",
      `
Environment: DM20_STIMULUS, DM20_NOTIFICATION, DM20_SERVER_URL, DM20_CA_FILE, DM20_MOID, DM20_INITIATED_BY
(set by the harness), DM20_REF_STATE=<json file>, DM20_REF_FAULTS=a,b, DM20_REF_PROFILE=default|alternative,
DM20_REF_IXIT=<file>, DM20_REF_NO_SIM=1, DM20_REF_NO_CELLULAR=1.

Example:
  $ dm20-conformance run --iut client --sessions 4 \\
      --trigger "DM20_REF_STATE=/tmp/ref-device.json dm20-conformance reference-device"

Exit status:
  0  the session ran (also when the device refused the server's certificate, as it must)
  1  the session could not run (an unexpected failure)
  2  usage error (a DM20_* variable missing or wrong, an unknown fault, an invalid IXIT)`,
    )
    .action(async () => {
      const { referenceDeviceFromEnv } = await import("../reference/device/from-env.ts");
      setExit(await referenceDeviceFromEnv());
    });

  program
    .command("allure")
    .description("Build the offline Allure HTML report of a run (from <run-dir>/allure-results).")
    .argument("[run-dir]", "the run's output folder (--out of run / selftest)", "reports/latest")
    .option("--results <dir>", "Allure results folder (default: <run-dir>/allure-results)")
    .option("--out <dir>", "where to write the report (default: <run-dir>/allure-report)")
    .addHelpText(
      "after",
      `
Exit status:
  0  the report was written (its index.html is printed)
  2  it could not be (no results, allure failed): one line on stderr`,
    )
    .action(async (runDir: string, opts: { results?: string; out?: string }) => {
      const { generateAllureReport } = await import("../report/allure.ts");
      const results = resolve(opts.results ?? join(runDir, "allure-results"));
      const out = resolve(opts.out ?? join(runDir, "allure-report"));
      try {
        io.out.write(`Allure report: ${await generateAllureReport(results, out)}\n`);
        setExit(0);
      } catch (err) {
        io.err.write(`dm20-conformance allure: ${(err as Error).message}\n`);
        setExit(2);
      }
    });
}
