/**
 * The `dm20-conformance` command line (commander). `main` returns the exit code instead of
 * exiting, so tests run it in-process; harness/cli.ts is the process entry.
 *
 * Exit codes (IUT contract): 0 certified, 1 not certified, 2 usage or set-up error — one line on
 * stderr, the stack trace only with --debug.
 */
import { Command, CommanderError, Option } from "commander";
import type { Role } from "../catalog/catalog.ts";
import {
  addCommonOptions,
  type CommonOptions,
  positiveInt,
  REPORTERS,
  type Reporter,
} from "./common-options.ts";
import { harnessInfo } from "./harness-info.ts";
import { type CliIo, processIo } from "./io.ts";
import { CLAUSE_FORMATS, type ClauseFormat, listClausesCommand } from "./list-clauses-command.ts";
import { mergeCommand } from "./merge-command.ts";
import { pkiCommand } from "./pki-command.ts";
import { type RunOptions, runCommand } from "./run-command.ts";
import { selftestCommand } from "./selftest-command.ts";
import { EXIT_USAGE, UsageError } from "./usage-error.ts";

const EXIT_CODES_HELP = `
Exit status:
  0  certified: no applicable MUST / MUST NOT clause failed or erred (--strict: SHOULD too)
  1  not certified
  2  usage or set-up error (bad option or IXIT, IUT unreachable, trigger not found, port in use)`;

const PKI_EXIT_HELP = `
Exit status:
  0  the CA was written
  2  usage or set-up error (--out not a writable folder, a CA already there without --force)`;

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const info = harnessInfo();
  const program = new Command("dm20-conformance")
    .description(
      "Conformance test harness for the OMA DM 2.0 draft: certifies DM clients (devices) and DM servers clause by clause.",
    )
    .version(info.version)
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
      // One line, as the contract wants of every usage error: "dm20-conformance: <reason> (see --help)".
      outputError: (s, write) =>
        write(`dm20-conformance: ${s.replace(/^error: /, "").trim()} (see --help)\n`),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance selftest
  $ dm20-conformance run --iut client --trigger "./wake-device.sh"
  $ dm20-conformance run --iut server --url https://dm.example.test:8443/dm20 --ca server-ca.pem
  $ dm20-conformance list-clauses --role server
${EXIT_CODES_HELP}`,
    );

  const run = program
    .command("run")
    .description("Test one implementation: a device (--iut client) or a DM server (--iut server).")
    .addOption(
      new Option("--iut <role>", "the role of the implementation under test")
        .choices(["client", "server"])
        .makeOptionMandatory(),
    )
    .option(
      "--ixit <file>",
      "IXIT JSON: facts about the IUT the wire cannot tell (default: the reference device's)",
    )
    .option(
      "--trigger <cmd>",
      "client: shell command that wakes the device (DM20_NOTIFICATION, DM20_SERVER_URL, DM20_CA_FILE, DM20_STIMULUS…)",
    )
    .option("--push <url>", "client: POST the notification bytes to this device endpoint instead")
    .option("--push-ca <file>", "client: CA for an https --push endpoint")
    .option("--manual", "client: print the notification as hex and wait for the device")
    .addOption(
      new Option(
        "--sessions <n>",
        "client: at most n DM sessions under way at once (1 for a device that holds one session at a time; default: no limit)",
      ).argParser(positiveInt("--sessions")),
    )
    .option(
      "--pki <dir>",
      "client: issue the run's certificates from the CA that `pki --out <dir>` wrote (default: a new CA per run)",
    )
    .option("--host <addr>", "client: address the harness's DM server listens on", "127.0.0.1")
    .option(
      "--public-host <name>",
      "client: host name put into URLs and certificates, for a device on another machine",
    )
    .option("--url <url>", "server: the DM server URL Pkg#1 is POSTed to (https)")
    .option("--ca <file>", "server: PEM of the CA of the server's certificate")
    .option(
      "--notify-cmd <cmd>",
      "server: shell command that makes the server push a notification to DM20_PUSH_URL",
    );
  addCommonOptions(run)
    .addHelpText(
      "after",
      `
