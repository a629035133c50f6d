#!/usr/bin/env node
/**
 * `npm run profile -- [CLI arguments]` (default: selftest): runs the compiled command once under
 * V8's CPU profiler and prints where its wall time went: idle (waiting on the wire, on timers,
 * on quiet periods, or on a disk: what the harness cannot speed up by computing less), garbage
 * collection, loading modules, TLS, file system calls, and the busiest packages and functions.
 * Before that, `run` and `selftest` print their phase table (harness/runner/phases.ts): the wall
 * time of start-up, the PKI, listener start-up, the sessions, the quiet windows, each pass and the
 * reports. How the start-up and the fsync costs that issue 11 removed were found; a diagnosis, not
 * a test.
 *
 *   npm run profile -- run --iut client --trigger true --timeout 2000
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const cli = args.length > 0 ? args : ["selftest"];
const dir = mkdtempSync(join(tmpdir(), "dm20-profile-"));
const withOut =
  cli.includes("--out") || !["run", "selftest"].includes(cli[0]) ? cli : [...cli, "--out", join(dir, "out")];

const t0 = performance.now();
const r = spawnSync(
  process.execPath,
  ["--cpu-prof", "--cpu-prof-dir", join(dir, "prof"), join(ROOT, "bin/dm20-conformance.js"), ...withOut],
  // DM20_PHASES: `run` and `selftest` print their phase table (PKI, listeners, sessions, quiet
  // windows, passes, reports) on stderr, which goes through; then the CPU profile's view.
  { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NO_COLOR: "1", DM20_PHASES: "1" } },
);
const wall = performance.now() - t0;

/**
 * The source module a line of a compiled file came from: esbuild starts each module's code with a
 * `// harness/…/module.ts` comment (or `// node_modules/…` for a bundled package).
 */
const sourcesOf = new Map();
function sourceAt(url, line) {
  let marks = sourcesOf.get(url);
  if (!marks) {
    marks = [];
    readFileSync(fileURLToPath(url), "utf8")
      .split("\n")
      .forEach((text, i) => {
        const m = /^\/\/ ((?:harness|suites|node_modules)\/\S+)$/.exec(text);
        if (m) marks.push([i, m[1]]);
      });
    sourcesOf.set(url, marks);
  }
  let found;
  for (const [at, path] of marks) if (at <= line) found = path;
  return found;
}

/** What a frame is, for the summary: a package, a part of Node, or the harness itself. */
function category(url, fn, line) {
  if (url.includes("/dist/")) {
    const src = sourceAt(url, line);
    const nm = src && /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
    if (nm) return `package ${nm[1]} (bundled)`;
    if (src) return `harness: ${src.replace(/\/[^/]+$/, "/")}`;
  }
  if (!url)
    return fn === "(idle)"
      ? "idle (waiting)"
      : fn === "(garbage collector)"
        ? "garbage collection"
        : fn.startsWith("(")
          ? "V8 / native"
          : `native: ${fn}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `package ${nm[1]}`;
  if (url.includes("/dist/")) return "harness (compiled, module unknown)";
  if (/node:internal\/modules|node:internal\/bootstrap|cjs-module-lexer/.test(url))
    return "node: loading modules";
  if (/tls|crypto|secure-context/.test(url)) return "node: TLS and crypto";
  if (/node:(net|http|_http|internal\/http)/.test(url)) return "node: sockets and HTTP";
  if (/node:(fs|internal\/fs)/.test(url)) return "node: file system";
  return "node: other";
}

const byCat = new Map();
const byFn = new Map();
let total = 0;
for (const f of readdirSync(join(dir, "prof"))) {
  const p = JSON.parse(readFileSync(join(dir, "prof", f), "utf8"));
  const self = new Map();
  for (const [i, id] of p.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (ms === 0) continue;
    total += ms;
    const { url, functionName, lineNumber } = n.callFrame;
    const cat = category(url, functionName, lineNumber);
    byCat.set(cat, (byCat.get(cat) ?? 0) + ms);
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
  }
}
rmSync(dir, { recursive: true, force: true });

const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const line = ([k, ms]) =>
  `  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`;
process.stdout.write(
  [
    `dm20-conformance ${withOut.join(" ")}: exit ${r.status}, ${(wall / 1000).toFixed(2)} s wall, ${(total / 1000).toFixed(2)} s profiled`,
    "by kind:",
    ...top(byCat, 20).map(line),
    "busiest functions (self time):",
    ...top(byFn, 12)
      .filter(([k]) => !k.startsWith("(idle)"))
      .map(line),
    "",
  ].join("\n"),
);
