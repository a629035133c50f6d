/**
 * Levels: "the client will only include n sublevels of child nodes" (5.8, PUT/POST). The node's
 * own children are sublevel 1. Levels=0 keeps the node alone (an empty object), Levels=1 keeps
 * its children with interior children shown empty, and so on: an interior node at the cut stays,
 * empty, so the reader still sees that it exists.
 */
import type { DmNode } from "./dm-tree.ts";

export function limitLevels(node: DmNode, levels: number): DmNode {
  const out: DmNode = {};
  if (levels <= 0) return out;
  for (const [k, v] of Object.entries(node)) out[k] = typeof v === "string" ? v : limitLevels(v, levels - 1);
  return out;
}
