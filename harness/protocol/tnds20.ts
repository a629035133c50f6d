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
 * - Positions (line, column, offset) count bytes, also after invalid UTF-8 (read as U+FFFD, as
 *   TextDecoder does: placeFindings walks the bytes the way the decoder read them).
 */
import { type ParseErrorCode, printParseErrorCode, visit } from "jsonc-parser";
import { type Finding, type FindingCodeInfo, FindingSink, positionOf } from "./finding.ts";
import { decodeLenient, encodeUtf8, firstInvalidUtf8, utf8SequenceAt } from "./utf8.ts";

/** Every code parseTnds20 can emit. JSON syntax errors are "json-" + jsonc-parser's error name in kebab case. */
export const TNDS20_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "utf8-bom", about: "the document starts with a UTF-8 byte order mark" },
  { code: "invalid-utf8", about: "bytes that are not UTF-8 (ok is false)" },
  { code: "json-empty", about: "an empty body" },
  {
    code: "json-too-deep",
    about: "nesting deeper than MAX_JSON_DEPTH levels (offset: the first bracket too deep): not read",
  },
  { code: "json-comment", about: "a comment (strict JSON has none)" },
  { code: "json-trailing-comma", about: "a comma before a closing bracket or brace" },
  ...[
    "invalid-symbol",
    "invalid-number-format",
    "property-name-expected",
    "value-expected",
    "colon-expected",
    "comma-expected",
    "close-brace-expected",
    "close-bracket-expected",
    "end-of-file-expected",
    "unexpected-end-of-comment",
    "unexpected-end-of-string",
    "unexpected-end-of-number",
    "invalid-unicode",
    "invalid-escape-character",
    "invalid-character",
  ].map((e) => ({ code: `json-${e}`, about: `JSON syntax error (${e.replace(/-/g, " ")})` })),
  { code: "tnds20-not-object", about: "the document is not a JSON object" },
  {
    code: "duplicate-key",
    about: "a key repeated in one object (C.1's MO object); the value keeps the last",
  },
  { code: "unknown-top-level-key", about: 'a top-level key other than "MO" and "TNDS20"' },
  { code: "mo-not-array", about: '"MO" is neither an array nor an object' },
  { code: "mo-entry-not-object", about: 'an element of "MO" is not an object' },
  { code: "mo-bad-value", about: "MOID/DDF not a string, Path not a string or array of strings" },
  { code: "mo-key-before-moid", about: "DDF or Path before any MOID in an MO object" },
  { code: "mo-repeated-ddf", about: "a second DDF for one MOID" },
  { code: "mo-unknown-key", about: "an MO entry key other than MOID, DDF, Path" },
  { code: "tnds20-not-array", about: '"TNDS20" is not an array' },
  {
    code: "tnds20-object-without-moid",
    about: 'a "TNDS20" element that is not an object with a string MOID',
  },
  {
    code: "findings-truncated",
    about: "more findings of one code than the per-code cap; the count is given",
  },
];

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

/**
 * Deeper nesting than this is not read: jsonc-parser descends recursively, and some 4,400 levels
 * exhaust the stack (RangeError, which would turn a verdict into an error). The depth is counted
 * in the parser's own begin/end callbacks, not by a pre-scan: a pre-scan cannot know which
 * brackets the parser's error recovery skips and which it descends into (`[` then `[},` repeated
 * descends once per repetition while the brackets balance), nor how it ends a string or comment.
 */
export const MAX_JSON_DEPTH = 512;

/** Thrown from a visitor callback to stop jsonc-parser at MAX_JSON_DEPTH; caught in readJson. */
class TooDeep extends Error {}

interface PendingFinding {
  code: string;
  /** Empty for "duplicate-key": its text is built from `key`, and only for the findings kept. */
  message: string;
  key?: string;
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
      message: `byte ${bad} starts a sequence that is not UTF-8 (read as U+FFFD)`,
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

