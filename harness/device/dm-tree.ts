/**
 * The device's management tree. Every MO the device supports has a MOID, a DDF URL and zero or
 * more instances, each at an instance path ("/" for singletons such as DevInfo, "/1", "/3",
 * "/Internet" for multi-instance MOs). An instance is a DmNode: a JSON object whose properties are
 * leaves (strings) or interior nodes (objects) — the shape of the TNDS20 objects in Appendix C.1,
 * so export and import are a matter of adding or removing the "MOID" and "Path" keys.
 *
 * Addresses are ClientURIs: `MOID` + optional `/instance/sub/node`, e.g. `oma:mo:oma-mms:1.3/3/Conn`;
 * `oma:mo:oma-dm-devinfo:1.0` is the singleton at "/".
 */
import { limitLevels } from "./levels.ts";
import type { DeviceReadings } from "./readings.ts";

/** How Levels counts and cuts (readings.ts); the default reading when not given. */
type LevelsReading = DeviceReadings["levels"];

export type DmValue = string | DmNode;
export interface DmNode {
  [name: string]: DmValue;
}

/** One TNDS20 object: the node's content plus the MOID and Path keys that say where it lives. */
export interface Tnds20Object {
  MOID: string;
  Path: string;
  [name: string]: DmValue;
}

export interface SupportedMo {
  moid: string;
  ddf: string;
}

export interface MoInstances extends SupportedMo {
  /** Instance paths, in insertion order. */
  paths: string[];
}

/** JSON form of the whole tree, kept between sessions of one run. */
export interface DmTreeSnapshot {
  mos: Array<{ moid: string; ddf: string; instances: Record<string, DmNode> }>;
}

/** Where a ClientURI points once resolved against the tree. */
export type Resolved =
  /** The MOID is not supported. */
  | { kind: "unknown-mo"; moid: string }
  /** A bare MOID of an MO without a singleton instance: the MO as a whole (all its instances). */
  | { kind: "mo"; moid: string }
  /** A node inside an instance. `segments` is empty for the instance root. */
  | { kind: "node"; moid: string; instancePath: string; segments: string[]; exists: boolean };

/** Keys a TNDS20 object uses for addressing, never stored as node content. */
const ADDRESS_KEYS = new Set(["MOID", "Path"]);

class MoEntry {
  readonly instances = new Map<string, DmNode>();
  constructor(
    readonly moid: string,
    readonly ddf: string,
  ) {}
}

