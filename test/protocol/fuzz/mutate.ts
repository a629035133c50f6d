/**
 * Mutations of a seed input, over "units": bytes for byte decoders, UTF-16 code units for string
 * decoders (so a string can carry lone surrogates and Latin-1 characters, which V8 stores in a
 * one-byte string: the text that exposed URL.canParse's Node 20 fast-path fault). Each operator is
 * one of the fault classes a hostile IUT can send: bit flips, inserted/deleted/spliced runs,
 * truncation, a duplicated line or member, CR/LF swaps, invalid UTF-8, huge numbers, deep nesting,
 * long lines.
 */
import type { Rng } from "./rng.ts";

export type Alphabet = "byte" | "utf16";

const ASCII_SEPARATORS = [
  0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x23, 0x25, 0x26, 0x2c, 0x2f, 0x3a, 0x3b, 0x3d, 0x3f, 0x40, 0x5b, 0x5c,
  0x5d, 0x7b, 0x7d, 0x2a, 0x2b, 0x2d, 0x2e, 0x30, 0x39, 0x7f,
];
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));

/** Runs that mean something to one of the codecs: inserted whole. */
const TOKENS = [
  "MsgID",
  "MsgID 1\r\n",
  "GET",
  "PUT",
  "SHOW",
  "END",
  "DEFAULT",
  "https://",
  "http://a/",
  "?Levels=",
  "Levels=",
  "*",
  "oma:mo:x:1.0",
  "[MCC]",
  "[IMEI]",
  "[MAN]",
  "IMEI:",
  "MEID:",
  "application/dm20",
  "application/tnds20",
  ";q=0.5",
  ", ",
  "\r\n\r\n",
  "Content-Length: 5\r\n",
  "HTTP/1.1 200 OK\r\n",
  '"MO":',
  '"MOID":',
  '"Path":',
  '"TNDS20":[',
  '{"a":',
  "/*",
  "*/",
  "\\u00",
  "\\",
  "null",
  "true",
  "-0",
  "1e999",
  "9007199254740993",
  "99999999999999999999999999999999",
  "%",
  "%zz",
  "xn--",
  "\uFEFF",
];
/** Invalid UTF-8: a lone lead byte, 0xFF, a surrogate, an overlong '/', a truncated 4-byte sequence. */
const BAD_UTF8 = [[0xc3], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf0, 0x9f, 0x98], [0x80], [0xf4, 0x90]];
/** UTF-16 units worth trying: Latin-1 high, lone surrogates, BOM, NBSP, ideographic space, U+2028. */
const ODD_UNITS = [
  0x80, 0xa0, 0xad, 0xc3, 0xe9, 0xff, 0x100, 0x130, 0x2028, 0x3000, 0xd800, 0xdc00, 0xfeff, 0xfffd,
];

function randomUnit(rng: Rng, alphabet: Alphabet): number {
  const r = rng.int(10);
  if (r < 4) return rng.pick(ASCII_SEPARATORS);
  if (r < 7) return 0x20 + rng.int(0x5f);
  if (alphabet === "byte") return rng.int(256);
  if (r < 9) return rng.pick(ODD_UNITS);
  return rng.int(0x10000);
}

function tokenUnits(rng: Rng, alphabet: Alphabet): number[] {
  const t = rng.pick(TOKENS);
  return alphabet === "byte" ? utf8(t) : Array.from(t, (c) => c.charCodeAt(0));
}

function lineBounds(units: number[], at: number): [number, number] {
  let a = at;
  while (a > 0 && units[a - 1] !== 0x0a) a--;
  let b = at;
  while (b < units.length && units[b] !== 0x0a) b++;
  return [a, Math.min(units.length, b + 1)];
}

/** units with `piece` inserted at `at` (replacing `remove` units): no spread, pieces may be 100k long. */
function put(units: number[], at: number, piece: number[], remove = 0): number[] {
  return units.slice(0, at).concat(piece, units.slice(at + remove));
}