  if (text.trim().length === 0) {
    pending.push({ code: "json-empty", message: "the body is empty", at: 0 });
    ok = false;
  } else {
    const read = readJson(text, pending, result);
    if (read.syntaxErrors > 0 || read.tooDeep) ok = false;
    result.value = read.value;
    if (read.rootType !== "object") {
      if (read.rootType !== null) {
        pending.push({
          code: "tnds20-not-object",
          message: `the document is a JSON ${read.rootType}, not an object`,
          at: read.rootAt,
        });
      }
      ok = false;
    }
  }
  result.ok = ok;
  result.findings = placeFindings(bytes, skip, pending, byteFindings);
  return result;
}

const kebabCache = new Map<string, string>();
/** "CommaExpected" -> "comma-expected"; cached: a hostile body holds one syntax error per byte. */
function kebab(name: string): string {
  let k = kebabCache.get(name);
  if (k === undefined) {
    k = name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    kebabCache.set(name, k);
  }
  return k;
}

function syntaxFinding(text: string, e: { error: ParseErrorCode; offset: number }): PendingFinding {
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

function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const TOP_LEVEL_KEYS = new Set(["MO", "TNDS20"]);

type Role = "mo-array" | "mo-entry" | "tnds-array" | null;

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** Keys seen so far (objects only): a repeat is a "duplicate-key". */
  keys: Set<string> | null;
  /** The property whose value comes next (objects only). */
  key: string | null;
  keyAt: number;
  role: Role;
  /** mo-entry only: the properties in order, repeats included (C.1's shape). */
  props: Array<{ key: string; value: unknown; at: number }> | null;
  /** tnds-array only: where each element starts. */
  elementAt: number[] | null;
}

interface JsonRead {
  value: unknown;
  rootType: string | null;
  rootAt: number;
  syntaxErrors: number;
  /** Reading stopped at a bracket nested deeper than MAX_JSON_DEPTH: value, MO list, objects unset. */
  tooDeep: boolean;
}

/**
 * One streaming pass (jsonc-parser's visitor, strict options) that builds the value (last
 * occurrence of a key wins, as in JSON.parse), reports repeated keys, and reads the MO list and the
 * TNDS20 objects on the way, keeping the order of repeated MOID/DDF/Path keys that a value loses.
 * No syntax tree is built: a 1 MiB body of repeated keys stays fast.
 */
