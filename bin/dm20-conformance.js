#!/usr/bin/env node
// The command runs the compiled harness (dist/, made by `npm run build`, which `npm ci` and
// `npm pack` run through the prepare script): no TypeScript is transpiled at start-up.
const [command, ...rest] = process.argv.slice(2);
// A trigger starts `reference-device` once per DM session: it goes straight to the device,
// without loading the command line parser (`reference-device --help` still takes the long way).
const entry =
  command === "reference-device" && rest.length === 0
    ? "../dist/harness/reference/device/main.js"
    : "../dist/harness/cli.js";
try {
  await import(entry);
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes(entry.slice(2))) {
    process.stderr.write("dm20-conformance: dist/ is missing; run `npm run build` in the package folder\n");
    process.exitCode = 2;
  } else throw e;
}
