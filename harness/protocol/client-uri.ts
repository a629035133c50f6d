/**
 * ClientURI (5.8): `MOID[/path][?Levels=n]`, or `*` / `*?Levels=n` for "all supported MOIDs".
 * The draft's MOIDs (`oma:mo:oma-mms:1.3`) hold no "/", so the first "/" starts the path.
 *
 * Levels (PUT/POST: "the client will only include n sublevels of childe nodes"), interpretation:
 * a TNDS20 node is a JSON object; its leaf values (strings, or any non-object JSON value) belong to
 * the node itself, its interior children (objects) are sublevel 1, their interior children
 * sublevel 2, and so on. So Levels=0 is the node with its own leaf values only; Levels=n keeps
 * interior nodes down to depth n. Interior nodes below the cut are omitted by default
 * (`cut: "omit"`); `cut: "empty"` keeps them as `{}` so that their existence is still shown.
 * `levelDepth()` measures a returned node so that checks can accept either reading.
 */
import type { Finding, FindingCodeInfo } from "./finding.ts";
import { isDecimalDigits } from "./line-file.ts";

/** Every code parseClientUri can emit; FATAL ones make ok false. */
export const CLIENT_URI_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "client-uri-empty", about: "an empty ClientURI (fatal)" },
  { code: "client-uri-whitespace", about: "whitespace or a control character (fatal)" },
  { code: "client-uri-is-url", about: "a URL (scheme://) where MOID[/path] belongs (fatal)" },
  { code: "client-uri-empty-moid", about: "a path with no MOID before it (fatal)" },
  { code: "client-uri-bad-levels", about: "Levels is not a non-negative decimal integer (fatal)" },
  { code: "client-uri-star-path", about: '"*" followed by a path' },
  { code: "client-uri-moid-form", about: "a MOID without ':' (not oma:mo:name:version)" },
  { code: "client-uri-empty-segment", about: 'an empty path segment ("//")' },
  { code: "client-uri-empty-query", about: '"?" followed by nothing' },
  { code: "client-uri-duplicate-query", about: "a query key given more than once (the last value counts)" },
  { code: "client-uri-query-case", about: '"Levels" written in another case (still read)' },
  { code: "client-uri-unknown-query", about: "a query key other than Levels" },
];

export interface ClientUri {
  raw: string;
  star: boolean;
  /** Null for `*`. */
  moid: string | null;
  /** As written after the MOID; "/" when none. */
  path: string;
  /** The Levels query parameter; null when absent or unreadable. */
  levels: number | null;
  /** Every query parameter as written (not percent-decoded), Levels included. */
  query: Record<string, string>;
}

export interface ClientUriParse extends ClientUri {
  /** False when the string cannot be read as a ClientURI at all (empty, a URL, bad Levels, ...). */
  ok: boolean;
  findings: Finding[];
}

/** Finding codes that make a ClientURI unusable (ok = false); the others are evidence. */
const FATAL = new Set([
  "client-uri-empty",
  "client-uri-whitespace",
  "client-uri-is-url",
  "client-uri-empty-moid",
  "client-uri-bad-levels",
]);

