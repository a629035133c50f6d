/**
 * npm run fuzz [-- --n N] [--seed S] [--only DECODER] [--workers W] [--out DIR]
 * npm run fuzz -- --linearity [--only DECODER]
 *
 * Fuzzes every public decoder of harness/protocol (test/protocol/fuzz/decoders.ts says which and
 * what each owes) with N inputs each, spread over worker threads in chunks; prints per decoder the
 * inputs, exceptions, contract violations and the slowest input; writes each distinct failure,
 * minimised, under test-output/fuzz/<decoder>/. Exits 1 on any exception or violation.
 * --linearity times each decoder on 1 KiB..8 MiB inputs of several shapes instead.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Command } from "commander";
import type { CampaignStats } from "../../test/protocol/fuzz/campaign.ts";
import { DECODERS } from "../../test/protocol/fuzz/decoders.ts";
import { measure, SIZES, TOLERANCE } from "../../test/protocol/fuzz/linearity.ts";
import { minimise } from "../../test/protocol/fuzz/minimise.ts";
import type { Chunk } from "./worker.ts";

const opts = new Command()
  .option("--n <n>", "inputs per decoder", "1000000")
  .option("--seed <seed>", "campaign seed", "20")
  .option("--only <decoder>", `one of: ${DECODERS.map((d) => d.name).join(", ")}`)
  .option("--workers <w>", "worker threads", "2")
  .option("--out <dir>", "where failing inputs go", "test-output/fuzz")
  .option("--linearity", "time each decoder on 1 KiB..8 MiB inputs instead of fuzzing")
  .parse()
  .opts<{ n: string; seed: string; only?: string; workers: string; out: string; linearity?: boolean }>();

if (opts.only && !DECODERS.some((d) => d.name === opts.only)) {
  console.error(`unknown decoder "${opts.only}"; one of: ${DECODERS.map((d) => d.name).join(", ")}`);
  process.exit(2);
}

if (opts.linearity) linearity();
else await fuzz();

function linearity(): void {
  const kib = (b: number) => (b >= 1 << 20 ? `${b >> 20} MiB` : `${b >> 10} KiB`);
  console.log(
    `| decoder | shape | ${SIZES.map((s) => `${kib(s)} ms`).join(" | ")} | per-byte 8 MiB/64 KiB | verdict |`,
  );
  console.log(`|---|---|${SIZES.map(() => "---:").join("|")}|---:|---|`);
  const rows = measure(opts.only, (r) =>
    console.log(
      `| ${r.decoder} | ${r.shape} | ${r.ms.map((m) => (m < 1 ? m.toFixed(3) : m.toFixed(1))).join(" | ")} | ${r.ratio.toFixed(2)} | ${r.superlinear ? "SUPERLINEAR" : "linear"}${r.remeasured ? " (re-measured)" : ""} |`,
    ),
  );
  const bad = rows.filter((r) => r.superlinear);
  console.log(`\n${rows.length} decoder/shape pairs, tolerance ${TOLERANCE}: ${bad.length} superlinear`);
  process.exitCode = bad.length > 0 ? 1 : 0;
}

async function fuzz(): Promise<void> {
  const n = Number(opts.n);
  const seed = Number(opts.seed) | 0;
  const decoders = DECODERS.filter((d) => !opts.only || d.name === opts.only);
  // Chunks small enough to balance two workers; each chunk is a slice of the same campaign.
  const chunkSize = Math.max(1000, Math.ceil(n / 8));
  const queue: Chunk[] = [];
  for (const d of decoders)
    for (let from = 0; from < n; from += chunkSize)
      queue.push({ decoder: d.name, seed, from, n: Math.min(chunkSize, n - from) });
  const totals = new Map<string, CampaignStats>();
  const t0 = performance.now();
  const started = new Map<string, number>();
  const elapsed = new Map<string, number>();
  const workers = Math.max(1, Number(opts.workers));
  await Promise.all(
    Array.from({ length: workers }, () => {
      // worker-entry.mjs loads tsx in the worker, then worker.ts
      const w = new Worker(new URL("./worker-entry.mjs", import.meta.url));
      return new Promise<void>((resolve, reject) => {
        const next = () => {
          const chunk = queue.shift();
          if (chunk && !started.has(chunk.decoder)) started.set(chunk.decoder, performance.now());
          w.postMessage(chunk ?? null);
          if (!chunk) resolve();
        };
        w.on("message", (s: CampaignStats) => {
          merge(totals, s);
          elapsed.set(s.decoder, performance.now() - (started.get(s.decoder) ?? t0));
          next();
        });
        w.on("error", reject);
        next();
      });
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  let exceptions = 0;
  let violations = 0;
  console.log(`| decoder | inputs | exceptions | contract violations | slowest input | failures written |`);
  console.log(`|---|---:|---:|---:|---|---|`);
  for (const d of decoders) {
    const s = totals.get(d.name)!;
    exceptions += s.exceptions;
    violations += s.violations;
    const written = s.failures.map((f, i) => {
      const small = minimise(d, f.input, f.signature);
      const dir = join(opts.out, d.name);
      mkdirSync(dir, { recursive: true });
      const base = join(dir, `${f.kind}-${i + 1}`);
      if (typeof small === "string") writeFileSync(`${base}.json`, `${JSON.stringify(small)}\n`);
      else writeFileSync(`${base}.bin`, small);
      writeFileSync(`${base}.txt`, `${f.signature}\n\n${f.detail}\n`);
      return base;
    });
    console.log(
      `| ${d.name} | ${s.inputs} | ${s.exceptions} | ${s.violations} | ${s.slowestMs.toFixed(1)} ms, ${s.slowestSize} ${d.alphabet === "byte" ? "bytes" : "chars"} | ${written.length === 0 ? "-" : written.join(", ")} |`,
    );
  }
  console.log(
    `\n${decoders.length} decoders x ${n} inputs, seed ${seed}, ${workers} worker(s): ${exceptions} exceptions, ${violations} contract violations, ${seconds.toFixed(0)} s`,
  );
  process.exitCode = exceptions + violations > 0 ? 1 : 0;
}

function merge(totals: Map<string, CampaignStats>, s: CampaignStats): void {
  const t = totals.get(s.decoder);
  if (!t) {
    totals.set(s.decoder, s);
    return;
  }
  t.inputs += s.inputs;
  t.exceptions += s.exceptions;
  t.violations += s.violations;
  if (s.slowestMs > t.slowestMs) {
    t.slowestMs = s.slowestMs;
    t.slowestSize = s.slowestSize;
  }
  const seen = new Set(t.failures.map((f) => f.signature));
  for (const f of s.failures) if (!seen.has(f.signature) && t.failures.length < 8) t.failures.push(f);
}
