/**
 * What the harness serves beside the DM session URL, for the commands it sends: TNDS20 documents
 * for GET, upload endpoints for PUT/POST, a sink for Generic Alerts, SHOW pages and their
 * Close/Continue URLs. Every resource lives under its own path "/r/<session>/<n>/…" on the run's
 * resource origin (resource-origin.ts), so each request the device makes is tied to its session and
 * to the command that caused it by its target alone, and a request for a path the harness never
 * handed out is answered 404 and still recorded.
 */
import escapeHtml from "escape-html";
import type { PendingRequest } from "./listener.ts";

export const RESOURCE_PREFIX = "/r/";

export interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export type ResourceHandler = (p: PendingRequest) => Reply | Promise<Reply>;

interface Resource {
  path: string;
  /** Also answers every path below `path` (URL-parameter templates, whose substitution the device does). */
  prefix: boolean;
  label: string;
  handler: ResourceHandler;
}

const utf8 = new TextEncoder();

export const EMPTY_OK: Reply = { status: 200, headers: [], body: new Uint8Array() };

export function tnds20Reply(body: Uint8Array): Reply {
  return { status: 200, headers: [["Content-Type", "application/tnds20"]], body };
}

export function htmlReply(html: string): Reply {
  return { status: 200, headers: [["Content-Type", "text/html; charset=utf-8"]], body: utf8.encode(html) };
}

/**
 * The SHOW page: it sends the browser on to `exitUrl` by itself (meta refresh, a script, and a
 * link for a human), so that no one needs to click for the session to go on.
 */
export function showPageHtml(exitUrl: string, mode: "Close" | "Continue"): string {
  const u = escapeHtml(exitUrl);
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${u}"><title>DM 2.0 conformance: SHOW</title></head>
<body><p>The DM conformance harness opened this page with a SHOW command. It goes on to the ${mode} URL by itself: <a href="${u}">${u}</a>.</p>
<script>location.replace(${JSON.stringify(exitUrl).replaceAll("<", "\\u003c")});</script></body></html>
`;
}

export function exitPageHtml(mode: "Close" | "Continue"): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>DM 2.0 conformance: ${mode}</title></head>
<body><p>This is the ${mode} URL of a SHOW command: the browser session is done.</p></body></html>
`;
}

/**
 * One session's resources, under a path prefix of its own ("/r/<session>/"), so that one resource
 * origin can serve every session of the run and still tell each request's session and command.
 */
export class ResourceTable {
  private readonly list: Resource[] = [];
  private next = 0;

  constructor(readonly prefix: string) {}

  /** Hands out a fresh path "<prefix><n>/<name>" answered by `handler`. */
  add(name: string, label: string, handler: ResourceHandler, opts: { prefix?: boolean } = {}): string {
    const path = `${this.prefix}${++this.next}/${name}`;
    this.list.push({ path, prefix: opts.prefix ?? false, label, handler });
    return path;
  }

  /** The resource a request target names (path only; the query is the resource's own business). */
  find(target: string): Resource | undefined {
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    return (
      this.list.find((r) => r.path === path) ??
      this.list.find((r) => r.prefix && path.startsWith(`${r.path}/`))
    );
  }

  /** Whether a request target lies under this table's prefix. */
  owns(target: string): boolean {
    return target.startsWith(this.prefix);
  }

  static isResource(target: string): boolean {
    return target.startsWith(RESOURCE_PREFIX);
  }
}
