/**
 * The reference device's network: the engine's DeviceHttp over undici's `request`, one Agent per
 * session (no connection outlives the session it was verified for). The Agent trusts only the CA
 * the device was given and checks the host name — Node's defaults once `ca` is set. Two transport
 * faults loosen exactly one of those. Plain http:// works too: the draft's own GET/PUT/POST
 * ServerURIs are http://; HTTPS-only for the DM session URL is the engine's rule.
 */
import { Agent, request } from "undici";
import type { DeviceHttp, DeviceHttpRequest, DeviceHttpResult } from "../../device/http-io.ts";

export interface TransportFaults {
  /** Accept any certificate: untrusted issuer, expired, self-signed (DMC-5.3-02). */
  skipCertificateVerification?: boolean;
  /** Verify the chain but not that the certificate names the host (DMC-5.3-02). */
  skipHostnameCheck?: boolean;
}

export interface UndiciHttpOptions {
  /** PEM of the CA(s) the device trusts for its DM server; undefined = Node's default roots. */
  caPem?: string;
  /** Bound on connecting and on waiting for headers / body, in ms. */
  timeoutMs: number;
  /** Largest response body read; more fails the request (the engine treats it as a transport error). */
  bodyLimitBytes: number;
  faults?: TransportFaults;
}

export class UndiciHttp implements DeviceHttp {
  private readonly agent: Agent;

  constructor(private readonly opts: UndiciHttpOptions) {
    const faults = opts.faults ?? {};
    this.agent = new Agent({
      connect: {
        ...(opts.caPem ? { ca: opts.caPem } : {}),
        timeout: opts.timeoutMs,
        ...(faults.skipCertificateVerification ? { rejectUnauthorized: false } : {}),
        ...(faults.skipHostnameCheck ? { checkServerIdentity: () => undefined } : {}),
      },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  async request(r: DeviceHttpRequest): Promise<DeviceHttpResult> {
    try {
      const res = await request(r.url, {
        method: r.method as "GET",
        headers: r.headers.flat(),
        ...(r.body ? { body: Buffer.from(r.body) } : {}),
        dispatcher: this.agent,
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
}

function flatten(headers: Record<string, string | string[] | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, v);
  }
  return out;
}
