/**
 * "ServerURI an absolute URL" (5.8, DMS-5.5-04). Read as: a WHATWG-parsable URL with a scheme, an
 * authority ("//host") and a non-empty host. `oma:mo:x:1.0/3` parses as a URL with scheme "oma"
 * but has no host, so it is not taken for a ServerURI. The 5.8.1 placeholders ([MCC] ...) are
 * replaced by a dummy value first: a template is absolute when its substituted form is.
 */
const PLACEHOLDER = /\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g;
const ASCII = /^[\x00-\x7f]*$/;
const SCHEME = /^[\x00-\x20]*[A-Za-z][A-Za-z0-9+.-]*:/;
const TAB_OR_NEWLINE = /[\t\n\r]/g;

export function isAbsoluteUrl(s: string): boolean {
  const filled = fillPlaceholders(s);
  const url = parseUrlSafely(filled);
  if (url === null) return false;
  return filled.slice(url.protocol.length).startsWith("//") && url.host.length > 0;
}

/** The URL's scheme in lower case without ":", or null when it does not parse. */
export function urlScheme(s: string): string | null {
  return parseUrlSafely(fillPlaceholders(s))?.protocol.slice(0, -1) ?? null;
}

function fillPlaceholders(s: string): string {
  return s.includes("[") ? s.replace(PLACEHOLDER, "x") : s;
}

/**
 * `new URL(s, base)` or null; never throws. Use it instead of `URL.canParse(s) ? new URL(s) : …`:
 * on Node 20 canParse's V8 fast path, taken once its caller is optimised (after some thousand
 * calls), reads a one-byte string as UTF-8 bytes although V8 stores it as Latin-1, so it judges
 * other text than it was given: hot, `URL.canParse("https://a.com\u00c3\u00a0x")` is true (the
 * bytes C3 A0 read as UTF-8 are "à") while `new URL` of the same string throws (U+00A0 is no host
 * code point), and a Latin-1 URL that does parse may be refused. canParse is kept for pure ASCII,
 * where both readings agree and it saves the cost of an exception; other text goes to new URL.
 */
export function parseUrlSafely(s: string, base?: string): URL | null {
  if (ASCII.test(s) && (base === undefined || ASCII.test(base))) {
    return URL.canParse(s, base) ? new URL(s, base) : null;
  }
  // Without a base, no scheme means no URL: say so without the cost of an exception (~10 us each,
  // and a command line of 100k junk parameters asks 100k times). The WHATWG parser drops leading
  // C0 controls and spaces, and tabs and line breaks anywhere, before it reads the scheme.
  if (base === undefined && !SCHEME.test(s.replace(TAB_OR_NEWLINE, ""))) return null;
  try {
    return new URL(s, base);
  } catch {
    return null;
  }
}

/** URL.canParse without its Node 20 fast-path fault (see parseUrlSafely). */
export function canParseUrl(s: string, base?: string): boolean {
  return parseUrlSafely(s, base) !== null;
}
