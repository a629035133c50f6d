/**
 * Levels: "the client will only include n sublevels of childe nodes" (5.8), under either lawful
 * reading (readings.ts): a node's own leaves belong to it and its interior children are sublevel 1
 * (Levels=0 keeps the node's leaves; the codec's reading), or every child is sublevel 1 (Levels=0
 * is the node alone). Interior nodes at the cut are omitted or kept empty, as the readings say.
 */
import { limitLevels as cutLevels } from "../protocol/client-uri.ts";
import type { DmNode } from "./dm-tree.ts";
import { DEFAULT_READINGS, type DeviceReadings } from "./readings.ts";

export function limitLevels(
  node: DmNode,
  levels: number,
  reading: DeviceReadings["levels"] = DEFAULT_READINGS.levels,
): DmNode {
  const cut = { cut: reading.cut };
  if (reading.sublevels === "leaves-belong-to-node") return cutLevels(node, levels, cut) as DmNode;
  return levels === 0 ? {} : (cutLevels(node, levels - 1, cut) as DmNode);
}
