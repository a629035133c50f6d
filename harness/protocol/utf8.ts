/**
 * UTF-8 validation that says WHERE the first bad byte is (TextDecoder's fatal mode only says that
 * there is one). Linear, no allocation. Follows RFC 3629: no overlongs, no surrogates, max U+10FFFF.
 */

/** Offset of the first byte that starts an invalid sequence in bytes[start, end), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceAt(bytes, i, end);
    if (n < 0) return i;
    i += n;
  }
  return -1;
}

/**
 * The UTF-8 sequence that starts at bytes[i] (i < end), as the WHATWG decoder (TextDecoder) reads
 * it: its length when it is valid; when it is not, minus the number of bytes the decoder replaces
 * with one U+FFFD (a bad lead byte alone; a sequence cut short, the bytes read before it broke).
 * A number rather than an object: this runs once per non-ASCII character, allocation-free.
 */
export function utf8SequenceAt(bytes: Uint8Array, i: number, end = bytes.length): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return -1;
  const second = i + 1 < end ? bytes[i + 1]! : -1;
  if (second < lo || second > hi) return -1;
  for (let k = 2; k <= need; k++) {
    const c = i + k < end ? bytes[i + k]! : -1;
    if (c < 0x80 || c > 0xbf) return -k;
  }
  return need + 1;
}

const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Decodes for a human reading: invalid sequences become U+FFFD (findings say where they were). */
export function decodeLenient(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

const encoder = new TextEncoder();

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
