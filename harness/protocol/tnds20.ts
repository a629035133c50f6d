/**
 * TNDS20 documents (application/tnds20, Appendix C.1): `{"MO": [...], "TNDS20": [...]}`.
 *
 * Read with jsonc-parser in strict JSON mode (comments and trailing commas are findings and make
 * `ok` false) because its syntax tree keeps every property, so that a repeated key is seen:
 * JSON.parse keeps the last one silently, and C.1's MO object repeats MOID/DDF/Path.
 *
 * Interpretations:
 * - Duplicate keys are findings ("duplicate-key"), not syntax errors: RFC 8259 says names SHOULD
 *   be unique. `value` keeps the last occurrence, as JSON.parse does.
 * - The MO list is read in BOTH shapes: an array of objects `{"MOID","DDF","Path"}` (Path a string
 *   or an array of strings) and C.1's single object repeating MOID/DDF/Path keys, where each MOID
 *   starts a new entry and the DDF/Path keys after it belong to it. `moListStyle` says which.
 * - serializeTnds20 writes the well-formed shape (one object per MO, "Path" always an array), never
 *   repeated keys, compact (no whitespace) so more of it fits in a report excerpt.
 * - Positions (line, column, offset) count bytes; after an invalid UTF-8 sequence they may drift
 *   (the sequence is read as U+FFFD), which the "invalid-utf8" finding says.
 */
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { type Finding, FindingSink, positionOf } from "./finding.ts";
import { decodeLenient, encodeUtf8, firstInvalidUtf8 } from "./utf8.ts";

export interface MoEntry {
  moid: string;
  ddf?: string;
  paths: string[];
}

export interface Tnds20Object {
  MOID: string;
  Path?: string;
  [node: string]: unknown;
}

export type MoListStyle = "objects" | "repeated-keys" | "mixed";

export interface Tnds20Parse {
  /** True when the body is strict JSON (UTF-8, no comments, no trailing commas) with an object at the top. */
  ok: boolean;
  /** The document, last occurrence winning for repeated keys; best effort when !ok. */
  value: unknown;
  findings: Finding[];
  /** Null when the document has no "MO" key. */
  moList: MoEntry[] | null;
  moListStyle: MoListStyle | null;
  /** The objects of the "TNDS20" array that carry a string MOID. */
  objects: Tnds20Object[];
}

/** Deeper nesting than this is refused before parsing: the parser is recursive. */
export const MAX_JSON_DEPTH = 512;

interface PendingFinding {
  code: string;
  message: string;
  /** UTF-16 offset in the decoded text. */
  at: number;
}

export function parseTnds20(bytes: Uint8Array): Tnds20Parse {
  const pending: PendingFinding[] = [];
  const byteFindings: Finding[] = [];
  let skip = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    byteFindings.push({
      code: "utf8-bom",
      message: "the document starts with a UTF-8 byte order mark",
      line: 1,
      column: 1,
      offset: 0,
    });
    skip = 3;
  }
  const bad = firstInvalidUtf8(bytes, skip);
  let ok = bad < 0;
  if (bad >= 0) {
    byteFindings.push({
      code: "invalid-utf8",
      message: `byte ${bad} starts a sequence that is not UTF-8 (read as U+FFFD; later positions may drift)`,
      ...positionOf(bytes, bad),
      offset: bad,
    });
  }
  const text = decodeLenient(bytes.subarray(skip));
  const result: Tnds20Parse = {
    ok: false,
    value: undefined,
    findings: [],
    moList: null,
    moListStyle: null,
    objects: [],
  };

  const depth = maxNesting(text);
  if (text.trim().length === 0) {
    pending.push({ code: "json-empty", message: "the body is empty", at: 0 });
    ok = false;
  } else if (depth.depth > MAX_JSON_DEPTH) {
    pending.push({
      code: "json-too-deep",
      message: `nesting deeper than ${MAX_JSON_DEPTH} levels: not parsed`,
      at: depth.offset,
    });
    ok = false;
  } else {
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    for (const e of errors) {
      pending.push(syntaxFinding(text, e));
      ok = false;
    }
    if (root) {
      result.value = buildValue(root, pending);
      if (root.type !== "object") {
        pending.push({
          code: "tnds20-not-object",
          message: `the document is a JSON ${root.type}, not an object`,
          at: root.offset,
        });
        ok = false;
      } else {
        readDocument(root, result, pending);
      }
    }
  }
  result.ok = ok;
  result.findings = placeFindings(bytes, skip, text, pending, byteFindings);
  return result;
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

function syntaxFinding(text: string, e: ParseError): PendingFinding {
  const name = printParseErrorCode(e.error);
  const ch = text[e.offset];
  if (name === "InvalidCommentToken") {
    return { code: "json-comment", message: "a comment: strict JSON has none", at: e.offset };
  }
  if ((name === "ValueExpected" || name === "PropertyNameExpected") && (ch === "}" || ch === "]")) {
    let k = e.offset - 1;
    while (k >= 0 && /\s/.test(text[k]!)) k--;
    if (text[k] === ",")
      return { code: "json-trailing-comma", message: "a trailing comma before a closing bracket", at: k };
  }
  return { code: `json-${kebab(name)}`, message: `JSON syntax error: ${name}`, at: e.offset };
}

