/** One fuzz worker: runs the campaign chunks it is sent and posts their stats back. */
import { parentPort } from "node:worker_threads";
import { runCampaign } from "../../test/protocol/fuzz/campaign.ts";
import { DECODERS } from "../../test/protocol/fuzz/decoders.ts";

export interface Chunk {
  decoder: string;
  seed: number;
  from: number;
  n: number;
}

parentPort?.on("message", (chunk: Chunk | null) => {
  if (chunk === null) {
    parentPort?.close();
    return;
  }
  const decoder = DECODERS.find((d) => d.name === chunk.decoder)!;
  parentPort?.postMessage(runCampaign(decoder, chunk.seed, chunk.from, chunk.n));
});
