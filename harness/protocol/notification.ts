/**
 * Pkg#0, the server-initiated notification (5.3). Bits MSB first:
 *   version 10 | ui-mode 2 | initiator 1 | send-devdetail 1 | send-supported-mo 1 |
 *   send-all-mo-instances 1 | reserved 16 | URL length 8 | URL (URL-length bytes)
 * i.e. a 4-byte header, 1 length byte, then the URL. Version 2.0 is 0000010100 (= 20, DM 1.2's
 * "version x 10" convention).
 *
 * The decoder never throws: structural faults are a typed error, oddities that still decode
 * (nonzero reserved bits, a non-https URL) are findings. The URL is decoded only when its bytes
 * are valid UTF-8 (no replacement characters are ever invented).
 */
import { isAbsoluteUrl, urlScheme } from "./absolute-url.ts";
import type { Finding, FindingCodeInfo } from "./finding.ts";
import { encodeUtf8, firstInvalidUtf8 } from "./utf8.ts";

/** Typed decode errors (NotificationDecode.error.code) and findings, each with its meaning. */
export const NOTIFICATION_ERRORS: readonly FindingCodeInfo[] = [
  { code: "too-short", about: "fewer than 5 bytes (header and URL length)" },
  { code: "wrong-version", about: "version bits other than 0000010100 (2.0)" },
  { code: "url-length-mismatch", about: "the URL length byte differs from the bytes that follow" },
  { code: "url-not-utf8", about: "the URL bytes are not UTF-8" },
  { code: "url-not-absolute", about: "the URL is not absolute (scheme://host...)" },
];
export const NOTIFICATION_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "reserved-bits-nonzero", about: "the 16 reserved bits are not all zero" },
  { code: "url-not-https", about: "the URL's scheme is not https" },
];

export const NOTIFICATION_VERSION_2_0 = 20;
/** Header (4 bytes) + URL length byte. */
export const NOTIFICATION_HEADER_BYTES = 5;

export interface Notification {
  version: number;
  uiMode: 0 | 1 | 2 | 3;
  initiator: 0 | 1;
  sendDevDetail: boolean;
  sendSupportedMOs: boolean;
  sendAllMOInstances: boolean;
  reserved: number;
  url: string;
}

export interface NotificationDecodeError {
  /** "too-short" | "wrong-version" | "url-length-mismatch" | "url-not-utf8" | "url-not-absolute" */
  code: string;
  /** The field at fault: "header", "version", "urlLength", "url". */
  field: string;
  /** Byte offset of the fault. */
  offset: number;
  message: string;
}

export type NotificationDecode =
  | { ok: true; notification: Notification; findings: Finding[] }
  | { ok: false; error: NotificationDecodeError; findings: Finding[] };

export interface EncodeNotificationOptions {
  /** Writes this value in the URL-length byte instead of the real length (fault injection). */
  urlLengthOverride?: number;
}

function checkRange(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new RangeError(`${name} must be an integer 0..${max}, got ${v}`);
}

export function encodeNotification(
  n: Partial<Notification> & { url: string },
  opts: EncodeNotificationOptions = {},
): Uint8Array {
  const version = n.version ?? NOTIFICATION_VERSION_2_0;
  const uiMode = n.uiMode ?? 0;
  const initiator = n.initiator ?? 1;
  const reserved = n.reserved ?? 0;
  checkRange("version", version, 0x3ff);
  checkRange("uiMode", uiMode, 3);
  checkRange("initiator", initiator, 1);
  checkRange("reserved", reserved, 0xffff);
  const url = encodeUtf8(n.url);
  if (url.length > 255)
    throw new RangeError(`the URL is ${url.length} bytes; the length field holds at most 255`);
  const lengthByte = opts.urlLengthOverride ?? url.length;
  checkRange("urlLengthOverride", lengthByte, 255);
  const out = new Uint8Array(NOTIFICATION_HEADER_BYTES + url.length);
  out[0] = version >> 2;
  out[1] =
    ((version & 0x3) << 6) |
    (uiMode << 4) |
    (initiator << 3) |
    ((n.sendDevDetail ? 1 : 0) << 2) |
    ((n.sendSupportedMOs ? 1 : 0) << 1) |
    (n.sendAllMOInstances ? 1 : 0);
  out[2] = reserved >> 8;
  out[3] = reserved & 0xff;
  out[4] = lengthByte;
  out.set(url, NOTIFICATION_HEADER_BYTES);
  return out;
}

