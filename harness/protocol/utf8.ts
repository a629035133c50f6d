/**
 * UTF-8 validation that says WHERE the first bad byte is (TextDecoder's fatal mode only says that
 * there is one). Linear, no allocation. Follows RFC 3629: no overlongs, no surrogates, max U+10FFFF.
 */

/** Offset of the first byte that starts an invalid sequence in bytes[start, end), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
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
    } else return i;
    if (i + need >= end) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
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
