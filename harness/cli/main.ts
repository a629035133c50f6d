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
  addBaselineOptions,
  addCommonOptions,
  CLIENT_RUN_PORTS,
  type CommonOptions,
  portRange,
  positiveInt,
  REPORTERS,
  type Reporter,
  SELFTEST_DEFAULTS,
  textOption,
} from "./common-options.ts";
import { harnessInfo } from "./harness-info.ts";
import { addInteropCommand } from "./interop-command.ts";
import { type CliIo, processIo } from "./io.ts";
import { CLAUSE_FORMATS, type ClauseFormat } from "./list-clauses-command.ts";
import type { MergeOptions } from "./merge-command.ts";
import { addMonitorCommand } from "./monitor-command.ts";
import { addReferenceCommands } from "./reference-commands.ts";
import type { RunOptions } from "./run-command.ts";
import { endUnusedWorkers, preloadWorkers } from "./selftest-workers.ts";
import { EXIT_USAGE, UsageError } from "./usage-error.ts";

/*
 * Each command's module is imported when the command runs, not here: `--help`, `list-clauses`
 * and `pki` then start without reading mocha, fastify, undici or allure (test/cli/lazy-load.test.ts).
 * Only option definitions and small helpers are imported statically.
 */

const EXIT_CODES_HELP = `
Exit status:
  0  CERTIFIED: every applicable MUST / MUST NOT clause passed (--strict: SHOULD too); or, for a
     --clause / --grep selection, no selected clause failed, erred or went unexercised
  1  NOT CERTIFIED (a binding clause failed or erred) or INCOMPLETE (one was not exercised);
     with --baseline: a clause regressed
  2  usage or set-up error (bad option or IXIT, IUT unreachable, trigger cannot run, --out not writable, port in use)
  128+n  ended by signal n (130 SIGINT, 143 SIGTERM, 129 SIGHUP): a partial report of what was judged`;

const MERGE_EXIT_HELP = `
Exit status:
  0  CERTIFIED: the merged shards cover the catalog and every applicable MUST / MUST NOT clause
     passed (SHOULD too when the runs were strict); or a partial merge with no failure
  1  NOT CERTIFIED or INCOMPLETE; with --baseline: a clause regressed
  2  usage or set-up error (a report that cannot be read, fails report.schema.json or cannot be merged; --out not writable)`;

const PKI_EXIT_HELP = `
Exit status:
  0  the CA was written
  2  usage or set-up error (--out not a writable folder of its own, a CA already there without --force)`;

const LIST_EXIT_HELP = `
Exit status:
  0  the catalog was printed
  2  usage error (an unknown --role or --format)`;

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
    .addOption(
      textOption(
        "--ixit <file>",
        "IXIT JSON: facts about the IUT the wire cannot tell (default: the reference device's)",
      ),
    )
    .addOption(
      textOption(
        "--trigger <cmd>",
        "client: shell command that wakes the device (DM20_NOTIFICATION, DM20_SERVER_URL, DM20_CA_FILE, DM20_STIMULUS…; your own environment passes through)",
      ),
    )
    .addOption(
      textOption("--push <url>", "client: POST the notification bytes to this device endpoint instead"),
    )
    .addOption(textOption("--push-ca <file>", "client: CA for an https --push endpoint"))
    .option("--manual", "client: print the notification as hex and wait for the device")
    .addOption(
      new Option(
        "--sessions <n>",
        "client: at most n DM sessions under way at once (1 for a device that holds one session at a time; default: no limit)",
      ).argParser(positiveInt("--sessions")),
    )
    .addOption(
      textOption(
        "--pki <dir>",
        "client: issue the run's certificates from the CA that `pki --out <dir>` wrote (default: a new CA per run)",
      ),
    )
    .addOption(
      textOption("--host <addr>", "client: address the harness's DM server listens on").default("127.0.0.1"),
    )
    .addOption(
      textOption(
        "--public-host <name>",
        "client: host name put into URLs and certificates, for a device on another machine",
      ),
    )
    .addOption(
      new Option(
        "--port <port|from-to>",
        `client: the ports the harness's DM-server listeners use, for a firewall: a range of at least ${CLIENT_RUN_PORTS} (default: ephemeral ports)`,
      ).argParser(portRange),
    )
    .addOption(textOption("--url <url>", "server: the DM server URL Pkg#1 is POSTed to (https)"))
    .addOption(textOption("--ca <file>", "server: PEM of the CA of the server's certificate"))
    .addOption(
      textOption(
        "--notify-cmd <cmd>",
        "server: shell command that makes the server push a notification to DM20_PUSH_URL",
      ),
    );
  addCommonOptions(run)
    .addHelpText(
      "after",
      `
Examples:
  Test a device woken by a script (it gets the notification in DM20_NOTIFICATION, hex):
    $ dm20-conformance run --iut client --trigger "./wake-device.sh" --ixit device-ixit.json
  Test a device on another machine that has a push endpoint, through a firewall that lets 8400-8449 in:
    $ dm20-conformance run --iut client --push http://10.0.0.7:9000/push --host 0.0.0.0 \\
        --public-host harness.lan --port 8400-8449
  Test a DM server, including its notifications, for the 5.5 clauses only:
    $ dm20-conformance run --iut server --url https://localhost:8443/dm20 --ca ca.pem \\
        --notify-cmd "./send-push.sh" --clause DMS-5.5-01,DMS-5.5-02,DMS-5.5-03,DMS-5.5-04
  The device under test must trust <out>/pki/ca.pem (a fresh harness CA per run).
${EXIT_CODES_HELP}`,
    )
    .action(async (opts: RunOptions) => {
      const { runCommand } = await import("./run-command.ts");
      setExit(await runCommand(opts, io));
    });

  const selftest = program
    .command("selftest")
    .description("Run both roles against the bundled reference device and reference server (npm start).");
  addCommonOptions(selftest, SELFTEST_DEFAULTS)
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance selftest
  $ dm20-conformance selftest --clause DMC-5.6-04 --reporter json,html --out /tmp/selftest
