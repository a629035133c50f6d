/**
 * What the monitor changes between the two legs, and nothing else: the server's origin becomes
 * the monitor's wherever the device would otherwise go around the monitor — the URL in Pkg#0, the
 * ServerURIs of command files (and the Close/Continue URLs inside them), the links of HTML pages
 * (SHOW's redirect to the Close URL), a Location header. Path and query are never touched, so the
 * checks, which match requests to commands by path and query (session-view.ts), see the same
 * resources on both legs. The device is judged on the bytes it received (rewritten), the server on
 * the bytes it sent (as sent).
 */
import { decodeNotification, encodeNotification, type Notification } from "../protocol/notification.ts";

/** Two origins, as `new URL(x).origin` spells them ("https://127.0.0.1:8443"). */
export interface OriginSwap {
  from: string;
  to: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The origin followed by something that ends an authority (path, query, fragment, a space, a quote,
 * the end): "https://h:84" must not match inside "https://h:8443".
 */
function originPattern(origin: string): RegExp {
  return new RegExp(`${escapeRegExp(origin)}(?=[/?#\\s"'<>]|$)`, "gi");
}

/**
 * Every occurrence of `swap.from` replaced by `swap.to` in a body. Latin-1 keeps every byte as it
 * was (origins are ASCII), so a body that is not UTF-8 comes out byte for byte the same elsewhere.
 */
export function rewriteBody(body: Uint8Array, swap: OriginSwap): { body: Uint8Array; replaced: number } {
  const text = Buffer.from(body).toString("latin1");
  let replaced = 0;
  const out = text.replace(originPattern(swap.from), () => {
    replaced++;
    return swap.to;
  });
  return replaced === 0 ? { body, replaced } : { body: Buffer.from(out, "latin1"), replaced };
}

export function rewriteUrl(url: string, swap: OriginSwap): string {
  return url.replace(originPattern(swap.from), swap.to);
}

/** The same Pkg#0 with its URL's origin swapped; undefined when it cannot be decoded (nothing to act on). */
export function rewriteNotification(
  bytes: Uint8Array,
  swapFor: (url: string) => OriginSwap | undefined,
): { bytes: Uint8Array; original: Notification; rewritten: Notification } | undefined {
  const decoded = decodeNotification(bytes);
  if (!decoded.ok) return undefined;
  const original = decoded.notification;
  const swap = swapFor(original.url);
  const rewritten = { ...original, url: swap ? rewriteUrl(original.url, swap) : original.url };
  return { bytes: encodeNotification(rewritten), original, rewritten };
}

/** The origin of an absolute URL, or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return o === "null" ? undefined : o;
  } catch {
    return undefined;
  }
}