export function parseClientUri(s: string): ClientUriParse {
  const findings: Finding[] = [];
  const add = (code: string, message: string, column?: number) =>
    findings.push(column === undefined ? { code, message } : { code, message, column });
  const q = s.indexOf("?");
  const address = q < 0 ? s : s.slice(0, q);
  let star = false;
  let moid: string | null = null;
  let path = "/";
  if (s.length === 0) add("client-uri-empty", "the ClientURI is empty");
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c <= 0x20 || c === 0x7f) {
      add(
        "client-uri-whitespace",
        `the ClientURI holds whitespace or a control character at column ${k + 1}`,
        k + 1,
      );
      break;
    }
  }
  if (address.startsWith("*")) {
    star = true;
    if (address.length > 1) {
      add("client-uri-star-path", `"*" is followed by "${address.slice(1)}"`, 2);
      path = address.slice(1);
    }
  } else if (s.length > 0) {
    const scheme = address.indexOf("://");
    if (scheme >= 0) add("client-uri-is-url", `"${s}" is a URL, not MOID[/path]`, 1);
    const slash = address.indexOf("/");
    moid = slash < 0 ? address : address.slice(0, slash);
    if (slash >= 0 && slash < address.length) path = address.slice(slash);
    if (moid.length === 0) add("client-uri-empty-moid", "the ClientURI has no MOID before its path", 1);
    else if (!moid.includes(":"))
      add("client-uri-moid-form", `MOID "${moid}" is not of the form oma:mo:name:version`, 1);
    if (path.includes("//"))
      add("client-uri-empty-segment", `path "${path}" holds an empty segment`, moid.length + 1);
  }
  const query: Record<string, string> = {};
  let levels: number | null = null;
  if (q >= 0) {
    const qs = s.slice(q + 1);
    if (qs.length === 0) add("client-uri-empty-query", `"?" is followed by nothing`, q + 1);
    else {
      // Each key is judged once (its last value counts, as in the query object): a URI repeating
      // one key 100k times yields one finding, not 100k.
      const seen = new Set<string>();
      const repeated = new Set<string>();
      for (const pair of qs.split("&")) {
        const eq = pair.indexOf("=");
        const key = eq < 0 ? pair : pair.slice(0, eq);
        const value = eq < 0 ? "" : pair.slice(eq + 1);
        if (!seen.has(key)) seen.add(key);
        else if (!repeated.has(key)) {
          repeated.add(key);
          add("client-uri-duplicate-query", `query parameter "${key}" appears more than once`);
        }
        defineOwn(query, key, value);
      }
      for (const [key, value] of Object.entries(query)) {
        if (key.toLowerCase() === "levels") {
          if (key !== "Levels") add("client-uri-query-case", `"${key}" is written "Levels" in the draft`);
          if (isDecimalDigits(value) && Number.isSafeInteger(Number(value))) levels = Number(value);
          else add("client-uri-bad-levels", `Levels "${value}" is not a non-negative decimal integer`);
        } else {
          add("client-uri-unknown-query", `query parameter "${key}" is not defined for a ClientURI`);
        }
      }
    }
  }
  const ok = !findings.some((f) => FATAL.has(f.code));
  return { raw: s, star, moid, path, levels, query, ok, findings };
}

export interface ClientUriParts {
  star?: boolean;
  moid?: string | null;
  path?: string;
  levels?: number | null;
  query?: Record<string, string>;
}

/** Writes a ClientURI: MOID (or *), then the path unless "/", then Levels first, then other query keys. */
export function formatClientUri(u: ClientUriParts): string {
  let out = u.star ? "*" : (u.moid ?? "");
  if (u.path && u.path !== "/") out += u.path;
  const pairs: string[] = [];
  if (u.levels !== undefined && u.levels !== null) pairs.push(`Levels=${u.levels}`);
  for (const [k, v] of Object.entries(u.query ?? {})) {
    if (k.toLowerCase() === "levels" && u.levels !== undefined && u.levels !== null) continue;
    pairs.push(`${k}=${v}`);
  }
  if (pairs.length > 0) out += `?${pairs.join("&")}`;
  return out;
}

function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key "__proto__" must stay data, as JSON.parse keeps it.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isInteriorNode(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface LimitLevelsOptions {
  /** What becomes of an interior node below the cut: dropped (default) or kept as `{}`. */
  cut?: "omit" | "empty";
}

/**
 * Keeps `levels` sublevels of interior child nodes (null = everything). Leaf values of every kept
 * node are kept. Returns a new object; the input is not modified.
 */
export function limitLevels(
  node: Record<string, unknown>,
  levels: number | null,
  opts: LimitLevelsOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!isInteriorNode(v)) defineOwn(out, k, v);
    else if (levels === null) defineOwn(out, k, limitLevels(v, null, opts));
    else if (levels > 0) defineOwn(out, k, limitLevels(v, levels - 1, opts));
    else if (opts.cut === "empty") defineOwn(out, k, {});
  }
  return out;
}

/** Depth of the deepest interior node below `node` (0 when it holds only leaves). Iterative: no stack limit. */
export function levelDepth(node: Record<string, unknown>): number {
  let max = 0;
  const stack: Array<[Record<string, unknown>, number]> = [[node, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    for (const v of Object.values(n)) if (isInteriorNode(v)) stack.push([v, d + 1]);
  }
  return max;
}
