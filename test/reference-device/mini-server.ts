/**
 * A tiny scriptable DM server for the reference device's tests: node's https (or http) on
 * 127.0.0.1, answering routes from a table and recording every request. DM session paths answer
 * their POSTs from a list of command files, in order.
 */
import { EventEmitter, once } from "node:events";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  /** Path and query as on the request line. */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

type Route = (req: Seen) => Answer | Promise<Answer>;

export class MiniServer {
  readonly seen: Seen[] = [];
  /** TLS handshakes that failed (the client refused or aborted). */
  tlsErrors = 0;
  private readonly routes = new Map<string, Route>();
  private readonly events = new EventEmitter();

  private constructor(
    private readonly server: http.Server | https.Server,
    readonly base: string,
  ) {}

  static async start(tls?: { certPem: string; keyPem: string }): Promise<MiniServer> {
    let self: MiniServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => self!.answer(req, Buffer.concat(chunks).toString("utf8"), res));
    };
    const server = tls
      ? https.createServer({ cert: tls.certPem, key: tls.keyPem, handshakeTimeout: 2000 }, handler)
      : http.createServer(handler);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as AddressInfo).port;
    self = new MiniServer(server, `${tls ? "https" : "http"}://127.0.0.1:${port}`);
    server.on("tlsClientError", () => {
      self!.tlsErrors++;
      self!.events.emit("tls-error");
    });
    return self;
  }

  private async answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    const seen: Seen = { method: req.method ?? "", target: req.url ?? "", headers: req.headers, body };
    this.seen.push(seen);
    this.events.emit("request", seen);
    const path = seen.target.split("?")[0]!;
    const route = this.routes.get(`${seen.method} ${path}`) ?? this.routes.get(`* ${path}`);
    const a = route ? await route(seen) : { status: 404 };
    if (res.destroyed) return;
    res.writeHead(a.status ?? 200, a.headers ?? {});
    res.end(a.body ?? "");
  }

  /** Forgets routes, recorded requests and TLS errors (the servers are reused across scenario runs). */
  reset(): void {
    this.seen.length = 0;
    this.routes.clear();
    this.tlsErrors = 0;
  }

  route(method: string, path: string, r: Route | Answer): this {
    this.routes.set(`${method} ${path}`, typeof r === "function" ? r : () => r);
    return this;
  }

  /** A DM session path: each POST gets the next command file (then 500: the script ran out). */
  session(path: string, files: string[]): this {
    const queue = [...files];
    return this.route("POST", path, () => {
      const next = queue.shift();
      return next === undefined
        ? { status: 500 }
        : { headers: { "Content-Type": "application/dm20" }, body: next };
    });
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Resolves with the first request (already seen or to come) that matches, within the bound. */
  async waitFor(match: (s: Seen) => boolean, timeoutMs = 3000): Promise<Seen> {
    const found = this.seen.find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off("request", listener);
        reject(
          new Error(
            `no matching request within ${timeoutMs} ms; seen: ${this.seen.map((s) => `${s.method} ${s.target}`).join(", ")}`,
          ),
        );
      }, timeoutMs);
      const listener = (s: Seen) => {
        if (!match(s)) return;
        clearTimeout(timer);
        this.events.off("request", listener);
        resolve(s);
      };
      this.events.on("request", listener);
    });
  }

  /** Resolves on the next failed TLS handshake, within the bound. */
  async waitForTlsError(timeoutMs = 3000): Promise<void> {
    if (this.tlsErrors > 0) return;
    await Promise.race([
      once(this.events, "tls-error"),
      new Promise((_r, reject) => setTimeout(() => reject(new Error("no TLS error")), timeoutMs).unref()),
    ]);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
