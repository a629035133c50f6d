/**
 * "ServerURI an absolute URL" (5.8, DMS-5.5-04). Read as: a WHATWG-parsable URL with a scheme, an
 * authority ("//host") and a non-empty host. `oma:mo:x:1.0/3` parses as a URL with scheme "oma"
 * but has no host, so it is not taken for a ServerURI. The 5.8.1 placeholders ([MCC] ...) are
 * replaced by a dummy value first: a template is absolute when its substituted form is.
 */
const PLACEHOLDER = /\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g;

export function isAbsoluteUrl(s: string): boolean {
  const filled = s.replace(PLACEHOLDER, "x");
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return false;
  }
  const afterScheme = filled.slice(url.protocol.length);
  return afterScheme.startsWith("//") && url.host.length > 0;
}

/** The URL's scheme in lower case without ":", or null when it does not parse. */
export function urlScheme(s: string): string | null {
  try {
    return new URL(s.replace(PLACEHOLDER, "x")).protocol.slice(0, -1);
  } catch {
    return null;
  }
}