function splitSegments(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function joinPath(segments: string[]): string {
  return `/${segments.join("/")}`;
}

function isNode(v: DmValue | undefined): v is DmNode {
  return typeof v === "object" && v !== null;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * Turns parsed JSON into a DmNode: objects stay nodes, strings stay leaves, numbers and booleans
 * become their string form (a leaf's value is text); anything else (arrays, null) is refused,
 * because a TNDS20 node has no such shape.
 */
export function toDmNode(value: unknown, where = "node"): DmNode {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} is not a JSON object`);
  }
  const out: DmNode = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else out[k] = toDmNode(v, `${where}/${k}`);
  }
  return out;
}

/** Node content of a TNDS20 object: everything except its MOID and Path. */
export function contentOf(obj: Record<string, unknown>): DmNode {
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!ADDRESS_KEYS.has(k)) content[k] = v;
  return toDmNode(content);
}

export class DmTree {
  private readonly mos = new Map<string, MoEntry>();

  static fromSnapshot(snapshot: DmTreeSnapshot): DmTree {
    const tree = new DmTree();
    tree.restore(snapshot);
    return tree;
  }

  /** Declares a supported MO (idempotent: an existing MO keeps its instances). */
  addMo(moid: string, ddf: string): void {
    if (!this.mos.has(moid)) this.mos.set(moid, new MoEntry(moid, ddf));
  }

  /** Sets (creating or replacing) an instance. The MO is declared if needed, with an empty DDF URL. */
  setInstance(moid: string, instancePath: string, node: DmNode): void {
    this.addMo(moid, "");
    this.mos.get(moid)!.instances.set(normaliseInstancePath(instancePath), clone(node));
  }

  supportedMos(): SupportedMo[] {
    return [...this.mos.values()].map((m) => ({ moid: m.moid, ddf: m.ddf }));
  }

  /** Every supported MO with the paths of all its instances (an MO may have none). */
  instances(): MoInstances[] {
    return [...this.mos.values()].map((m) => ({ moid: m.moid, ddf: m.ddf, paths: [...m.instances.keys()] }));
  }

  isSupported(moid: string): boolean {
    return this.mos.has(moid);
  }

  /**
   * Resolves a MOID and a path (both from a parsed ClientURI). The instance is the longest
   * instance path that prefixes the path on segment boundaries; "/" prefixes everything, so a
   * singleton MO such as DevInfo answers `MOID/Man` with instance "/" and segment "Man".
   * A path naming no existing instance resolves to a new instance at its first segment.
   */
  resolve(moid: string, path: string): Resolved {
    const mo = this.mos.get(moid);
    if (!mo) return { kind: "unknown-mo", moid };
    const segments = splitSegments(path);
    if (segments.length === 0) {
      if (mo.instances.has("/")) return { kind: "node", moid, instancePath: "/", segments: [], exists: true };
      return { kind: "mo", moid };
    }
    let best: { instancePath: string; depth: number } | undefined;
    for (const instancePath of mo.instances.keys()) {
      const own = splitSegments(instancePath);
      const matches = own.every((s, i) => segments[i] === s);
      if (matches && (!best || own.length > best.depth)) best = { instancePath, depth: own.length };
    }
    if (!best) {
      // No instance there yet: the first segment names a new instance (GET with ClientURI creates it).
      return {
        kind: "node",
        moid,
        instancePath: joinPath(segments.slice(0, 1)),
        segments: segments.slice(1),
        exists: false,
      };
    }
    const rest = segments.slice(best.depth);
    const exists = this.lookup(mo.instances.get(best.instancePath)!, rest) !== undefined;
    return { kind: "node", moid, instancePath: best.instancePath, segments: rest, exists };
  }

  /** The value at a resolved node (leaf string or node), or undefined when absent. */
  valueAt(moid: string, path: string): DmValue | undefined {
    const r = this.resolve(moid, path);
    if (r.kind !== "node" || !r.exists) return undefined;
    return clone(this.lookup(this.mos.get(moid)!.instances.get(r.instancePath)!, r.segments));
  }

  /**
   * Exports what a ClientURI names as TNDS20 objects, cut to `levels` sublevels (under `reading`) when given.
   * A bare MOID of a multi-instance MO gives one object per instance; a leaf is exported as its
   * parent's Path carrying just that leaf (a TNDS20 object's Path always names an interior node).
   * Returns undefined when nothing is there.
   */
  export(moid: string, path: string, levels?: number, reading?: LevelsReading): Tnds20Object[] | undefined {
    const r = this.resolve(moid, path);
    if (r.kind === "unknown-mo") return undefined;
    const mo = this.mos.get(moid)!;
    if (r.kind === "mo") {
      return [...mo.instances.entries()].map(([p, node]) => this.object(moid, p, node, levels, reading));
    }
    if (!r.exists) return undefined;
    const instance = mo.instances.get(r.instancePath)!;
    const value = this.lookup(instance, r.segments)!;
    const nodePath = joinPath([...splitSegments(r.instancePath), ...r.segments]);
    if (isNode(value)) return [this.object(moid, nodePath, value, levels, reading)];
    const leafName = r.segments[r.segments.length - 1]!;
    const parentPath = joinPath(splitSegments(nodePath).slice(0, -1));
    return [{ MOID: moid, Path: parentPath, [leafName]: value }];
  }

  /** Every instance of every MO, as TNDS20 objects. */
  exportAll(levels?: number, reading?: LevelsReading): Tnds20Object[] {
    const out: Tnds20Object[] = [];
    for (const mo of this.mos.values()) {
      for (const [p, node] of mo.instances) out.push(this.object(mo.moid, p, node, levels, reading));
    }
    return out;
  }

  /**
   * Stores `content` at a node, replacing everything that was there (GET with ClientURI).
   * The node's parent must exist, except for an instance root, which is created. Returns false
   * when the location cannot hold it (unknown MO, bare MOID of a multi-instance MO, missing
   * parent, or a leaf in the way).
   */
  replaceAt(moid: string, path: string, content: DmNode): boolean {
    const r = this.resolve(moid, path);
    if (r.kind !== "node") return false;
    const mo = this.mos.get(moid)!;
    if (r.segments.length === 0) {
      mo.instances.set(r.instancePath, clone(content));
      return true;
    }
    const instance = mo.instances.get(r.instancePath);
    if (!instance) return false;
    const parent = this.lookup(instance, r.segments.slice(0, -1));
    if (!isNode(parent)) return false;
    parent[r.segments[r.segments.length - 1]!] = clone(content);
    return true;
  }

  /** Sets one leaf inside an existing node (what an EXEC handler records). False when the parent is missing. */
  setLeaf(moid: string, path: string, value: string): boolean {
    const segments = splitSegments(path);
    const name = segments.pop();
    if (name === undefined) return false;
    const parent = this.valueAt(moid, joinPath(segments));
    if (!isNode(parent)) return false;
    return this.replaceAt(moid, joinPath(segments), { ...parent, [name]: value });
  }

  /**
   * Merges `content` into a node instead of replacing it: leaves and nodes the content names
   * are overwritten, everything else stays. Not what the draft asks of GET with ClientURI; kept
   * for the reference device's fault that does exactly this.
   */
  mergeAt(moid: string, path: string, content: DmNode): boolean {
    const existing = this.valueAt(moid, path);
    if (!isNode(existing)) return this.replaceAt(moid, path, content);
    return this.replaceAt(moid, path, deepMerge(existing, content));
  }

  /**
   * Stores `content` as a new instance of `moid` (GET without ClientURI) and returns its
   * instance path: the preferred path when given and free, else the lowest free "/n".
   */
  addInstance(moid: string, content: DmNode, preferredPath?: string): string | undefined {
    const mo = this.mos.get(moid);
    if (!mo) return undefined;
    let path = preferredPath ? normaliseInstancePath(preferredPath) : undefined;
    if (path === "/" || (path && mo.instances.has(path))) path = undefined;
    if (!path) {
      let n = 1;
      while (mo.instances.has(`/${n}`)) n++;
      path = `/${n}`;
    }
    mo.instances.set(path, clone(content));
    return path;
  }

  /**
   * Deletes a node and all its children. A bare MOID deletes every instance of that MO (the MO
   * stays supported). Returns false when there was nothing there.
   */
  delete(moid: string, path: string): boolean {
    const r = this.resolve(moid, path);
    if (r.kind === "unknown-mo") return false;
    const mo = this.mos.get(moid)!;
    if (r.kind === "mo") {
      const had = mo.instances.size > 0;
      mo.instances.clear();
      return had;
    }
    if (!r.exists) return false;
    if (r.segments.length === 0) return mo.instances.delete(r.instancePath);
    const parent = this.lookup(mo.instances.get(r.instancePath)!, r.segments.slice(0, -1)) as DmNode;
    delete parent[r.segments[r.segments.length - 1]!];
    return true;
  }

  snapshot(): DmTreeSnapshot {
    return {
      mos: [...this.mos.values()].map((m) => ({
        moid: m.moid,
        ddf: m.ddf,
        instances: Object.fromEntries([...m.instances.entries()].map(([p, n]) => [p, clone(n)])),
      })),
    };
  }

  restore(snapshot: DmTreeSnapshot): void {
    this.mos.clear();
    for (const mo of snapshot.mos) {
      const entry = new MoEntry(mo.moid, mo.ddf);
      for (const [p, n] of Object.entries(mo.instances))
        entry.instances.set(p, toDmNode(n, `${mo.moid}${p}`));
      this.mos.set(mo.moid, entry);
    }
  }

  private lookup(node: DmNode, segments: string[]): DmValue | undefined {
    let current: DmValue | undefined = node;
    for (const s of segments) {
      if (!isNode(current) || !Object.hasOwn(current, s)) return undefined;
      current = current[s];
    }
    return current;
  }

  private object(
    moid: string,
    path: string,
    node: DmNode,
    levels?: number,
    reading?: LevelsReading,
  ): Tnds20Object {
    const content = levels === undefined ? clone(node) : limitLevels(node, levels, reading);
    return { MOID: moid, Path: path, ...content };
  }
}

function normaliseInstancePath(path: string): string {
  return joinPath(splitSegments(path));
}

function deepMerge(base: DmNode, over: DmNode): DmNode {
  const out: DmNode = clone(base);
  for (const [k, v] of Object.entries(over)) {
    const current = out[k];
    out[k] = isNode(current) && isNode(v) ? deepMerge(current, v) : clone(v);
  }
  return out;
}