/** Deepest bracket nesting outside strings, and where it is first reached. Linear. */
function maxNesting(text: string): { depth: number; offset: number } {
  let d = 0;
  let max = 0;
  let at = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      d++;
      if (d > max) {
        max = d;
        at = i;
      }
    } else if (c === 0x7d || c === 0x5d) d--;
  }
  return { depth: max, offset: at };
}

function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Value of a tree node, last occurrence winning; reports repeated keys. */
function buildValue(node: JsonNode, pending: PendingFinding[]): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const first = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        if (!keyNode || typeof keyNode.value !== "string") continue;
        const key = keyNode.value;
        if (first.has(key)) {
          pending.push({
            code: "duplicate-key",
            message: `key "${key}" repeats in the same object (first at character ${first.get(key)}); JSON.parse keeps the last`,
            at: keyNode.offset,
          });
        } else first.set(key, keyNode.offset);
        const valueNode = prop.children?.[1];
        defineOwn(out, key, valueNode ? buildValue(valueNode, pending) : undefined);
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map((c) => buildValue(c, pending));
    default:
      return node.value;
  }
}

function properties(obj: JsonNode): Array<{ key: string; keyNode: JsonNode; value: JsonNode | undefined }> {
  const out: Array<{ key: string; keyNode: JsonNode; value: JsonNode | undefined }> = [];
  for (const prop of obj.children ?? []) {
    const keyNode = prop.children?.[0];
    if (keyNode && typeof keyNode.value === "string")
      out.push({ key: keyNode.value, keyNode, value: prop.children?.[1] });
  }
  return out;
}

const TOP_LEVEL_KEYS = new Set(["MO", "TNDS20"]);

function readDocument(root: JsonNode, result: Tnds20Parse, pending: PendingFinding[]): void {
  let mo: JsonNode | undefined;
  let tnds: JsonNode | undefined;
  let hasMo = false;
  let hasTnds = false;
  for (const p of properties(root)) {
    if (p.key === "MO") {
      hasMo = true;
      mo = p.value;
    } else if (p.key === "TNDS20") {
      hasTnds = true;
      tnds = p.value;
    } else if (!TOP_LEVEL_KEYS.has(p.key)) {
      pending.push({
        code: "unknown-top-level-key",
        message: `top-level key "${p.key}" is neither "MO" nor "TNDS20"`,
        at: p.keyNode.offset,
      });
    }
  }
  if (hasMo) readMoList(mo, result, pending);
  if (hasTnds) {
    if (tnds?.type !== "array") {
      pending.push({
        code: "tnds20-not-array",
        message: `"TNDS20" is not an array`,
        at: tnds?.offset ?? root.offset,
      });
      return;
    }
    for (const el of tnds.children ?? []) {
      const v = buildValue(el, []);
      if (el.type === "object" && typeof (v as Record<string, unknown>).MOID === "string") {
        result.objects.push(v as Tnds20Object);
      } else {
        pending.push({
          code: "tnds20-object-without-moid",
          message: `a "TNDS20" element has no string "MOID"`,
          at: el.offset,
        });
      }
    }
  }
}

function readMoList(mo: JsonNode | undefined, result: Tnds20Parse, pending: PendingFinding[]): void {
  const list: MoEntry[] = [];
  result.moList = list;
  if (!mo || (mo.type !== "array" && mo.type !== "object")) {
    pending.push({
      code: "mo-not-array",
      message: `"MO" is neither an array nor an object`,
      at: mo?.offset ?? 0,
    });
    return;
  }
  const elements = mo.type === "array" ? (mo.children ?? []) : [mo];
  let objectsStyle = false;
  let repeatedStyle = false;
  for (const el of elements) {
    if (el.type !== "object") {
      pending.push({
        code: "mo-entry-not-object",
        message: `an "MO" element is a ${el.type}, not an object`,
        at: el.offset,
      });
      continue;
    }
    let current: MoEntry | null = null;
    let moids = 0;
    for (const p of properties(el)) {
      const v = p.value;
      if (p.key === "MOID") {
        if (v?.type !== "string") {
          pending.push({ code: "mo-bad-value", message: `"MOID" is not a string`, at: p.keyNode.offset });
          current = null;
          continue;
        }
        moids++;
        current = { moid: v.value as string, paths: [] };
        list.push(current);
      } else if (p.key === "DDF" || p.key === "Path") {
        if (!current) {
          pending.push({
            code: "mo-key-before-moid",
            message: `"${p.key}" comes before any "MOID"`,
            at: p.keyNode.offset,
          });
          continue;
        }
        if (p.key === "DDF") {
          if (v?.type !== "string")
            pending.push({ code: "mo-bad-value", message: `"DDF" is not a string`, at: p.keyNode.offset });
          else {
            if (current.ddf !== undefined) {
              pending.push({
                code: "mo-repeated-ddf",
                message: `MOID "${current.moid}" has a second "DDF"`,
                at: p.keyNode.offset,
              });
            }
            current.ddf = v.value as string;
          }
        } else if (v?.type === "string") current.paths.push(v.value as string);
        else if (v?.type === "array" && (v.children ?? []).every((c) => c.type === "string")) {
          for (const c of v.children ?? []) current.paths.push(c.value as string);
        } else
          pending.push({
            code: "mo-bad-value",
            message: `"Path" is not a string or an array of strings`,
            at: p.keyNode.offset,
          });
      } else {
        pending.push({
          code: "mo-unknown-key",
          message: `"MO" entry key "${p.key}" is not MOID, DDF or Path`,
          at: p.keyNode.offset,
        });
      }
    }
    if (moids > 1) repeatedStyle = true;
    else if (moids === 1) objectsStyle = true;
  }
  if (repeatedStyle && objectsStyle) result.moListStyle = "mixed";
  else if (repeatedStyle) result.moListStyle = "repeated-keys";
  else result.moListStyle = "objects";
}