/** One mutation (in place or a new array). `other` is a second seed for splices. */
function mutateOnce(units: number[], other: number[], rng: Rng, alphabet: Alphabet): number[] {
  const n = units.length;
  const at = rng.int(n + 1);
  switch (rng.int(16)) {
    case 0: // bit flip
      if (n > 0) units[at % n] = units[at % n]! ^ (1 << rng.int(alphabet === "byte" ? 8 : 16));
      return units;
    case 1: // overwrite one unit
      if (n > 0) units[at % n] = randomUnit(rng, alphabet);
      return units;
    case 2: {
      // insert a few units
      const k = 1 + rng.int(4);
      const ins: number[] = [];
      for (let i = 0; i < k; i++) ins.push(randomUnit(rng, alphabet));
      return put(units, at, ins);
    }
    case 3: // delete a run
      units.splice(at, 1 + rng.int(8));
      return units;
    case 4: {
      // splice a piece of another seed in (replacing a run, or inserted)
      const from = rng.int(other.length + 1);
      const piece = other.slice(from, from + 1 + rng.int(64));
      return put(units, at, piece, rng.int(3) === 0 ? rng.int(16) : 0);
    }
    case 5: // truncate
      units.length = at;
      return units;
    case 6: {
      // duplicate a line
      const [a, b] = lineBounds(units, at);
      return put(units, b, units.slice(a, b));
    }
    case 7: {
      // duplicate a member / element: from a ',' or '{' or '&' or ';' to the next one
      let a = at;
      while (a > 0 && ![0x2c, 0x7b, 0x26, 0x3b, 0x5b].includes(units[a - 1]!)) a--;
      let b = at;
      while (b < n && ![0x2c, 0x7d, 0x26, 0x3b, 0x5d].includes(units[b]!)) b++;
      return put(units, b, [...units.slice(a, b), 0x2c]);
    }
    case 8: {
      // CR/LF swaps: one break, or every break
      if (rng.chance(0.5)) {
        for (let i = 0; i < units.length; i++)
          if (units[i] === 0x0a || units[i] === 0x0d) units[i] = units[i]! ^ 0x07;
        return units;
      }
      const i = units.indexOf(rng.chance(0.5) ? 0x0a : 0x0d, at);
      if (i < 0) return units;
      if (units[i] === 0x0d && units[i + 1] === 0x0a) units.splice(i, 1);
      else if (units[i] === 0x0a) units.splice(i, 0, 0x0d);
      else units[i] = 0x0a;
      return units;
    }
    case 9: // invalid UTF-8 / odd UTF-16
      return put(units, at, alphabet === "byte" ? rng.pick(BAD_UTF8) : [rng.pick(ODD_UNITS)]);
    case 10: // a token one of the codecs looks for
    case 11:
      return put(units, at, tokenUnits(rng, alphabet));
    case 12: {
      // deep nesting (rarely very deep)
      const depth = rng.chance(0.02) ? 5000 + rng.int(20_000) : 1 + rng.int(700);
      const open = rng.pick(["[", '{"a":', "[{}", "[},"]);
      return put(units, at, ascii(open.repeat(depth)));
    }
    case 13: {
      // a long line or token (rarely very long)
      const len = rng.chance(0.02) ? 20_000 + rng.int(100_000) : 100 + rng.int(2000);
      const unit = randomUnit(rng, alphabet);
      return put(units, at, new Array<number>(len).fill(unit));
    }
    case 14: {
      // a huge number where a number may be
      return put(units, at, ascii(rng.pick(["9".repeat(1 + rng.int(400)), "1e999", "-1", "0x10", "00"])));
    }
    default: {
      // duplicate a random run (repeated keys, repeated headers, repeated commands)
      const len = 1 + rng.int(Math.min(200, n + 1));
      const piece = units.slice(at, at + len);
      let out = units;
      for (let r = 1 + rng.int(4); r > 0; r--) out = put(out, at, piece);
      return out;
    }
  }
}

/** 1-4 stacked mutations of `seed` (not modified). */
export function mutate(seed: number[], other: number[], rng: Rng, alphabet: Alphabet): number[] {
  let units = seed.slice();
  for (let k = 1 + rng.int(4); k > 0; k--) units = mutateOnce(units, other, rng, alphabet);
  return units;
}
