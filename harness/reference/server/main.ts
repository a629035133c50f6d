/**
 * Runs the reference DM server on its own, from a checkout (the installed package has it as
 * `dm20-conformance reference-server`, see command.ts for the options):
 *
 *   npx tsx harness/reference/server/main.ts --ca-out /tmp/ref-ca.pem [--port 8443] [--fault NAME…]
 */
import { referenceServerCommand } from "./command.ts";

process.exitCode = await referenceServerCommand(process.argv.slice(2), "reference-server");