function readJson(text: string, pending: PendingFinding[], result: Tnds20Parse): JsonRead {
  const read: JsonRead = { value: undefined, rootType: null, rootAt: 0, syntaxErrors: 0, tooDeep: false };
  const stack: Frame[] = [];
  let mo = { objects: false, repeated: false };
  let tndsElements: number[] | null = null;

  const roleFor = (isArray: boolean): Role => {
    const parent = stack[stack.length - 1];
    if (!parent) return null;
    if (stack.length === 1 && !Array.isArray(parent.container)) {
      if (parent.key === "MO") return isArray ? "mo-array" : "mo-entry";
      if (parent.key === "TNDS20" && isArray) return "tnds-array";
      return null;
    }
    if (parent.role === "mo-array" && !isArray) return "mo-entry";
    return null;
  };

  /** Where a value lands: in its parent (or as the root), with the reading's side effects. */
  const attach = (v: unknown, type: string, at: number) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      read.value = v;
      read.rootType = type;
      read.rootAt = at;
      return;
    }
    if (Array.isArray(parent.container)) {
      parent.container.push(v);
      if (parent.role === "mo-array" && type !== "object") {
        pending.push({
          code: "mo-entry-not-object",
          message: `an "MO" element is a ${type}, not an object`,
          at,
        });
      }
      parent.elementAt?.push(at);
      return;
    }
    if (parent.key === null) return; // a value without a property name: a syntax error already says so
    defineOwn(parent.container, parent.key, v);
    parent.props?.push({ key: parent.key, value: v, at: parent.keyAt });
    if (stack.length === 1) {
      if (parent.key === "MO") {
        result.moList = [];
        mo = { objects: false, repeated: false };
        if (type !== "array" && type !== "object") {
          pending.push({ code: "mo-not-array", message: `"MO" is neither an array nor an object`, at });
        }
      } else if (parent.key === "TNDS20") {
        tndsElements = null;
        if (type !== "array")
          pending.push({ code: "tnds20-not-array", message: `"TNDS20" is not an array`, at });
      }
    }
    parent.key = null;
  };

  const open = (isArray: boolean, at: number) => {
    if (stack.length >= MAX_JSON_DEPTH) {
      pending.push({
        code: "json-too-deep",
        message: `a ${isArray ? "[" : "{"} nested ${stack.length + 1} levels deep; the limit is ${MAX_JSON_DEPTH}: not read`,
        at,
      });
      throw new TooDeep();
    }
    const role = roleFor(isArray);
    const container: Record<string, unknown> | unknown[] = isArray ? [] : {};
    attach(container, isArray ? "array" : "object", at);
    const frame: Frame = {
      container,
      keys: isArray ? null : new Set(),
      key: null,
      keyAt: 0,
      role,
      props: role === "mo-entry" ? [] : null,
      elementAt: role === "tnds-array" ? [] : null,
    };
    if (role === "tnds-array") tndsElements = frame.elementAt;
    stack.push(frame);
  };

  const close = () => {
    const frame = stack.pop();
    if (frame?.role === "mo-entry" && result.moList) {
      const moids = readMoEntry(frame.props ?? [], result.moList, pending);
      if (moids > 1) mo.repeated = true;
      else if (moids === 1) mo.objects = true;
      result.moListStyle = mo.repeated && mo.objects ? "mixed" : mo.repeated ? "repeated-keys" : "objects";
    }
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => open(false, offset),
        onObjectEnd: close,
        onArrayBegin: (offset) => open(true, offset),
        onArrayEnd: close,
        onObjectProperty: (property, offset) => {
          const frame = stack[stack.length - 1];
          if (!frame?.keys) return;
          if (frame.keys.has(property))
            pending.push({ code: "duplicate-key", message: "", key: property, at: offset });
          else frame.keys.add(property);
          frame.key = property;
          frame.keyAt = offset;
          if (stack.length === 1 && !TOP_LEVEL_KEYS.has(property)) {
            pending.push({
              code: "unknown-top-level-key",
              message: `top-level key "${property}" is neither "MO" nor "TNDS20"`,
              at: offset,
            });
          }
        },
        onLiteralValue: (value, offset) => attach(value, value === null ? "null" : typeof value, offset),
        onError: (error, offset) => {
          read.syntaxErrors++;
          pending.push(syntaxFinding(text, { error, offset }));
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    // Too deep to be a document the checks can read: nothing of it is taken, only the findings so far.
    read.tooDeep = true;
    read.value = undefined;
    read.rootType = null;
    result.moList = null;
    result.moListStyle = null;
    return read;
  }
  while (stack.length > 0) close(); // unterminated containers still count

  // The TNDS20 objects come from the value (its last "TNDS20" wins, as JSON.parse would have it).
  const doc = read.value as Record<string, unknown> | undefined;
  const tnds = read.rootType === "object" ? doc?.TNDS20 : undefined;
  if (Array.isArray(tnds)) {
    const at = tndsElements ?? [];
    tnds.forEach((el, i) => {
      if (isObject(el) && typeof el.MOID === "string") result.objects.push(el as Tnds20Object);
      else {
        pending.push({
          code: "tnds20-object-without-moid",
          message: `a "TNDS20" element has no string "MOID"`,
          at: at[i] ?? read.rootAt,
        });
      }
    });
  }
  return read;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * One object of the MO list, read in property order: each MOID starts an entry, DDF and Path keys
 * belong to the entry before them (C.1's repeated keys and the one-MO-per-object shape alike).
 * Returns the number of MOIDs the object held.
 */
function readMoEntry(
  props: Array<{ key: string; value: unknown; at: number }>,
  list: MoEntry[],
  pending: PendingFinding[],
): number {
  let current: MoEntry | null = null;
  let moids = 0;
  for (const p of props) {
    const v = p.value;
    if (p.key === "MOID") {
      if (typeof v !== "string") {
        pending.push({ code: "mo-bad-value", message: `"MOID" is not a string`, at: p.at });
        current = null;
        continue;
      }
      moids++;
      current = { moid: v, paths: [] };
      list.push(current);
    } else if (p.key === "DDF" || p.key === "Path") {
      if (!current) {
        pending.push({ code: "mo-key-before-moid", message: `"${p.key}" comes before any "MOID"`, at: p.at });
        continue;
      }
      if (p.key === "DDF") {
        if (typeof v !== "string")
          pending.push({ code: "mo-bad-value", message: `"DDF" is not a string`, at: p.at });
        else {
          if (current.ddf !== undefined) {
            pending.push({
              code: "mo-repeated-ddf",
              message: `MOID "${current.moid}" has a second "DDF"`,
              at: p.at,
            });
          }
          current.ddf = v;
        }
      } else if (typeof v === "string") current.paths.push(v);
      else if (Array.isArray(v) && v.every((x) => typeof x === "string"))
        for (const x of v as string[]) current.paths.push(x);
      else
        pending.push({
          code: "mo-bad-value",
          message: `"Path" is not a string or an array of strings`,
          at: p.at,
        });
    } else {
      pending.push({
        code: "mo-unknown-key",
        message: `"MO" entry key "${p.key}" is not MOID, DDF or Path`,
        at: p.at,
      });
    }
  }
  return moids;
}

/**
 * How the lenient decoder read the bytes at `i`: [bytes, UTF-16 units] of one character. Follows
 * the WHATWG UTF-8 decoder, which TextDecoder implements: a bad lead byte is one U+FFFD; a
 * sequence cut short is one U+FFFD for the bytes read so far. Walking the bytes with it keeps
 * positions exact after invalid UTF-8.
 */
function charAt(bytes: Uint8Array, i: number): [number, number] {
  const n = utf8SequenceAt(bytes, i);
  // A four-byte sequence is a surrogate pair in UTF-16; anything invalid is one U+FFFD.
  return n < 0 ? [-n, 1] : [n, n === 4 ? 2 : 1];
}

/** Turns UTF-16 positions into byte offset/line/column in one pass over the bytes. */
function placeFindings(
  bytes: Uint8Array,
  skip: number,
  pending: PendingFinding[],
  byteFindings: Finding[],
): Finding[] {
  const sink = new FindingSink();
  for (const f of byteFindings) sink.add(f);
  pending.sort((a, b) => a.at - b.at); // stable: equal positions keep their order
  let ci = 0;
  let byte = skip;
  let line = 1;
  let lineStartByte = 0;
  const sameAt: PendingFinding[] = [];
  for (const p of pending) {
    // jsonc-parser may report one fault twice (e.g. a trailing comma): one per code and position
    if (sameAt.length > 0 && sameAt[0]!.at === p.at) {
      if (sameAt.some((q) => q.code === p.code)) continue;
    } else sameAt.length = 0;
    sameAt.push(p);
    while (ci < p.at && byte < bytes.length) {
      const c = bytes[byte]!;
      const [width, units] = charAt(bytes, byte);
      ci += units;
      byte += width;
      if (c === 0x0a || (c === 0x0d && bytes[byte] !== 0x0a)) {
        line++;
        lineStartByte = byte;
      }
    }
    if (!sink.wants(p.code)) continue;
    const message =
      p.code === "duplicate-key"
        ? `key "${p.key}" repeats in the same object; JSON.parse keeps the last occurrence`
        : p.message;
    sink.push({ code: p.code, message, line, column: byte - lineStartByte + 1, offset: byte });
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
