/**
 * Runs the reference DM server on its own, for trying the harness (or a device) against it:
 *
 *   npx tsx harness/reference/server/main.ts --ca-out /tmp/ref-ca.pem [--port 8443] [--fault NAME…]
 *
 * Prints the DM URL and a --notify-cmd that makes it emit Pkg#0, then logs what it sees until
 * interrupted. `--list-faults` prints the fault switches.
 */
import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { REFERENCE_SERVER_FAULTS, REFERENCE_SERVER_VARIATIONS, startReferenceServer } from "./index.ts";

const program = new Command()
  .name("reference-server")
  .description("The bundled reference OMA DM 2.0 (draft) server")
  .option("--host <address>", "address to listen on", "127.0.0.1")
  .option("--port <n>", "port (0: any free port)", "0")
  .option("--ca-out <path>", "write the CA certificate (PEM) that issued the server's certificate here")
  .option("--scenario <dir>", "scenario folder (devices/, documents/, pages/)")
  .option("--fault <name...>", "fault switches (or lawful variations) to turn on")
  .option("--list-faults", "list the fault switches and exit")
  .option("--quiet", "do not log requests");

async function main(): Promise<void> {
  program.parse();
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
    for (const f of REFERENCE_SERVER_FAULTS)
      console.log(`${f.name.padEnd(28)} ${f.clause}  ${f.description}`);
    console.log("lawful variations (no clause may fail them; --strict fails those marked *):");
    for (const v of REFERENCE_SERVER_VARIATIONS)
      console.log(`${v.name.padEnd(26)}${v.strictFails ? " *" : "  "} ${v.clause}  ${v.description}`);
    return;
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
  console.log(`DM URL: ${server.url}`);
  if (o.caOut) console.log(`CA:     ${o.caOut}`);
  console.log(
    `notify: --notify-cmd 'curl -sf ${caArg} -X POST "${origin}/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID"'`,
  );
  if (!o.quiet) {
    server.onEvent((e) =>
      console.log(`${new Date(e.at).toISOString()} ${e.kind.padEnd(12)} ${e.deviceId ?? "-"} ${e.detail}`),
    );
  }
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`reference-server: ${(e as Error).message}`);
  process.exit(2);
});
