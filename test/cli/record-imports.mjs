/**
 * `node --import ./record-imports.mjs …`: appends the URL of every file module the process
 * imports to the file named by DM20_IMPORT_LOG, one a line. The resolve hook sees each
 * import of the ES module graph, including `await import()` and CommonJS packages imported from
 * it, so a test can tell which packages a command really loaded (lazy-load.test.ts).
 */
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url, { data: { log: process.env.DM20_IMPORT_LOG } });
