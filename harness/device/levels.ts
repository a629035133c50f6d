/**
 * Levels, as the codec reads "the client will only include n sublevels of child nodes" (5.8): a
 * node's leaves belong to it, its interior children are sublevel 1. Levels=0 keeps the node's own
 * leaves; interior nodes below the cut are omitted (the codec's default reading).
 */
import { limitLevels as cutLevels } from "../protocol/client-uri.ts";
import type { DmNode } from "./dm-tree.ts";

export function limitLevels(node: DmNode, levels: number): DmNode {
  return cutLevels(node, levels) as DmNode;
}
