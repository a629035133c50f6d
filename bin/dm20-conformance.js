#!/usr/bin/env node
// The command runs the compiled harness (dist/, made by `npm run build`, which `npm ci` and
// `npm pack` run through the prepare script): no TypeScript is transpiled at start-up.
try {
  await import("../dist/harness/cli.js");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("/dist/harness/cli.js")) {
    process.stderr.write("dm20-conformance: dist/ is missing; run `npm run build` in the package folder\n");
    process.exitCode = 2;
  } else throw e;
}
