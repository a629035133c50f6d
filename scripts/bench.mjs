#!/usr/bin/env node
/**
 * `npm run bench`: how long the harness takes for what a user does, several runs each, printed as
 * min / median / max and as ratios that survive a noisy machine (start-up against `node -e 0`, a
 * silent device against a conformant one run with the same options). A benchmark, not a test: it
 * asserts nothing, it prints, and writes the figures as JSON for later comparison.
 *
 *   node scripts/bench.mjs [--runs N] [--json PATH] [--only name,name]
 *
 * Plain JavaScript on purpose: a bench run through tsx would time tsx too.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin/dm20-conformance.js");

function parseArgs(argv) {
  const o = { runs: 3, json: join(ROOT, "test-output/bench.json"), only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs") o.runs = Math.max(1, Number(argv[++i]));
    else if (a === "--json") o.json = resolve(argv[++i]);
    else if (a === "--only") o.only = argv[++i].split(",");
    else if (a === "--help") {
      process.stdout.write("usage: npm run bench -- [--runs N] [--json PATH] [--only name,name]\n");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/**
 * The bundled references as commands when the CLI has them (the compiled package), else through
 * tsx from the sources (how a checkout ran them before): the bench compares the two.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const COMPILED = Boolean(pkg.scripts?.build) && existsSync(join(ROOT, "dist"));
const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const REF_DEVICE = COMPILED
  ? `node ${q(BIN)} reference-device`
  : `node --import tsx ${q(join(ROOT, "harness/reference/device/main.ts"))}`;
const REF_SERVER = COMPILED
  ? ["node", BIN, "reference-server"]
  : ["node", "--import", "tsx", join(ROOT, "harness/reference/server/main.ts")];

/** Runs argv to its end; resolves with wall time (ms), exit code, and the output. */
function timed(argv, { env = {}, cwd = ROOT } = {}) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ ms: performance.now() - t0, code, out }));
  });
}

