/**
 * Shrinks a failing input while it still fails the same way (same signature): delete halves,
 * then quarters, ... then single units (ddmin-style, greedy). Bounded by a number of tries so a
 * 1 MiB input cannot keep the fuzzer busy.
 */

import { fromUnits, runOne, toUnits } from "./campaign.ts";
import type { FuzzDecoder, FuzzInput } from "./decoders.ts";

export function minimise(
  decoder: FuzzDecoder,
  input: FuzzInput,
  signature: string,
  maxTries = 4000,
): FuzzInput {
  let units = toUnits(input);
  let tries = 0;
  const fails = (u: number[]) => {
    tries++;
    return runOne(decoder, fromUnits(u, decoder))?.signature === signature;
  };
  for (let chunk = Math.max(1, units.length >> 1); chunk >= 1 && tries < maxTries; chunk >>= 1) {
    for (let at = 0; at < units.length && tries < maxTries; ) {
      const candidate = units.slice(0, at).concat(units.slice(at + chunk));
      if (fails(candidate)) units = candidate;
      else at += chunk;
    }
  }
  return fromUnits(units, decoder);
}
