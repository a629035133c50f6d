/**
 * The SHOW command's web browser, simulated: no rendering and no user, it loads the ServerURI and
 * follows what a page can do by itself — HTTP redirects and `<meta http-equiv="refresh">` — up to
 * a bound. It watches for the URL named by `?Close=URL` or `?Continue=URL` in the ServerURI: once
 * that URL has loaded, the window closes (Close) or stays open (Continue) and the DM session goes
 * on. The browser is isolated from the DM tree: it sends no device identifier and reads nothing
 * from the tree (5.8, DMC-5.8-13).
 */
import { type DeviceHttp, isHttpError, rawHeader, utf8 } from "./http-io.ts";

export type BrowserOutcome =
  /** The Close URL loaded: the window closed. */
  | { kind: "closed"; loads: string[] }
  /** The Continue URL loaded: the window stays open. */
  | { kind: "continued"; loads: string[] }
  /** The pages stopped navigating, or the bound was hit, before either URL loaded. */
  | { kind: "stuck"; loads: string[]; reason: string };

export interface ShowTarget {
  /** The URL to load first (the ServerURI as given, query included). */
  start: string;
  close?: string;
  continue?: string;
}

/** Reads `?Close=URL` / `?Continue=URL` from a SHOW ServerURI; undefined when neither is there. */
export function readShowTarget(serverUri: string): ShowTarget | undefined {
  let url: URL;
  try {
    url = new URL(serverUri);
  } catch {
    return undefined;
  }
  const close = url.searchParams.get("Close") ?? undefined;
  const cont = url.searchParams.get("Continue") ?? undefined;
  if (close === undefined && cont === undefined) return undefined;
  const absolute = (u: string) => new URL(u, url).href;
  return {
    start: url.href,
    ...(close === undefined ? {} : { close: absolute(close) }),
    ...(cont === undefined ? {} : { continue: absolute(cont) }),
  };
}

const META_REFRESH =
  /<meta\s[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>|<meta\s[^>]*content\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/i;

/** The target of a meta refresh ("0;url=…", "0; URL='…'"), resolved against the page URL. */
export function metaRefreshTarget(html: string, pageUrl: string): string | undefined {
  const m = META_REFRESH.exec(html);
  const content = m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  if (!content) return undefined;
  const u = /url\s*=\s*['"]?([^'"]+)['"]?/i.exec(content);
  if (!u) return undefined;
  try {
    return new URL(u[1]!.trim(), pageUrl).href;
  } catch {
    return undefined;
  }
}

export async function browse(
  http: DeviceHttp,
  target: ShowTarget,
  opts: { maxLoads: number; userAgent: string; signal?: AbortSignal },
): Promise<BrowserOutcome> {
  const loads: string[] = [];
  let url = target.start;
  while (loads.length < opts.maxLoads) {
    const res = await http.request({
      method: "GET",
      url,
      headers: [
        ["Accept", "text/html, */*"],
        ["User-Agent", opts.userAgent],
      ],
      label: "browser",
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    loads.push(url);
    if (isHttpError(res)) return { kind: "stuck", loads, reason: `${res.error.code}: ${res.error.message}` };
    if (url === target.close) return { kind: "closed", loads };
    if (url === target.continue) return { kind: "continued", loads };
    const next = nextUrl(res.status, res.rawHeaders, res.body, url);
    if (!next) return { kind: "stuck", loads, reason: `page ${url} (HTTP ${res.status}) goes nowhere` };
    url = next;
  }
  return { kind: "stuck", loads, reason: `no Close/Continue URL within ${opts.maxLoads} loads` };
}

function nextUrl(status: number, rawHeaders: string[], body: Uint8Array, url: string): string | undefined {
  if (status >= 300 && status < 400) {
    const location = rawHeader(rawHeaders, "location");
    if (!location) return undefined;
    try {
      return new URL(location, url).href;
    } catch {
      return undefined;
    }
  }
  return metaRefreshTarget(utf8.decode(body), url);
}
