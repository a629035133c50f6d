/**
 * Instances the harness knows a device has without reading its tree: the IXIT's writable node and
 * executable node live in an instance of their MO, so every listing of "all instances" (Pkg#1 after
 * send-all-mo-instances = 1, an upload of *?Levels=1) must carry that instance's location. The
 * harness cannot know every other instance (the device's own connection profiles, say), so a
 * listing is judged on these and on what Pkg#1 itself carries, never on a guess.
 */
import type { Ixit } from "../../model/ixit.ts";
import { parseClientUri } from "../../protocol/client-uri.ts";
import { type MoEntry, moidMatches, type Tnds20Object } from "../../protocol/tnds20.ts";

export interface KnownNode {
  /** What the IXIT calls it ("writable node", "executable node"). */
  role: string;
  moid: string;
  /** The node's path inside its MO ("/3", "/Run"). */
  path: string;
}

export function knownNodes(ixit: Ixit): KnownNode[] {
  const out: KnownNode[] = [];
  const add = (role: string, uri: string | undefined) => {
    if (!uri) return;
    const p = parseClientUri(uri);
    if (p.ok && p.moid) out.push({ role, moid: p.moid, path: p.path });
  };
  add("writable node", ixit.writableNode);
  add("executable node", ixit.exec?.node);
  return out;
}

/** Whether `instance` (a listed location) holds `path`: equal, or a whole-segment prefix of it ("/" holds all). */
export function holds(instance: string, path: string): boolean {
  const i = instance === "" ? "/" : instance;
  if (i === "/" || i === path) return true;
  return path.startsWith(i.endsWith("/") ? i : `${i}/`);
}

/**
 * The known nodes whose instance a listing lacks: neither a listed Path of its MO nor an object of
 * its MO (instances sent as TNDS20 objects) holds the node.
 */
export function unlistedKnownNodes(
  ixit: Ixit,
  list: MoEntry[] | null | undefined,
  objects: Tnds20Object[] = [],
): KnownNode[] {
  return knownNodes(ixit).filter((n) => {
    const paths = (list ?? [])
      .filter((e) => moidMatches(e.moid, n.moid) || moidMatches(n.moid, e.moid))
      .flatMap((e) => e.paths);
    const objectPaths = objects
      .filter((o) => moidMatches(o.MOID, n.moid) || moidMatches(n.moid, o.MOID))
      .map((o) => (typeof o.Path === "string" ? o.Path : "/"));
    return ![...paths, ...objectPaths].some((q) => holds(q, n.path));
  });
}

export function describeKnown(n: KnownNode): string {
  return `the instance of ${n.moid} holding the IXIT's ${n.role} ${n.path}`;
}
