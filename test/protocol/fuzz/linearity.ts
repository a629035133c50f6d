/**
 * Linear time, measured: each decoder on inputs of 1 KiB, 64 KiB, 1 MiB and 8 MiB, of valid shape
 * and of pathological shapes. The time per byte at 8 MiB against 64 KiB (medians of a few runs)
 * beyond TOLERANCE flags the decoder/shape as superlinear. A measuring script, not a test: the
 * numbers depend on the machine's load (no wall-clock assertion belongs in npm test).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DECODERS, type FuzzInput } from "./decoders.ts";

/**
 * A full collection before each sample: otherwise an 8 MiB call pays for collecting the hundreds
 * of MiB the previous call left behind (its result), which a 64 KiB call, whose garbage dies
 * young, does not: that is the measurement's cost, not the decoder's growth.
 */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export const SIZES = [1 << 10, 1 << 16, 1 << 20, 1 << 23] as const;
/** Allowed growth of the per-byte time from 64 KiB to 8 MiB (GC and caches make it above 1). */
export const TOLERANCE = 3;

type Make = (size: number) => FuzzInput;
const enc = (s: string) => new TextEncoder().encode(s);
/** `unit` repeated to about `size` units, between `head` and `tail`. */
const fill = (size: number, unit: string, head = "", tail = "") =>
  head + unit.repeat(Math.max(1, Math.floor((size - head.length - tail.length) / unit.length))) + tail;

/** Shapes per decoder: a valid one and the pathological ones that stress its loops. */
export const SHAPES: Record<string, Record<string, Make>> = {
  // a valid notification is at most 260 bytes (the length byte caps the URL): only the long tail
  notification: { "long tail": (n) => new Uint8Array(n).fill(0x61) },
  hex: { valid: (n) => fill(n, "0a"), whitespace: (n) => fill(n, " \n", "", "0") },
  "command-file": {
    valid: (n) => enc(fill(n, "\r\nGET https://a.example/x oma:mo:a:1.0/b", "MsgID 1")),
    "many lines": (n) => enc(fill(n, "\n")),
    "many findings": (n) => enc(fill(n, "\nput  a\t b ", "msgid x")),
    "long line": (n) => enc(fill(n, "x", "MsgID 1\r\nPUT https://a/ ")),
    "latin-1 URLs": (n) => enc(fill(n, " https://dm.example.com/\u00e9", "MsgID 1\r\nPUT")),
  },
  "command-syntax": {
    valid: (n) => fill(n, " oma:mo:a:1.0/b", "PUT https://a.example/x"),
    "many bad params": (n) => fill(n, " ://x", "PUT"),
  },
  "status-file": {
    valid: (n) => enc(fill(n, "\r\n200 ok", "MsgID 1")),
    "many findings": (n) => enc(fill(n, "\r 0x1  ", "MsgID")),
  },
  "line-file": {
    valid: (n) => enc(fill(n, "\r\nA b c", "MsgID 1")),
    "blank lines": (n) => enc(fill(n, "\r\n \t")),
  },
  tnds20: {
    valid: (n) => enc(fill(n, '{"MOID":"oma:mo:a:1.0","Path":"/a"},', '{"TNDS20":[', '{"MOID":"x:1"}]}')),
    "deep nesting": (n) => enc(fill(n, "[")),
    "hidden nesting": (n) => enc(fill(n, "[},", "[")),
    "duplicate keys": (n) => enc(fill(n, '"MOID":"a",', '{"MO":{', '"x":1}}')),
    "many findings": (n) => enc(fill(n, "1,", '{"MO":[', "1]}")),
    "invalid utf-8": (n) => enc(fill(n, "\u00ff,", "{")).map((b) => (b === 0xc3 ? 0xff : b)),
  },
  "client-uri": {
    valid: (n) => fill(n, "/x", "oma:mo:a:1.0"),
    "many query keys": (n) => fill(n, "&a=1", "oma:mo:a:1.0?Levels=1"),
    "repeated key": (n) => fill(n, "&Levels=1", "*?"),
  },
  accept: {
    valid: (n) => fill(n, ", application/dm20", "application/tnds20"),
    "many parameters": (n) => fill(n, ";q=1"),
  },
  "device-id": { valid: (n) => fill(n, "1", "IMEI:"), whitespace: (n) => fill(n, " ", "x", "x") },
  "media-type": {
    valid: (n) => fill(n, " ", "application/dm20"),
    "long parameter": (n) => fill(n, ";a=b", "a/b"),
  },
  "http-message": {
    valid: (n) => enc(fill(n, "x", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n")),
    "many headers": (n) => enc(fill(n, "\r\nA: b", "POST / HTTP/1.1", "\r\n\r\n")),
    "bad lines": (n) => enc(fill(n, "\nbad line")),
  },
  "substituted-url": {
    valid: (n) => `https://a.example/[MAN]\n${fill(n, "2", "https://a.example/")}`,
    "many placeholders": (n) => `${fill(n / 2, "[MCC]/")}\n${fill(n / 2, "310/")}`,
    "no separator": (n) => `[MCC]/[MNC]\n${fill(n, "3")}`,
  },
  "url-template": { valid: (n) => fill(n, "[MCC]/", "https://a.example/"), brackets: (n) => fill(n, "[[M") },
  "absolute-url": {
    valid: (n) => fill(n, "a", "https://a.example/"),
    "latin-1": (n) => fill(n, "\u00e9", "https://a.example/"),
    "long host": (n) => fill(n, "a", "https://"),
  },
  utf8: { valid: (n) => enc(fill(n, "é")), invalid: (n) => new Uint8Array(n).fill(0xc3) },
};

export interface LinearityRow {
  decoder: string;
  shape: string;
  /** Median ms per call, one per SIZES entry. */
  ms: number[];
  /** Per-byte time at 8 MiB over per-byte time at 64 KiB. */
  ratio: number;
  /** The first ratio was over TOLERANCE, so 64 KiB and 8 MiB were measured again (the lower median kept). */
  remeasured: boolean;
  superlinear: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median time of one call, each sample repeating the call until it has taken at least 20 ms. */
function time(run: () => unknown, samples: number): number {
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    collect();
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      run();
      calls++;
      t = performance.now();
    } while (t - t0 < 20);
    out.push((t - t0) / calls);
  }
  return median(out);
}

export function measure(only: string | undefined, onRow?: (r: LinearityRow) => void): LinearityRow[] {
  const rows: LinearityRow[] = [];
  for (const d of DECODERS) {
    if (only && d.name !== only) continue;
    for (const [shape, make] of Object.entries(SHAPES[d.name] ?? {})) {
      const decode = d.decode as (i: FuzzInput) => unknown;
      const ms = SIZES.map((size) => {
        const input = make(size);
        decode(input); // warm up
        return time(() => decode(input), size >= 1 << 23 ? 3 : 5);
      });
      const perByte = (i: number) => ms[i]! / SIZES[i]!;
      let ratio = perByte(3) / perByte(1);
      let remeasured = false;
      if (ratio > TOLERANCE) {
        // on a loaded machine one descheduled 8 MiB sample is not growth: measure both ends again,
        // more samples, and flag only what holds
        remeasured = true;
        for (const i of [1, 3]) {
          const input = make(SIZES[i]!);
          ms[i] = Math.min(
            ms[i]!,
            time(() => decode(input), 7),
          );
        }
        ratio = perByte(3) / perByte(1);
      }
      const row = { decoder: d.name, shape, ms, ratio, remeasured, superlinear: ratio > TOLERANCE };
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}
