/**
 * One fuzz campaign: N inputs for one decoder, each a fresh fast-check sample or a mutation of a
 * seed (the decoder's vectors plus earlier samples), decoded and held to the decoder's contract.
 * Deterministic for a seed. Failing inputs are kept (a few per distinct failure) for minimising.
 */
import fc from "fast-check";
import type { FuzzDecoder, FuzzInput } from "./decoders.ts";
import { mutate } from "./mutate.ts";
import { Rng } from "./rng.ts";

export interface Failure {
  kind: "exception" | "violation";
  /** What went wrong, without the input: failures with the same signature are one failure. */
  signature: string;
  detail: string;
  input: FuzzInput;
}

export interface CampaignStats {
  decoder: string;
  inputs: number;
  exceptions: number;
  violations: number;
  slowestMs: number;
  slowestSize: number;
  failures: Failure[];
}

/** Distinct failures kept per decoder (each is minimised and written out). */
export const MAX_KEPT_FAILURES = 8;
const BATCH = 2000;
const POOL = 400;
const WARM_UP = 200;

export function toUnits(input: FuzzInput): number[] {
  if (typeof input !== "string") return Array.from(input);
  const out = new Array<number>(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input.charCodeAt(i);
  return out;
}

export function fromUnits(units: number[], decoder: FuzzDecoder): FuzzInput {
  if (decoder.alphabet === "byte") return Uint8Array.from(units);
  let s = "";
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.slice(i, i + 8192));
  return s;
}

/** Runs one input; null when the contract held. Never throws. */
export function runOne(decoder: FuzzDecoder, input: FuzzInput): Omit<Failure, "input"> | null {
  let result: unknown;
  try {
    result = (decoder.decode as (i: FuzzInput) => unknown)(input);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const where = (err.stack ?? "").split("\n").find((l) => l.includes("harness/protocol")) ?? "";
    return {
      kind: "exception",
      signature: `${err.name}: ${err.message.slice(0, 80)} ${where.trim()}`,
      detail: err.stack ?? String(err),
    };
  }
  let violations: string[];
  try {
    violations = (decoder.contract as (i: FuzzInput, r: unknown) => string[])(input, result);
  } catch (e) {
    violations = [`the contract check threw on the result: ${e instanceof Error ? e.message : String(e)}`];
  }
  if (violations.length === 0) return null;
  // numbers vary per input; the signature keeps the rule broken, not where
  const signature = violations[0]!.replace(/\d+/g, "N").replace(/"[^"]*"/g, '"…"');
  return { kind: "violation", signature, detail: violations.join("\n") };
}

const sizeOf = (i: FuzzInput) => i.length;

/**
 * Inputs [from, from + n) of the campaign for `seed`: chunks of one campaign can run in different
 * workers and still be the same inputs as a single run.
 */
export function runCampaign(decoder: FuzzDecoder, seed: number, from: number, n: number): CampaignStats {
  const stats: CampaignStats = {
    decoder: decoder.name,
    inputs: 0,
    exceptions: 0,
    violations: 0,
    slowestMs: 0,
    slowestSize: 0,
    failures: [],
  };
  const seen = new Set<string>();
  const seeds = decoder.seeds().map(toUnits);
  const pool: number[][] = seeds.length > 0 ? seeds.slice() : [[]];
  const pooled = fc.sample(decoder.arbitrary, { seed, numRuns: POOL });
  for (const p of pooled) pool.push(toUnits(p));
  let batch: FuzzInput[] = [];
  let batchNo = -1;
  for (let k = from; k < from + n; k++) {
    const rng = new Rng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
    let input: FuzzInput;
    if (rng.chance(0.3)) {
      const b = Math.floor(k / BATCH);
      if (b !== batchNo) {
        batchNo = b;
        batch = fc.sample(decoder.arbitrary, { seed: (seed + b * 7919) | 0, numRuns: BATCH });
      }
      input = batch[k % BATCH]!;
    } else {
      input = fromUnits(mutate(rng.pick(pool), rng.pick(pool), rng, decoder.alphabet), decoder);
    }
    const t0 = performance.now();
    const failure = runOne(decoder, input);
    const ms = performance.now() - t0;
    stats.inputs++;
    // the first inputs of a chunk run cold (compiling): not counted as the slowest
    if (k - from >= WARM_UP && ms > stats.slowestMs) {
      stats.slowestMs = ms;
      stats.slowestSize = sizeOf(input);
    }
    if (failure === null) continue;
    if (failure.kind === "exception") stats.exceptions++;
    else stats.violations++;
    if (!seen.has(failure.signature) && stats.failures.length < MAX_KEPT_FAILURES) {
      seen.add(failure.signature);
      stats.failures.push({ ...failure, input });
    }
  }
  return stats;
}