Examples:
  Test a device woken by a script (it gets the notification in DM20_NOTIFICATION, hex):
    $ dm20-conformance run --iut client --trigger "./wake-device.sh" --ixit device-ixit.json
  Test a device on another machine that has a push endpoint:
    $ dm20-conformance run --iut client --push http://10.0.0.7:9000/push --host 0.0.0.0 --public-host harness.lan
  Test a DM server, including its notifications, for the 5.5 clauses only:
    $ dm20-conformance run --iut server --url https://localhost:8443/dm20 --ca ca.pem \\
        --notify-cmd "./send-push.sh" --clause DMS-5.5-01,DMS-5.5-02,DMS-5.5-03,DMS-5.5-04
  The device under test must trust <out>/pki/ca.pem (a fresh harness CA per run).
${EXIT_CODES_HELP}`,
    )
    .action(async (opts: RunOptions) => setExit(await runCommand(opts, io)));

  const selftest = program
    .command("selftest")
    .description("Run both roles against the bundled reference device and reference server (npm start).");
  addCommonOptions(selftest)
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance selftest
  $ dm20-conformance selftest --clause DMC-5.6-04 --reporter json,html --out /tmp/selftest
${EXIT_CODES_HELP}`,
    )
    .action(async (opts: CommonOptions, cmd: Command) =>
      setExit(
        await selftestCommand(opts, io, process.cwd(), cmd.getOptionValueSource("timeout") !== "default"),
      ),
    );

  program
    .command("pki")
    .description(
      "Write a harness test CA (ca.pem, and its key ca-key.pem owner-only) into a folder of its own, for `run --pki`.",
    )
    .requiredOption(
      "--out <dir>",
      "folder for ca.pem, ca-key.pem and a .gitignore that keeps them out of git",
    )
    .option(
      "--force",
      "replace the CA the folder already holds (devices provisioned with it stop trusting the harness)",
    )
    .addHelpText(
      "after",
      `
The CA names no host: each run issues its server certificates for its own --host / --public-host.

Examples:
  $ dm20-conformance pki --out ./harness-ca
  $ dm20-conformance run --iut client --pki ./harness-ca --trigger ./wake-device.sh
${PKI_EXIT_HELP}`,
    )
    .action(async (opts: { out: string; force?: boolean }) => setExit(await pkiCommand(opts, io)));

  program
    .command("list-clauses")
    .description("Print the clause catalog (the SCR of the draft) with the tests that check each clause.")
    .addOption(
      new Option("--role <role>", "only the clauses binding this role").choices(["client", "server"]),
    )
    .addOption(new Option("--format <format>", "output format").choices([...CLAUSE_FORMATS]).default("table"))
    .addHelpText(
      "after",
      "\nExamples:\n  $ dm20-conformance list-clauses\n  $ dm20-conformance list-clauses --role server --format markdown\n  $ dm20-conformance list-clauses --format json > clauses.json",
    )
    .action(async (opts: { role?: Role; format: ClauseFormat }) =>
      setExit(await listClausesCommand(opts, io)),
    );

  program
    .command("merge")
    .description(
      "Merge report.json files of shards or repeated runs of one IUT (a clause's worst verdict wins).",
    )
    .argument("<reports...>", "report.json files")
    .requiredOption("--out <dir>", "folder for the merged reports")
    .addOption(
      new Option("--reporter <list>", "formats: json, junit, html (report.json is always written)")
        .default(["json", "junit", "html"], "json,junit,html")
        .argParser((v: string) => {
          const items = v.split(",").map((s) => s.trim());
          const bad = items.find((i) => !["json", "junit", "html"].includes(i));
          if (bad) throw new UsageError(`--reporter: "${bad}" is not one of json, junit, html`);
          return items as Reporter[];
        }),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance merge shard-1/report.json shard-2/report.json --out reports/merged
${EXIT_CODES_HELP}`,
    )
    .action(async (files: string[], opts: { out: string; reporter: Reporter[] }) =>
      setExit(await mergeCommand(files, opts, io)),
    );

  void REPORTERS;
  return program;
}

/** Runs the CLI on `argv` (without node and script); resolves with the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "errors" are how commander ends after printing them: success.
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      // Commander has already printed its one-line reason.
      return EXIT_USAGE;
    }
    const err = e as Error;
    if (debug) io.err.write(`${err.stack ?? err.message}\n`);
    else if (err instanceof UsageError) io.err.write(`dm20-conformance: ${err.message}\n`);
    else io.err.write(`dm20-conformance: ${err.message} (run with --debug for the stack trace)\n`);
    return EXIT_USAGE;
  }
}
