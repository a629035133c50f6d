/**
 * Reading DM tree content out of what a device uploaded (PUT/POST bodies), and comparing it with
 * what the harness stored or expects. A node is a JSON object: string (or other scalar) leaves and
 * interior child objects, as TNDS20 objects carry them once "MOID" and "Path" are set aside.
 */
import { isInteriorNode, parseClientUri } from "../../protocol/client-uri.ts";
import { moidMatches, type Tnds20Object, type Tnds20Parse } from "../../protocol/tnds20.ts";

export type Node = Record<string, unknown>;

const ADDRESS_KEYS = new Set(["MOID", "Path"]);

export function contentOf(obj: Tnds20Object): Node {
  const out: Node = {};
  for (const [k, v] of Object.entries(obj))
    if (!ADDRESS_KEYS.has(k))
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function normPath(p: string | undefined): string {
  if (p === undefined || p === "") return "/";
  const segs = p.split("/").filter((s) => s.length > 0);
  return `/${segs.join("/")}`;
}

export interface FoundObject {
  object: Tnds20Object;
  content: Node;
  /** How the object was matched to the ClientURI. */
  match: "path" | "only-object-of-mo";
}

/** The TNDS20 object an upload carries for a ClientURI (MOID and Path), or the only object of that MO. */
export function objectFor(doc: Tnds20Parse, clientUri: string): FoundObject | undefined {
  const uri = parseClientUri(clientUri);
  if (!uri.ok || uri.star || uri.moid === null) return undefined;
  const ofMo = doc.objects.filter((o) => moidMatches(o.MOID, uri.moid!) || moidMatches(uri.moid!, o.MOID));
  const want = normPath(uri.path);
  const exact = ofMo.find((o) => normPath(typeof o.Path === "string" ? o.Path : undefined) === want);
  if (exact) return { object: exact, content: contentOf(exact), match: "path" };
  if (ofMo.length === 1)
    return { object: ofMo[0]!, content: contentOf(ofMo[0]!), match: "only-object-of-mo" };
  return undefined;
}

/**
 * Where `actual` lacks or differs from `expected`: "/Conn/Proxy/Addr missing", "/Name is "x", expected "y"".
 * Scalars compare as strings (a device may turn "8080" into 8080 on the way).
 */
export function missingFrom(expected: Node, actual: Node, at = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    const here = `${at}/${k}`;
    if (!Object.hasOwn(actual, k)) {
      out.push(`${here} missing`);
      continue;
    }
    const a = actual[k];
    if (isInteriorNode(v)) {
      if (!isInteriorNode(a)) out.push(`${here} is a leaf, expected an interior node`);
      else out.push(...missingFrom(v, a, here));
    } else if (isInteriorNode(a)) out.push(`${here} is an interior node, expected a leaf`);
    else if (String(a) !== String(v))
      out.push(`${here} is ${JSON.stringify(a)}, expected ${JSON.stringify(v)}`);
  }
  return out;
}

/** Paths present in `actual` but not in `reference` (the first level at which they diverge). */
export function extraIn(actual: Node, reference: Node, at = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(actual)) {
    const here = `${at}/${k}`;
    if (!Object.hasOwn(reference, k)) out.push(here);
    else if (isInteriorNode(v) && isInteriorNode(reference[k]))
      out.push(...extraIn(v, reference[k] as Node, here));
  }
  return out;
}

export function sameContent(a: Node, b: Node): boolean {
  return missingFrom(a, b).length === 0 && missingFrom(b, a).length === 0;
}

/** The value at a path such as "/Conn/Proxy" inside a node, or undefined. */
export function valueAt(node: Node, path: string): unknown {
  let cur: unknown = node;
  for (const seg of path.split("/").filter((s) => s.length > 0)) {
    if (!isInteriorNode(cur) || !Object.hasOwn(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}
