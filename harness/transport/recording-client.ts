/**
 * The harness's calling side: an undici client that records each exchange — TLS outcome and the
 * peer certificate, request and response heads, body bytes, timings — into a Transcript.
 *
 * It uses dispatch() with a raw handler, not fetch(): fetch adds headers of its own and hides the
 * raw response head, and a conformance verdict must quote what was really on the wire. Every wire
 * problem (refused, reset, bad certificate, stalled, oversized) becomes `exchange.error`; request()
 * never throws for them.
 */
import type { TLSSocket } from "node:tls";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { type HttpExchange, newTranscript, type TlsEvent, type Transcript } from "../model/transcript.ts";
import { alertFromError } from "./tls-outcome.ts";

export interface RecordingClientOptions {
  /** Trust only these CAs; absent: the system's default trust store. */
  caPem?: string | string[];
  servername?: string;
  /** Bound on each wait: connect, response head, gap between body chunks, whole body. */
  timeoutMs?: number;
  bodyLimitBytes?: number;
  transcript?: Transcript;
}

export interface ClientRequest {
  method: string;
  url: string;
  headers?: Array<[string, string]>;
  body?: Uint8Array | string;
  label?: string;
}

export interface RecordingClient {
  readonly transcript: Transcript;
  request(req: ClientRequest): Promise<HttpExchange>;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

function peerOf(protocol: string, hostname: string, port: string | number): string {
  return `${protocol}//${hostname}:${port || (protocol === "https:" ? 443 : 80)}`;
}

function certSummary(sock: TLSSocket): TlsEvent["peerCertificate"] | undefined {
  const c = sock.getPeerCertificate();
  if (!c || Object.keys(c).length === 0) return undefined;
  const dn = (o: Record<string, unknown> | undefined) =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(", ")
      : "";
  return {
    subject: dn(c.subject as unknown as Record<string, unknown>),
    issuer: dn(c.issuer as unknown as Record<string, unknown>),
    validFrom: c.valid_from,
    validTo: c.valid_to,
    ...(c.subjectaltname ? { subjectAltName: c.subjectaltname } : {}),
  };
}

export function createRecordingClient(opts: RecordingClientOptions = {}): RecordingClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const bodyLimit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const transcript = opts.transcript ?? newTranscript("client");
  let nextConnectionId = 0;
  let seq = 0;

  const tlsOptions = {
    ...(opts.caPem ? { ca: opts.caPem } : {}),
    ...(opts.servername ? { servername: opts.servername } : {}),
    rejectUnauthorized: true,
    timeout: timeoutMs,
  };
  const connector = buildConnector(tlsOptions);
  const recordingConnector: buildConnector.connector = (connectOpts, callback) => {
    const at = Date.now();
    const event: TlsEvent = {
      connectionId: nextConnectionId++,
      peer: peerOf(connectOpts.protocol, connectOpts.hostname, connectOpts.port),
      outcome: "open",
      at,
      requests: 0,
    };
    const secure = connectOpts.protocol === "https:";
    connector(connectOpts, (err, socket) => {
      if (err) {
        const e = err as Error & { code?: string };
        event.outcome = secure ? "handshake-failed" : "not-tls";
        event.errorCode = e.code ?? "CONNECT_ERROR";
        event.errorMessage = e.message;
        const alert = alertFromError(e);
        if (alert !== undefined) event.alert = alert;
        event.closedAt = Date.now();
        if (secure) transcript.tls.push(event);
        callback(err, null);
        return;
      }
      if (secure && socket) {
        const tlsSock = socket as TLSSocket;
        event.outcome = "established-no-request";
        event.protocol = tlsSock.getProtocol() ?? undefined;
        const peer = certSummary(tlsSock);
        if (peer) event.peerCertificate = peer;
        if (opts.servername) event.servername = opts.servername;
        transcript.tls.push(event);
        socket.once("close", () => {
          event.closedAt = Date.now();
        });
      }
      callback(null, socket!);
    });
  };

  const agent = new Agent({
    connect: recordingConnector,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  });