/** Turns UTF-16 positions into byte offset/line/column in one pass over the text. */
function placeFindings(
  bytes: Uint8Array,
  skip: number,
  text: string,
  pending: PendingFinding[],
  byteFindings: Finding[],
): Finding[] {
  const sink = new FindingSink();
  const order = pending.map((p, i) => ({ p, i })).sort((a, b) => a.p.at - b.p.at || a.i - b.i);
  let ci = 0;
  let byte = skip;
  let line = 1;
  let lineStartByte = 0;
  const placed: Finding[] = [];
  for (const { p } of order) {
    while (ci < p.at && ci < text.length) {
      const c = text.charCodeAt(ci);
      let width: number;
      if (c < 0x80) width = 1;
      else if (c < 0x800) width = 2;
      else if (c >= 0xd800 && c <= 0xdbff && ci + 1 < text.length) {
        width = 4;
        ci++;
      } else width = 3;
      ci++;
      byte += width;
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(ci) !== 0x0a)) {
        line++;
        lineStartByte = byte;
      }
    }
    placed.push({ code: p.code, message: p.message, line, column: byte - lineStartByte + 1, offset: byte });
  }
  void bytes;
  const seen = new Set<string>();
  for (const f of [...byteFindings, ...placed]) {
    // jsonc-parser may report one fault twice (e.g. a trailing comma): keep one per code and place
    const key = `${f.code}@${f.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sink.add(f);
  }
  return sink.finish();
}

function normalizeMoid(s: string): string {
  return s.toLowerCase().startsWith("urn:") ? s.slice(4) : s;
}

/**
 * True when `moid` names the MO `query`: equal once a leading "urn:" is dropped from both
 * (`oma:mo:oma-dm-devinfo:1.0` == `urn:oma:mo:oma-dm-devinfo:1.0`), or `query` is the MOID without
 * its version (`oma:mo:oma-dm-devinfo`), or a ":"-bounded suffix of it (`oma-dm-devinfo:1.0`).
 */
export function moidMatches(moid: string, query: string): boolean {
  const m = normalizeMoid(moid);
  const q = normalizeMoid(query);
  return m === q || m.startsWith(`${q}:`) || m.endsWith(`:${q}`);
}

/** The first TNDS20 object of that MO (and Path, when given). */
export function findObject(parse: Tnds20Parse, moidSuffix: string, path?: string): Tnds20Object | undefined {
  return parse.objects.find(
    (o) => moidMatches(o.MOID, moidSuffix) && (path === undefined || o.Path === path),
  );
}

export function findObjects(parse: Tnds20Parse, moidSuffix: string): Tnds20Object[] {
  return parse.objects.filter((o) => moidMatches(o.MOID, moidSuffix));
}

export const DEVINFO_MOID = "oma:mo:oma-dm-devinfo:1.0";
export const DEVDETAIL_MOID = "oma:mo:oma-dm-devdetail:1.0";

export function hasDevInfo(parse: Tnds20Parse): boolean {
  return findObject(parse, "oma:mo:oma-dm-devinfo") !== undefined;
}

export function hasDevDetail(parse: Tnds20Parse): boolean {
  return findObject(parse, "oma:mo:oma-dm-devdetail") !== undefined;
}

/** Well-formed TNDS20: `{"MO":[{"MOID","DDF"?,"Path":[...]}...],"TNDS20":[...]}`, keys present only when given. */
export function serializeTnds20(doc: { MO?: MoEntry[]; TNDS20?: Tnds20Object[] }): Uint8Array {
  const out: Record<string, unknown> = {};
  if (doc.MO) {
    out.MO = doc.MO.map((e) =>
      e.ddf === undefined ? { MOID: e.moid, Path: e.paths } : { MOID: e.moid, DDF: e.ddf, Path: e.paths },
    );
  }
  if (doc.TNDS20) out.TNDS20 = doc.TNDS20;
  return encodeUtf8(JSON.stringify(out));
}
