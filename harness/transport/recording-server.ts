/**
 * The harness's listening side: a fastify HTTPS (or plain HTTP) server that records everything a
 * device sends — TLS outcome per connection, request heads as received, body bytes — into a
 * Transcript, and lets a session script answer requests one at a time (lockstep) while fixed
 * endpoints (GET targets, upload sinks, pages) answer themselves through routes.
 *
 * The device under test may be hostile: every body is read with a bound, every wait has a time
 * limit, and close() destroys whatever sockets are still open.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import {
  type HttpExchange,
  newTranscript,
  type RecordedResponse,
  type TlsEvent,
  type Transcript,
} from "../model/transcript.ts";
import { alertFromError, looksNotTls } from "./tls-outcome.ts";
import { Waiters } from "./waiters.ts";

export interface ResponseSpec {
  status?: number;
  headers?: Array<[string, string]> | Record<string, string>;
  body?: Uint8Array | string;
}

export type RouteHandler = (exchange: HttpExchange) => ResponseSpec | Promise<ResponseSpec>;

export interface PendingRequest {
  exchange: HttpExchange;
  respond(res: ResponseSpec): void;
}

export interface RecordingServerOptions {
  host?: string;
  port?: number;
  /** Certificate (a chain PEM is fine) and key; null or absent serves plain HTTP. */
  tls?: { cert: string; key: string } | null;
  bodyLimitBytes?: number;
  handshakeTimeoutMs?: number;
  /** Bound on receiving one whole request, head and body (a slow drip ends here). */
  requestTimeoutMs?: number;
  /** A lockstep request that no driver answers within this is answered 503. */
  unansweredTimeoutMs?: number;
  transcript?: Transcript;
  /**
   * Hands every request no route took to the driver as it arrives (push), instead of queueing it
   * for nextRequest() (pull). The driver must answer it, or the unanswered bound answers 503.
   */
  onRequest?: (p: PendingRequest) => void;
  /** Called as each connection settles (its TLS outcome known), beside nextConnection(). */
  onConnection?: (ev: TlsEvent) => void;
  /** Numbers exchanges; listeners sharing one transcript share one counter (default: per server, from 0). */
  nextSeq?: () => number;
  /**
   * A listener shared by several sessions: which session's transcript (and counter) an exchange
   * belongs to, decided from its request target as soon as its head arrives, so a request whose
   * body never completes is still on its session's record. Undefined: the server's own transcript.
   * A connection's TLS event goes to the session of its first request.
   */
  attribute?: (target: string) => { transcript: Transcript; nextSeq: () => number } | undefined;
}

export interface RecordingServer {
  readonly url: string;
  readonly port: number;
  readonly transcript: Transcript;
  route(method: string, path: string, handler: RouteHandler): void;
  nextRequest(timeoutMs: number): Promise<PendingRequest | null>;
  nextConnection(timeoutMs: number): Promise<TlsEvent | null>;
  requestsSince(t: number): HttpExchange[];
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Past this many times the bound, a body is not even drained: the connection is cut. */
const DRAIN_FACTOR = 64;

interface ConnectionState {
  event: TlsEvent;
  /** The transcript of the session whose request came first on this connection (shared listeners). */
  owner?: Transcript;
  secure: boolean;
  tlsError?: Error & { code?: string };
  settled: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    dm20Exchange?: HttpExchange;
  }
}

function headerPairs(h: ResponseSpec["headers"]): Array<[string, string]> {
  if (!h) return [];
  return Array.isArray(h) ? h : Object.entries(h);
}

function bodyBytes(b: ResponseSpec["body"]): Uint8Array {
  if (b === undefined) return new Uint8Array(0);
  return typeof b === "string" ? Buffer.from(b, "utf8") : b;
}

/** Node's keys for one connection, the same on the raw TCP socket and the TLS socket above it. */
function connKey(s: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  return `${s.remoteAddress}|${s.remotePort}`;
}