  async function request(req: ClientRequest): Promise<HttpExchange> {
    const url = new URL(req.url);
    const body =
      req.body === undefined ? undefined : typeof req.body === "string" ? Buffer.from(req.body) : req.body;
    const headers = req.headers ?? [];
    // undici adds exactly these when absent; recording them keeps the request head honest.
    const sentHeaders: string[] = [];
    if (!headers.some(([n]) => n.toLowerCase() === "host")) sentHeaders.push("host", url.host);
    sentHeaders.push("connection", "keep-alive");
    for (const [n, v] of headers) sentHeaders.push(n, v);
    if (body && !headers.some(([n]) => n.toLowerCase() === "content-length")) {
      sentHeaders.push("content-length", String(body.length));
    }
    const exchange: HttpExchange = {
      seq: seq++,
      startedAt: Date.now(),
      request: {
        method: req.method,
        target: `${url.pathname}${url.search}`,
        url: url.toString(),
        httpVersion: "1.1",
        rawHeaders: sentHeaders,
        body: body ?? new Uint8Array(0),
        bodyBytesSeen: body?.length ?? 0,
        bodyTruncated: false,
      },
    };
    if (req.label) exchange.label = req.label;
    transcript.exchanges.push(exchange);

    await new Promise<void>((resolve) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let seen = 0;
      let abort: ((err?: Error) => void) | undefined;
      let done = false;
      // undici's body timeout is per chunk: one byte a second would never trip it.
      const overall = setTimeout(() => {
        abort?.(
          Object.assign(new Error(`no complete response within ${timeoutMs} ms`), {
            code: "RESPONSE_TIMEOUT",
          }),
        );
      }, timeoutMs * 3);
      const finish = (err?: Error & { code?: string }) => {
        if (done) return;
        done = true;
        clearTimeout(overall);
        if (exchange.response) {
          exchange.response.body = Buffer.concat(chunks);
          exchange.response.bodyBytesSeen = seen;
          exchange.response.bodyTruncated = seen > kept;
        }
        if (err) {
          exchange.error = { code: err.code ?? err.name ?? "ERROR", message: err.message, at: Date.now() };
        }
        exchange.respondedAt = Date.now();
        resolve();
      };
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abortFn: (err?: Error) => void) {
          abort = abortFn;
        },
        onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusText: string) {
          const flat = rawHeaders.map((b) => b.toString("latin1"));
          exchange.response = {
            statusCode,
            statusMessage: statusText,
            rawHeaders: flat,
            body: new Uint8Array(0),
            bodyBytesSeen: 0,
            bodyTruncated: false,
          };
          return true;
        },
        onData(chunk: Buffer) {
          seen += chunk.length;
          if (kept < bodyLimit) {
            const take = chunk.subarray(0, bodyLimit - kept);
            chunks.push(take);
            kept += take.length;
          }
          if (seen > bodyLimit) {
            abort?.(
              Object.assign(new Error(`response body over ${bodyLimit} bytes`), { code: "BODY_LIMIT" }),
            );
            return false;
          }
          return true;
        },
        onComplete() {
          finish();
        },
        onError(err: Error) {
          finish(err as Error & { code?: string });
        },
      } as unknown as Dispatcher.DispatchHandler;
      try {
        agent.dispatch(
          {
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: req.method as Dispatcher.HttpMethod,
            headers: headers.flat(),
            body: body ?? null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          handler,
        );
      } catch (e) {
        finish(e as Error);
      }
    });
    const peer = peerOf(url.protocol, url.hostname, url.port);
    const ev = [...transcript.tls].reverse().find((t) => t.peer === peer);
    if (ev) {
      exchange.connectionId = ev.connectionId;
      // A request went out on any connection whose handshake completed, answered or not.
      if (ev.outcome !== "handshake-failed") {
        ev.requests++;
        ev.outcome = "established";
      }
    }
    return exchange;
  }

  return {
    transcript,
    request,
    async close() {
      await agent.destroy().catch(() => undefined);
      transcript.endedAt = Date.now();
    },
  };
}
