/**
 * The reference device's network: the engine's DeviceHttp over undici's `request`, one Agent per
 * session (no connection outlives the session it was verified for). The Agent trusts only the CA
 * the device was given and checks the host name — Node's defaults once `ca` is set. Two transport
 * faults loosen exactly one of those. Plain http:// works too: the draft's own GET/PUT/POST
 * ServerURIs are http://; HTTPS-only for the DM session URL is the engine's rule.
 *
 * Transport readings choose among lawful HTTP and TLS behaviours the draft does not constrain:
 * Content-Length or chunked bodies, kept-alive connections or one per request, the highest TLS
 * version offered, and how an invalid certificate is refused (5.3 "disconnect"): by aborting the
 * handshake, or by completing it and closing the connection before any request, as curl does for
 * a host name that does not match.
 */
import { Readable } from "node:stream";
import { createSecureContext, type SecureContext, type TLSSocket } from "node:tls";
import { Agent, buildConnector, request } from "undici";
import type { DeviceHttp, DeviceHttpRequest, DeviceHttpResult } from "../../device/http-io.ts";

export interface TransportFaults {
  /** Accept any certificate: untrusted issuer, expired, self-signed (DMC-5.3-02). */
  skipCertificateVerification?: boolean;
  /** Verify the chain but not that the certificate names the host (DMC-5.3-02). */
  skipHostnameCheck?: boolean;
}

export interface TransportReadings {
  /** Request bodies with a Content-Length, or chunked (Transfer-Encoding: chunked). */
  bodies: "content-length" | "chunked";
  /** Connections kept alive across a session's requests, or one per request (Connection: close). */
  connections: "keep-alive" | "one-per-request";
  /** The highest TLS version the device offers. */
  tlsMaxVersion: "TLSv1.3" | "TLSv1.2";
  /** A certificate that is not valid: refused during the handshake, or after it, closing before any request. */
  certificateRefusal: "during-handshake" | "after-handshake";
}

export const DEFAULT_TRANSPORT_READINGS: TransportReadings = {
  bodies: "content-length",
  connections: "keep-alive",
  tlsMaxVersion: "TLSv1.3",
  certificateRefusal: "during-handshake",
};

export interface UndiciHttpOptions {
  /** PEM of the CA(s) the device trusts for its DM server; undefined = Node's default roots. */
  caPem?: string;
  /** Bound on connecting and on waiting for headers / body, in ms. */
  timeoutMs: number;
  /** Largest response body read; more fails the request (the engine treats it as a transport error). */
  bodyLimitBytes: number;
  faults?: TransportFaults;
  readings?: TransportReadings;
}

/*
 * One TLS context per trusted CA and protocol ceiling, shared by every connection: given only `ca`,
 * Node parses the CA into a new context for each connection, which was the largest single cost of
 * the TLS work in a self-test (~150 ms of CPU, `npm run profile`). Verification is unchanged: the
 * context holds the same CA, and the connection still checks the chain and the host name.
 */
const contexts = new Map<string, SecureContext>();
function sharedContext(caPem: string, maxVersion: TransportReadings["tlsMaxVersion"]): SecureContext {
  const key = `${maxVersion}\n${caPem}`;
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: caPem, maxVersion });
    contexts.set(key, context);
  }
  return context;
}

/**
 * A connector that completes every TLS handshake and then judges the certificate itself, closing
 * the connection (before undici writes a request on it) when the certificate is not valid.
 */
function verifyAfterHandshake(
  tls: Record<string, unknown>,
  acceptAny: boolean,
): NonNullable<ConstructorParameters<typeof Agent>[0]>["connect"] {
  const connect = buildConnector({ ...tls, rejectUnauthorized: false });
  return (options, callback) =>
    connect(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error("no socket"), null);
      const tlsSocket = socket as TLSSocket;
      if (options.protocol !== "https:" || acceptAny || tlsSocket.authorized) return callback(null, socket);
      const reason = String(tlsSocket.authorizationError ?? "certificate not valid");
      socket.destroy();
      callback(
        Object.assign(new Error(`certificate refused after the handshake: ${reason}`), { code: reason }),
        null,
      );
    });
}

/** The body as a one-chunk stream, calling `onSent` once undici has read it out (and written it). */
function bodyStream(body: Uint8Array, onSent?: () => void): Readable {
  const stream = Readable.from([Buffer.from(body)], { objectMode: false });
  if (onSent) stream.once("end", onSent);
  return stream;
}

export class UndiciHttp implements DeviceHttp {
  private readonly agent: Agent;
  private readonly readings: TransportReadings;

  constructor(private readonly opts: UndiciHttpOptions) {
    const faults = opts.faults ?? {};
    this.readings = opts.readings ?? DEFAULT_TRANSPORT_READINGS;
    const tls = {
      ...(opts.caPem
        ? { secureContext: sharedContext(opts.caPem, this.readings.tlsMaxVersion) }
        : { maxVersion: this.readings.tlsMaxVersion }),
      timeout: opts.timeoutMs,
      ...(faults.skipHostnameCheck ? { checkServerIdentity: () => undefined } : {}),
    };
    this.agent = new Agent({
      connect:
        this.readings.certificateRefusal === "after-handshake"
          ? verifyAfterHandshake(tls, faults.skipCertificateVerification === true)
          : { ...tls, ...(faults.skipCertificateVerification ? { rejectUnauthorized: false } : {}) },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  async request(r: DeviceHttpRequest): Promise<DeviceHttpResult> {
    try {
      const res = await request(r.url, {
        method: r.method as "GET",
        headers: this.headers(r).flat(),
        ...(r.body ? { body: this.body(r.body, r.onSent) } : {}),
        dispatcher: this.agent,
        ...(this.readings.connections === "one-per-request" ? { reset: true } : {}),
        ...(r.signal ? { signal: r.signal } : {}),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.opts.bodyLimitBytes) {
          res.body.destroy();
          return {
            error: {
              code: "BODY_TOO_LARGE",
              message: `response body over ${this.opts.bodyLimitBytes} bytes`,
            },
          };
        }
        chunks.push(chunk as Buffer);
      }
      return {
        status: res.statusCode,
        rawHeaders: flatten(res.headers),
        body: new Uint8Array(Buffer.concat(chunks)),
      };
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      return { error: { code: err.code ?? err.cause?.code ?? err.name, message: err.message } };
    }
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }

  /** A streamed body is sent chunked unless it carries its Content-Length (the engine's onSent needs a stream). */
  private headers(r: DeviceHttpRequest): Array<[string, string]> {
    const streamed = r.body !== undefined && (r.onSent !== undefined || this.readings.bodies === "chunked");
    return streamed && this.readings.bodies === "content-length"
      ? [...r.headers, ["Content-Length", String(r.body!.length)]]
      : r.headers;
  }

  private body(body: Uint8Array, onSent?: () => void): Buffer | Readable {
    return onSent !== undefined || this.readings.bodies === "chunked"
      ? bodyStream(body, onSent)
      : Buffer.from(body);
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, v);
  }
  return out;
}