/** A reference server in the background, for the server cases; resolves with its URL and CA. */
async function startRefServer(dir, faults = []) {
  const ca = join(dir, "ref-ca.pem");
  const args = [...REF_SERVER, "--port", "0", "--ca-out", ca, "--quiet"];
  if (faults.length > 0) args.push("--fault", ...faults);
  const child = spawn(args[0], args.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((done, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`reference server did not start: ${out}`)), 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /DM URL: (\S+)/.exec(out);
      if (m && out.includes("notify:")) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child.on("exit", (code) => fail(new Error(`reference server exited ${code}: ${out}`)));
  });
  const origin = new URL(url).origin;
  const notify = `curl -sf --cacert ${q(ca)} -X POST "${origin}/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID"`;
  return {
    args: ["--url", url, "--ca", ca, "--notify-cmd", notify],
    stop: () =>
      new Promise((done) => {
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}

async function serverFaults() {
  const r = await timed([...REF_SERVER, "--list-faults"]);
  const names = [];
  for (const line of r.out.split("\n")) {
    if (line.startsWith("lawful variations")) break;
    const m = /^(\S+)\s+DMS-/.exec(line);
    if (m) names.push(m[1]);
  }
  return names;
}

async function clientClauses() {
  const r = await timed(["node", BIN, "list-clauses", "--role", "client", "--format", "json"]);
  return JSON.parse(r.out).clauses.map((c) => c.id);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const work = await mkdtemp(join(tmpdir(), "dm20-bench-"));
  const cli = (...args) => ["node", BIN, ...args];
  /** Each case: argv per run (given a fresh folder), the exit codes that mean it ran as meant. */
  const cases = [
    { name: "node -e 0", runs: o.runs + 2, argv: () => ["node", "-e", "0"], ok: [0] },
    { name: "--help", runs: o.runs + 2, argv: () => cli("--help"), ok: [0] },
    { name: "list-clauses", runs: o.runs + 2, argv: () => cli("list-clauses"), ok: [0] },
    { name: "npm start (selftest)", argv: (d) => ["npm", "start", "--", "--out", d], ok: [0] },
    {
      name: "server suite vs reference server",
      server: [],
      argv: (d, s) => cli("run", "--iut", "server", ...s.args, "--out", d),
      ok: [0],
    },
    {
      name: "client suite vs in-process reference device",
      argv: (d, _s, ctx) => cli("selftest", "--clause", ctx.clientClauses.join(","), "--out", d),
      ok: [0],
    },
    {
      name: "external reference device --sessions 4",
      argv: (d) =>
        cli("run", "--iut", "client", "--sessions", "4", "--trigger", refDevice(d), "--out", join(d, "r")),
      ok: [0],
    },
    {
      name: "conformant device --timeout 2000",
      argv: (d) =>
        cli("run", "--iut", "client", "--timeout", "2000", "--trigger", refDevice(d), "--out", join(d, "r")),
      // On a loaded machine a session may start too late for 2 s: INCOMPLETE, still a full run.
      ok: [0, 1],
      says: /CERTIFIED|INCOMPLETE/,
    },
    {
      name: "silent device --timeout 2000",
      argv: (d) => cli("run", "--iut", "client", "--timeout", "2000", "--trigger", "true", "--out", d),
      ok: [1],
      says: /INCOMPLETE/,
    },
    {
      name: "reference server with every fault on",
      server: "all-faults",
      argv: (d, s) => cli("run", "--iut", "server", ...s.args, "--out", d),
      ok: [1],
      says: /NOT CERTIFIED/,
    },
  ].filter((c) => !o.only || o.only.includes(c.name));
  function refDevice(d) {
    return `DM20_REF_STATE=${q(join(d, "ref-device.json"))} ${REF_DEVICE}`;
  }
  const ctx = { clientClauses: await clientClauses() };
  const results = [];
  process.stdout.write(
    `bench: ${COMPILED ? "compiled package (dist/)" : "TypeScript through tsx"}, ${o.runs} runs each (start-up cases ${o.runs + 2}); node ${process.version}\n`,
  );
  for (const c of cases) {
    const server =
      c.server === undefined
        ? undefined
        : await startRefServer(work, c.server === "all-faults" ? await serverFaults() : c.server);
    const times = [];
    const codes = [];
    try {
      for (let i = 0; i < (c.runs ?? o.runs); i++) {
        const d = join(work, `${results.length}-${i}`);
        await mkdir(d, { recursive: true });
        const r = await timed(c.argv(d, server, ctx));
        times.push(r.ms);
        codes.push(r.code);
        if (!c.ok.includes(r.code) || (c.says && !c.says.test(r.out)))
          process.stderr.write(
            `  ${c.name}: exit ${r.code} (expected ${c.ok.join("/")}${c.says ? ` saying ${c.says}` : ""})\n${r.out.slice(-2000)}\n`,
          );
        await rm(d, { recursive: true, force: true });
      }
    } finally {
      await server?.stop();
    }
    const row = {
      name: c.name,
      runs: times.length,
      minMs: Math.round(Math.min(...times)),
      medianMs: Math.round(median(times)),
      maxMs: Math.round(Math.max(...times)),
      exitCodes: codes,
    };
    results.push(row);
    process.stdout.write(`  done: ${row.name} (median ${(row.medianMs / 1000).toFixed(2)} s)\n`);
  }
  await rm(work, { recursive: true, force: true });

  const s = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(8);
  const lines = [
    `${"case".padEnd(46)}${"runs".padStart(5)}${"min".padStart(9)}${"median".padStart(9)}${"max".padStart(9)}  exit`,
  ];
  for (const r of results)
    lines.push(
      `${r.name.padEnd(46)}${String(r.runs).padStart(5)} ${s(r.minMs)} ${s(r.medianMs)} ${s(r.maxMs)}  ${[...new Set(r.exitCodes)].join(",")}`,
    );
  const med = (name) => results.find((r) => r.name === name)?.medianMs;
  const ratio = (a, b) => (med(a) && med(b) ? med(a) / med(b) : undefined);
  const ratios = {
    "--help / node -e 0": ratio("--help", "node -e 0"),
    "list-clauses / node -e 0": ratio("list-clauses", "node -e 0"),
    "silent / conformant (--timeout 2000)": ratio(
      "silent device --timeout 2000",
      "conformant device --timeout 2000",
    ),
    "npm start / node -e 0": ratio("npm start (selftest)", "node -e 0"),
  };
  lines.push("", "ratios (of medians):");
  for (const [k, v] of Object.entries(ratios))
    if (v !== undefined) lines.push(`  ${k.padEnd(40)} ${v.toFixed(2)}`);
  process.stdout.write(`\n${lines.join("\n")}\n`);
  await mkdir(dirname(o.json), { recursive: true });
  await writeFile(
    o.json,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        compiled: COMPILED,
        runs: o.runs,
        results,
        ratios: Object.fromEntries(Object.entries(ratios).filter(([, v]) => v !== undefined)),
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nJSON: ${o.json}\n`);
}

await main();