export function decodeNotification(bytes: Uint8Array): NotificationDecode {
  const findings: Finding[] = [];
  const fail = (code: string, field: string, offset: number, message: string): NotificationDecode => ({
    ok: false,
    error: { code, field, offset, message },
    findings,
  });
  if (bytes.length < NOTIFICATION_HEADER_BYTES) {
    return fail(
      "too-short",
      "header",
      bytes.length,
      `the notification is ${bytes.length} bytes; the header and URL length alone take ${NOTIFICATION_HEADER_BYTES}`,
    );
  }
  const b0 = bytes[0]!;
  const b1 = bytes[1]!;
  const version = (b0 << 2) | (b1 >> 6);
  if (version !== NOTIFICATION_VERSION_2_0) {
    return fail(
      "wrong-version",
      "version",
      0,
      `version bits are ${version.toString(2).padStart(10, "0")} (${version}); 2.0 is 0000010100 (20)`,
    );
  }
  const reserved = (bytes[2]! << 8) | bytes[3]!;
  if (reserved !== 0) {
    findings.push({
      code: "reserved-bits-nonzero",
      message: `reserved bits are 0x${reserved.toString(16).padStart(4, "0")}, not zero`,
      offset: 2,
    });
  }
  const urlLength = bytes[4]!;
  const remaining = bytes.length - NOTIFICATION_HEADER_BYTES;
  if (urlLength !== remaining) {
    return fail(
      "url-length-mismatch",
      "urlLength",
      4,
      `URL length says ${urlLength} bytes but ${remaining} follow${remaining === 1 ? "s" : ""}`,
    );
  }
  const urlBytes = bytes.subarray(NOTIFICATION_HEADER_BYTES);
  const bad = firstInvalidUtf8(urlBytes);
  if (bad >= 0) {
    return fail(
      "url-not-utf8",
      "url",
      NOTIFICATION_HEADER_BYTES + bad,
      `the URL is not UTF-8 (byte ${bad} of the URL)`,
    );
  }
  const url = new TextDecoder("utf-8", { ignoreBOM: true }).decode(urlBytes);
  if (!isAbsoluteUrl(url)) {
    return fail("url-not-absolute", "url", NOTIFICATION_HEADER_BYTES, `"${url}" is not an absolute URL`);
  }
  const scheme = urlScheme(url);
  if (scheme !== "https") {
    findings.push({
      code: "url-not-https",
      message: `the URL's scheme is "${scheme}"; 5.3 requires the device to connect with HTTPS`,
      offset: NOTIFICATION_HEADER_BYTES,
    });
  }
  return {
    ok: true,
    notification: {
      version,
      uiMode: ((b1 >> 4) & 0x3) as 0 | 1 | 2 | 3,
      initiator: ((b1 >> 3) & 0x1) as 0 | 1,
      sendDevDetail: (b1 & 0x4) !== 0,
      sendSupportedMOs: (b1 & 0x2) !== 0,
      sendAllMOInstances: (b1 & 0x1) !== 0,
      reserved,
      url,
    },
    findings,
  };
}

/** Lowercase hex, the form of DM20_NOTIFICATION and of the .hex vectors. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export type HexDecode = { ok: true; bytes: Uint8Array } | { ok: false; offset: number; message: string };

const isHexDigit = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isHexSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * Reads hex, ignoring ASCII whitespace; never throws. Not ok at the first character that is neither
 * (its UTF-16 offset), or at the end when the digits are odd in number.
 */
export function decodeHex(hex: string): HexDecode {
  const out = new Uint8Array(hex.length >> 1);
  let n = 0;
  let high = -1;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (isHexSpace(c)) continue;
    if (!isHexDigit(c)) return { ok: false, offset: i, message: `character ${i} is not a hex digit` };
    const v = c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) return { ok: false, offset: hex.length, message: "an odd number of hex digits" };
  return { ok: true, bytes: out.slice(0, n) };
}

/** Reads hex, ignoring whitespace; throws RangeError on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  const r = decodeHex(hex);
  if (!r.ok) throw new RangeError(`not an even-length hex string: ${r.message}`);
  return r.bytes;
}