export async function startRecordingServer(opts: RecordingServerOptions = {}): Promise<RecordingServer> {
  const host = opts.host ?? "127.0.0.1";
  const bodyLimit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const requestTimeout = opts.requestTimeoutMs ?? 10_000;
  const unansweredTimeout = opts.unansweredTimeoutMs ?? 10_000;
  const transcript = opts.transcript ?? newTranscript("server");
  const tls = opts.tls ?? null;

  const routes: Array<{ method: string; path: string; handler: RouteHandler }> = [];
  const pending = new Waiters<PendingRequest>();
  const settledConnections = new Waiters<TlsEvent>();
  const sockets = new Set<Socket>();
  const connections = new Map<string, ConnectionState>();
  const socketState = new WeakMap<Socket, ConnectionState>();
  let nextConnectionId = 0;
  let seq = 0;
  let closing = false;

  const app: FastifyInstance = Fastify({
    logger: false,
    // The body is read by our own parser with its own bound, so fastify's limit must not cut first.
    bodyLimit: Number.MAX_SAFE_INTEGER,
    serverFactory: (handler) => {
      const common = {
        requestTimeout,
        headersTimeout: requestTimeout,
        // Node checks the two timeouts above only this often (30 s by default).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
        keepAliveTimeout: 5000,
      };
      return tls
        ? createHttpsServer(
            { ...common, cert: tls.cert, key: tls.key, handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000 },
            handler,
          )
        : createHttpServer(common, handler);
    },
  });

  const server = app.server;

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    const state: ConnectionState = {
      event: {
        connectionId: nextConnectionId++,
        peer: `${socket.remoteAddress}:${socket.remotePort}`,
        outcome: "open",
        at: Date.now(),
        requests: 0,
      },
      secure: false,
      settled: false,
    };
    connections.set(connKey(socket), state);
    socketState.set(socket, state);
    socket.once("close", () => {
      sockets.delete(socket);
      // tlsClientError and the last request may still be queued behind this close.
      setImmediate(() => settle(state));
    });
  });

  function settle(state: ConnectionState): void {
    if (state.settled) return;
    state.settled = true;
    const ev = state.event;
    ev.closedAt = Date.now();
    if (!tls) {
      ev.outcome = ev.requests > 0 ? "established" : "established-no-request";
    } else if (state.tlsError) {
      ev.outcome = looksNotTls(state.tlsError) ? "not-tls" : "handshake-failed";
    } else if (state.secure) {
      ev.outcome = ev.requests > 0 ? "established" : "established-no-request";
    } else {
      ev.outcome = "not-tls";
    }
    for (const [k, v] of connections) if (v === state) connections.delete(k);
    if (tls) (state.owner ?? transcript).tls.push(ev);
    settledConnections.push(ev);
    opts.onConnection?.(ev);
  }

  if (tls) {
    server.on("secureConnection", (tlsSocket: TLSSocket) => {
      const state = connections.get(connKey(tlsSocket));
      if (!state) return;
      state.secure = true;
      state.event.protocol = tlsSocket.getProtocol() ?? undefined;
      const sni = (tlsSocket as TLSSocket & { servername?: string | false }).servername;
      if (sni) state.event.servername = sni;
    });
    server.on("tlsClientError", (err: Error & { code?: string }, tlsSocket: TLSSocket) => {
      const parent = (tlsSocket as TLSSocket & { _parent?: Socket })._parent;
      const state = (parent && socketState.get(parent)) ?? connections.get(connKey(tlsSocket));
      if (!state) return;
      state.tlsError = err;
      state.event.errorCode = err.code ?? "TLS_ERROR";
      state.event.errorMessage = err.message;
      const alert = alertFromError(err);
      if (alert !== undefined) state.event.alert = alert;
    });
  }

  function stateOf(req: IncomingMessage): ConnectionState | undefined {
    const sock = req.socket as Socket & { _parent?: Socket };
    return (
      socketState.get(sock) ??
      (sock._parent ? socketState.get(sock._parent) : undefined) ??
      connections.get(connKey(sock))
    );
  }

  app.addHook("onRequest", async (request: FastifyRequest) => {
    const raw = request.raw;
    const state = stateOf(raw);
    if (state) state.event.requests++;
    const base = `${tls ? "https" : "http"}://${raw.headers.host ?? `${host}:${port()}`}`;
    const owner = opts.attribute?.(raw.url ?? "");
    if (owner && state && !state.owner) state.owner = owner.transcript;
    const exchange: HttpExchange = {
      seq: owner ? owner.nextSeq() : opts.nextSeq ? opts.nextSeq() : seq++,
      startedAt: Date.now(),
      request: {
        method: raw.method ?? "",
        target: raw.url ?? "",
        url: safeUrl(raw.url ?? "/", base),
        receivedOn: origin(),
        httpVersion: raw.httpVersion,
        rawHeaders: [...raw.rawHeaders],
        body: new Uint8Array(0),
        bodyBytesSeen: 0,
        bodyTruncated: false,
      },
    };
    if (state) exchange.connectionId = state.event.connectionId;
    (owner?.transcript ?? transcript).exchanges.push(exchange);
    request.dm20Exchange = exchange;
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (request, payload, done) => {
    const exchange = request.dm20Exchange!;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let seen = 0;
    let finished = false;
    const finish = (err?: Error & { code?: string }) => {
      if (finished) return;
      finished = true;
      exchange.request.body = Buffer.concat(kept);
      exchange.request.bodyBytesSeen = seen;
      exchange.request.bodyTruncated = seen > keptBytes;
      exchange.requestCompleteAt = Date.now();
      if (err) {
        exchange.error = { code: err.code ?? "REQUEST_ERROR", message: err.message, at: Date.now() };
        done(err, undefined);
      } else {
        done(null, undefined);
      }
    };
    payload.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (keptBytes < bodyLimit) {
        const take = chunk.subarray(0, bodyLimit - keptBytes);
        kept.push(take);
        keptBytes += take.length;
      }
      if (seen > bodyLimit * DRAIN_FACTOR) {
        const err = Object.assign(new Error(`request body over ${seen} bytes: connection cut`), {
          code: "BODY_TOO_LARGE",
        });
        finish(err);
        request.raw.socket.destroy();
      }
    });
    payload.on("end", () => finish());
    payload.on("error", (err: Error & { code?: string }) => finish(err));
    payload.on("close", () => {
      if (!finished) finish(Object.assign(new Error("request aborted by the peer"), { code: "ECONNRESET" }));
    });
  });

  app.setErrorHandler((err: Error & { code?: string }, request, reply) => {
    const exchange = request.dm20Exchange;
    if (exchange && !exchange.error) {
      exchange.error = {
        code: err.code ?? "REQUEST_ERROR",
        message: err.message,
        at: Date.now(),
      };
    }
    if (!reply.raw.destroyed && !reply.sent) send(reply.raw, exchange, { status: 400, body: "" });
  });

  app.route({
    method: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"],
    url: "/*",
    handler: async (request, reply) => {
      const exchange = request.dm20Exchange!;
      reply.hijack();
      if (exchange.requestCompleteAt === undefined) exchange.requestCompleteAt = Date.now();
      if (exchange.request.bodyTruncated) {
        send(reply.raw, exchange, { status: 413, headers: [["Connection", "close"]], body: "" });
        return;
      }
      const pathname = exchange.request.target.split("?")[0];
      const route = routes.find(
        (r) => r.path === pathname && (r.method === "*" || r.method === exchange.request.method),
      );
      if (route) {
        let res: ResponseSpec;
        try {
          res = await route.handler(exchange);
        } catch (e) {
          res = { status: 500, body: String(e) };
        }
        send(reply.raw, exchange, res);
        return;
      }
      await new Promise<void>((resolveAnswered) => {
        let answered = false;
        const answer = (res: ResponseSpec) => {
          if (answered) return;
          answered = true;
          clearTimeout(timer);
          send(reply.raw, exchange, res);
          resolveAnswered();
        };
        const timer = setTimeout(
          () => answer({ status: 503, body: "no response scripted for this request" }),
          unansweredTimeout,
        );
        reply.raw.once("close", () => {
          if (!answered) {
            answered = true;
            clearTimeout(timer);
            resolveAnswered();
          }
        });
        if (opts.onRequest) opts.onRequest({ exchange, respond: answer });
        else pending.push({ exchange, respond: answer });
      });
    },
  });

  function send(res: ServerResponse, exchange: HttpExchange | undefined, spec: ResponseSpec): void {
    if (res.headersSent || res.destroyed) return;
    const body = bodyBytes(spec.body);
    const status = spec.status ?? 200;
    const headers = headerPairs(spec.headers);
    if (!headers.some(([n]) => n.toLowerCase() === "content-length")) {
      headers.push(["Content-Length", String(body.length)]);
    }
    const flat: string[] = headers.flat();
    res.writeHead(status, flat);
    res.end(body);
    if (exchange) {
      const response: RecordedResponse = {
        statusCode: status,
        rawHeaders: flat,
        body,
        bodyBytesSeen: body.length,
        bodyTruncated: false,
      };
      exchange.response = response;
      exchange.respondedAt = Date.now();
    }
  }

  function port(): number {
    return (server.address() as AddressInfo | null)?.port ?? 0;
  }

  function origin(): string {
    return `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port()}`;
  }

  try {
    await app.listen({ host, port: opts.port ?? 0 });
  } catch (e) {
    await app.close().catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot listen on ${host}:${opts.port ?? 0}: ${err.code ?? err.message}`), {
      code: err.code,
    });
  }
  const listenPort = port();
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `${tls ? "https" : "http"}://${urlHost}:${listenPort}`;

  return {
    url,
    port: listenPort,
    transcript,
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    nextRequest: (timeoutMs) => pending.next(timeoutMs),
    nextConnection: (timeoutMs) => settledConnections.next(timeoutMs),
    requestsSince: (t) => transcript.exchanges.filter((e) => e.startedAt >= t),
    async close() {
      if (closing) return;
      closing = true;
      pending.cancelAll();
      settledConnections.cancelAll();
      for (const p of pending.drain()) p.respond({ status: 503, body: "harness shutting down" });
      for (const s of sockets) s.destroy();
      await app.close();
      for (const state of connections.values()) settle(state);
      transcript.endedAt = Date.now();
    },
  };
}

function safeUrl(target: string, base: string): string {
  try {
    return new URL(target, base).toString();
  } catch {
    return `${base}${target}`;
  }
}
