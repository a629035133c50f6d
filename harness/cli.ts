/**
 * Process entry of `dm20-conformance` (bin/dm20-conformance.js imports this; `npm start` runs it
 * through tsx). The commands live in harness/cli/.
 */
import { main } from "./cli/main.ts";

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything the run opened is closed by now; should a stray handle (an IUT's half-open socket)
// keep the event loop alive, leave anyway rather than hang a CI job. Unref'd: a clean exit is not delayed.
setTimeout(() => process.exit(code), 2000).unref();