${EXIT_CODES_HELP}`,
    )
    .action(async (opts: CommonOptions) => {
      // The worker a compiled self-test runs passes in loads while this thread loads the command.
      preloadWorkers(1);
      try {
        const { selftestCommand } = await import("./selftest-command.ts");
        setExit(await selftestCommand(opts, io));
      } finally {
        await endUnusedWorkers();
      }
    });

  program
    .command("pki")
    .description(
      "Write a harness test CA (ca.pem, and its key ca-key.pem owner-only) into a folder of its own, for `run --pki`.",
    )
    .addOption(
      textOption(
        "--out <dir>",
        "folder for ca.pem, ca-key.pem and a .gitignore that keeps them out of git",
      ).makeOptionMandatory(),
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
    .action(async (opts: { out: string; force?: boolean }) => {
      const { pkiCommand } = await import("./pki-command.ts");
      setExit(await pkiCommand(opts, io));
    });

  program
    .command("list-clauses")
    .description("Print the clause catalog (the SCR of the draft) with the tests that check each clause.")
    .addOption(
      new Option("--role <role>", "only the clauses binding this role").choices(["client", "server"]),
    )
    .addOption(new Option("--format <format>", "output format").choices([...CLAUSE_FORMATS]).default("table"))
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance list-clauses
  $ dm20-conformance list-clauses --role server --format markdown
  $ dm20-conformance list-clauses --format json > clauses.json
${LIST_EXIT_HELP}`,
    )
    .action(async (opts: { role?: Role; format: ClauseFormat }) => {
      const { listClausesCommand } = await import("./list-clauses-command.ts");
      setExit(await listClausesCommand(opts, io));
    });

  const merge = program
    .command("merge")
    .description(
      "Merge report.json files of shards or repeated runs of one IUT (a clause's worst verdict wins).",
    )
    .argument("<reports...>", "report.json files")
    .addOption(textOption("--out <dir>", "folder for the merged reports").makeOptionMandatory())
    .addOption(
      new Option("--reporter <list>", "formats: json, junit, html (report.json is always written)")
        .default(["json", "junit", "html"], "json,junit,html")
        .argParser((v: string) => {
          const items = v.split(",").map((s) => s.trim());
          const bad = items.find((i) => !["json", "junit", "html"].includes(i));
          if (bad) throw new UsageError(`--reporter: "${bad}" is not one of json, junit, html`);
          return items as Reporter[];
        }),
    );
  addBaselineOptions(merge)
    .addHelpText(
      "after",
      `
Examples:
  $ dm20-conformance merge shard-1/report.json shard-2/report.json --out reports/merged
${MERGE_EXIT_HELP}`,
    )
    .action(async (files: string[], opts: MergeOptions) => {
      const { mergeCommand } = await import("./merge-command.ts");
      setExit(await mergeCommand(files, opts, io));
    });

  // Interop (monitor between a real device and server; the devices × servers matrix).
  addMonitorCommand(program, io, setExit);
  addInteropCommand(program, io, setExit);
  // The bundled references and the offline Allure report, as commands of the installed package.
  addReferenceCommands(program, io, setExit);

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
    // By name too: under tsx a command imported lazily (as an ES module) throws the UsageError of
    // its own copy of usage-error.ts when this module was loaded as CommonJS (in-process tests).
    else if (err instanceof UsageError || err.name === "UsageError")
      io.err.write(`dm20-conformance: ${err.message}\n`);
    else io.err.write(`dm20-conformance: ${err.message} (run with --debug for the stack trace)\n`);
    return EXIT_USAGE;
  }
}
