#!/usr/bin/env node
/**
 * `npm run build` (also `prepare`, so `npm ci` and `npm pack` run it): compiles the harness to
 * JavaScript in dist/, so the installed command starts without transpiling TypeScript.
 *
 * An esbuild bundle with code splitting, chosen over a file-per-module `tsc` emit because start-up
 * is what users feel (measured with `npm run bench`): a command loads a few chunks instead of
 * ~200 modules, and a chunk reached only through `await import()` (mocha, fastify, undici,
 * allure…) is not read unless the command needs it. Dependencies that load parts of themselves by
 * computed paths (mocha, fastify, allure, jsonc-parser) stay external in node_modules; the ones in
 * BUNDLED load cleanly from a chunk and start faster there (measured, A/B).
 *
 * Layout: the same paths a `tsc` emit would give (dist/harness/cli.js, dist/suites/<role>/*.spec.js,
 * assets beside the modules that read them), shared code in dist/chunks/. The suites are entry
 * points of their own because mocha loads them by file name at run time; being in the same build,
 * they share the CLI's chunks, so a module (the run context, the checks) exists once per process.
 *
 *   node scripts/build.mjs [--metafile PATH]
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist");
const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
const BUNDLED = [
  "undici",
  "proper-lockfile",
  "@peculiar/x509",
  "reflect-metadata",
  "junit-report-builder",
  "chai",
  "escape-html",
  "commander",
];

/** Files the code reads at run time through `new URL(…, import.meta.url)`, copied beside it. */
const ASSETS = [
  "harness/catalog/scr.json",
  "harness/report/report.schema.json",
  "harness/reference/server/scenarios",
];

async function files(dir, suffix) {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/**
 * Code from one source module may land in an entry file or in a shared chunk, at another depth
 * than a file-per-module emit would put it, so `import.meta.url` would point somewhere else and
 * `new URL("./scr.json", import.meta.url)` would miss. Each module's `import.meta.url` becomes the
 * URL its emitted file would have (dist/<same path>.js), computed from the output file's own URL
 * (every output file lives under dist/, see the banner). `.js` at the end also tells the code that
 * it runs compiled (suite-runner.ts picks the compiled suites by it).
 */
const importMetaUrl = {
  name: "import-meta-url-as-emitted",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const emitted = relative(ROOT, args.path).replaceAll("\\", "/").replace(/\.ts$/, ".js");
      return {
        loader: "ts",
        contents: source.replaceAll("import.meta.url", `(__dm20Dist + ${JSON.stringify(emitted)})`),
      };
    });
  },
};

/** The harness's undici: the subset it uses (scripts/undici-subset.cjs), not the whole index. */
const undiciSubset = {
  name: "undici-subset",
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.startsWith(join(ROOT, "node_modules"))
        ? undefined
        : { path: join(ROOT, "scripts", "undici-subset.cjs") },
    );
  },
};

async function main() {
  const metafileArg = process.argv.indexOf("--metafile");
  await rm(OUT, { recursive: true, force: true });
  const entryPoints = [
    "harness/cli.ts",
    // `dm20-conformance reference-device` with no argument runs this directly (bin/): a trigger
    // starts one such process per DM session, so it skips the command line parser.
    "harness/reference/device/main.ts",
    // A selftest pass in a worker thread of its own (selftest-command.ts starts it by file name).
    "harness/cli/selftest-worker.ts",
    // Not a command: the build runs it below to index the compiled suites' tests.
    "harness/runner/suite-index.ts",
    ...(await files("suites", ".spec.ts")),
  ];
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: OUT,
    outbase: ".",
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    // Bundled dependencies compile as part of a chunk instead of as dozens of CommonJS files each
    // resolved (package.json lookups) and read on its own: a reference-device process (one per DM
    // session of an external-device run) started in 0.27 s of CPU instead of 0.41 with undici and
    // the lock bundled, and a self-test loads ~0.1 s faster with the rest (measured A/B). Left
    // external: packages that load parts of themselves by computed paths at run time (mocha's
    // reporters and ESM loader, fastify's logger threads, allure's writers and CLI, jsonc-parser's
    // UMD build), which a bundle would break.
    external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)),
    // The URL of dist/ itself, whichever file of it this is (see importMetaUrl); and `require`
    // for the bundled CommonJS packages, which require Node's built-ins.
    banner: {
      js: [
        'const __dm20Dist = import.meta.url.slice(0, import.meta.url.lastIndexOf("/dist/") + 6);',
        'import { createRequire as __dm20CreateRequire } from "node:module";',
        "const require = __dm20CreateRequire(import.meta.url);",
      ].join("\n"),
    },
    plugins: [importMetaUrl, undiciSubset],
    metafile: metafileArg > 0,
    logLevel: "warning",
  });
  for (const asset of ASSETS) {
    await mkdir(dirname(join(OUT, asset)), { recursive: true });
    await cp(join(ROOT, asset), join(OUT, asset), { recursive: true });
  }
  // list-clauses reads the suites' test titles from this index instead of loading mocha and the
  // suites (suite-index.ts); written from the compiled suites themselves, so it cannot drift.
  const { writeSuiteIndex } = await import(pathToFileURL(join(OUT, "harness/runner/suite-index.js")).href);
  await writeSuiteIndex();
  if (metafileArg > 0)
    await writeFile(resolve(process.argv[metafileArg + 1]), JSON.stringify(result.metafile));
  const n = (await files("dist", ".js")).length;
  process.stdout.write(`build: ${entryPoints.length} entry points, ${n} files in dist/\n`);
}

await main();
