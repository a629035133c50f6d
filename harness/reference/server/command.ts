/**
 * The reference DM server on its own, for trying the harness (or a device) against it:
 *
 *   dm20-conformance reference-server --ca-out /tmp/ref-ca.pem [--port 8443] [--fault NAME…]
 *
 * Prints the DM URL and a --notify-cmd that makes it emit Pkg#0, then logs what it sees until
 * interrupted (SIGINT, SIGTERM). `--list-faults` prints the fault switches. main.ts runs the same
 * from a checkout through tsx.
 */
import { writeFile } from "node:fs/promises";
import { Command, CommanderError } from "commander";
import type { Sink } from "../../cli/io.ts";
import { REFERENCE_SERVER_FAULTS, REFERENCE_SERVER_VARIATIONS, startReferenceServer } from "./index.ts";

/** Where it prints: the URL and log to `out`, errors to `err` (the CLI's io, or the process's). */
export interface ReferenceServerIo {
  out: Sink;
  err: Sink;
}

function referenceServerProgram(name: string, io: ReferenceServerIo): Command {
  return new Command()
    .name(name)
    .description("The bundled reference OMA DM 2.0 (draft) server")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "port (0: any free port)", "0")
    .option("--ca-out <path>", "write the CA certificate (PEM) that issued the server's certificate here")
    .option("--scenario <dir>", "scenario folder (devices/, documents/, pages/)")
    .option("--fault <name...>", "fault switches (or lawful variations) to turn on")
    .option("--list-faults", "list the fault switches and exit")
    .option("--quiet", "do not log requests")
    .addHelpText(
      "after",
      `
Exit status:
  0  stopped by SIGINT or SIGTERM (or the faults were listed)
  2  usage or set-up error (an unknown option or fault, the port in use, --ca-out not writable)`,
    )
    .configureOutput({ writeOut: (t) => io.out.write(t), writeErr: (t) => io.err.write(t) })
    .exitOverride();
}

/**
 * Runs the reference server with `argv` (options only); resolves with the exit status once it is
 * stopped by a signal (at once for --list-faults, --help, or a usage error).
 */
export async function referenceServerCommand(
  argv: string[],
  name: string,
  io: ReferenceServerIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const program = referenceServerProgram(name, io);
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    // --help and --version end this way with status 0; anything else is a usage error, which
    // commander has already explained on stderr.
    return e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
  }
  try {
    return await serve(program, io);
  } catch (e) {
    io.err.write(`${name}: ${(e as Error).message}\n`);
    return 2;
  }
}

async function serve(program: Command, io: ReferenceServerIo): Promise<number> {
  const say = (line: string) => io.out.write(`${line}\n`);
  const o = program.opts<{
    host: string;
    port: string;
    caOut?: string;
    scenario?: string;
    fault?: string[];
    listFaults?: boolean;
    quiet?: boolean;
  }>();
  if (o.listFaults) {
    for (const f of REFERENCE_SERVER_FAULTS) say(`${f.name.padEnd(28)} ${f.clause}  ${f.description}`);
    say("lawful variations (no clause may fail them; --strict fails those marked *):");
    for (const v of REFERENCE_SERVER_VARIATIONS)
      say(`${v.name.padEnd(26)}${v.strictFails ? " *" : "  "} ${v.clause}  ${v.description}`);
    return 0;
  }
  const server = await startReferenceServer({
    host: o.host,
    port: Number(o.port),
    faults: o.fault ?? [],
    ...(o.scenario ? { scenarioDir: o.scenario } : {}),
  });
  if (o.caOut) await writeFile(o.caOut, server.caPem);
  const origin = new URL(server.url).origin;
  const caArg = o.caOut ? `--cacert ${o.caOut}` : "--insecure";
  say(`DM URL: ${server.url}`);
  if (o.caOut) say(`CA:     ${o.caOut}`);
  say(
    `notify: --notify-cmd 'curl -sf ${caArg} -X POST "${origin}/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID"'`,
  );
  if (!o.quiet) {
    server.onEvent((e) =>
      say(`${new Date(e.at).toISOString()} ${e.kind.padEnd(12)} ${e.deviceId ?? "-"} ${e.detail}`),
    );
  }
  // Serves until stopped: the promise settles only then, so the caller's process stays up.
  await new Promise<void>((stopped) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      stopped();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
}
