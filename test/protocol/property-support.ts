/** Shared arbitraries and budgets for the codec property tests. */
import { expect } from "chai";
import fc from "fast-check";

/** Runs per property: the brief asks for at least 1,000 on each round trip. */
export const RUNS = 1000;
export const MIB = 1024 * 1024;
/** One edit of a byte string: overwrite, insert or delete at a position (taken modulo the length). */
const edit = fc.record({
  op: fc.constantFrom("set", "insert", "delete"),
  at: fc.nat(),
  byte: fc.constantFrom(0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x3a, 0x5b, 0x7b, 0x7d, 0x80, 0xc3, 0xff),
});

/** Valid encodings with 1-8 random edits: near-miss inputs that exercise the error paths. */
export function mutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 8 })).map(([bytes, edits]) => {
    const out = [...bytes];
    for (const e of edits) {
      const at = out.length === 0 ? 0 : e.at % (out.length + (e.op === "insert" ? 1 : 0));
      if (e.op === "set" && out.length > 0) out[at] = e.byte;
      else if (e.op === "insert") out.splice(at, 0, e.byte);
      else if (e.op === "delete" && out.length > 0) out.splice(at, 1);
    }
    return new Uint8Array(out);
  });
}

/** Arbitrary bytes biased towards the separators the codecs look at. */
export const noisyBytes: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x0a, 0x0d, 0x20, 0x09, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x5c),
    ),
    { maxLength: 300 },
  )
  .map((a) => new Uint8Array(a));

/**
 * Decodes one huge input: it must return, not throw (a stack overflow, a RangeError from an
 * oversized spread). No wall-clock budget: timings are flaky on a loaded machine, and linear
 * time is measured by `npm run fuzz -- --linearity`, which prints medians and flags growth.
 */
export function decodesHuge(label: string, run: () => unknown): void {
  expect(run, label).to.not.throw();
}

/** A token as the line codecs read it: no space, tab, CR or LF, not empty. */
export const token: fc.Arbitrary<string> = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .filter((s) => !/[ \t\r\n]/.test(s) && !s.startsWith("\uFEFF"));

/** A ServerURI: an absolute https/http URL without whitespace. */
export const serverUri: fc.Arbitrary<string> = fc
  .webUrl({ validSchemes: ["https", "http"], withQueryParameters: true })
  .filter((u) => !/\s/.test(u));

/** A draft-style MOID: oma:mo:<name>:<version>, optionally with urn:. */
export const moid: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([urn, name, major, minor]) => `${urn ? "urn:" : ""}oma:mo:${name}:${major}.${minor}`);

/** A ClientURI path segment: no "/", "?", "&", "#", whitespace. */
export const segment: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/);
