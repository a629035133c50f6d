/**
 * "ServerURI an absolute URL" (5.8, DMS-5.5-04). Read as: a WHATWG-parsable URL with a scheme, an
 * authority ("//host") and a non-empty host. `oma:mo:x:1.0/3` parses as a URL with scheme "oma"
 * but has no host, so it is not taken for a ServerURI. The 5.8.1 placeholders ([MCC] ...) are
 * replaced by a dummy value first: a template is absolute when its substituted form is.
 */
const PLACEHOLDER = /\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g;

export function isAbsoluteUrl(s: string): boolean {
  const url = parseUrl(s);
  if (url === null) return false;
  const filled = s.includes("[") ? s.replace(PLACEHOLDER, "x") : s;
  return filled.slice(url.protocol.length).startsWith("//") && url.host.length > 0;
}

/** The URL's scheme in lower case without ":", or null when it does not parse. */
export function urlScheme(s: string): string | null {
  return parseUrl(s)?.protocol.slice(0, -1) ?? null;
}

/** WHATWG parse with placeholders filled; null instead of an exception (they cost ~10 us each). */
function parseUrl(s: string): URL | null {
  const filled = s.includes("[") ? s.replace(PLACEHOLDER, "x") : s;
  return URL.canParse(filled) ? new URL(filled) : null;
}
