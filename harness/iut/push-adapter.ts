/**
 * Wakes a device through an HTTP endpoint of its own (`--push URL`): the notification bytes are
 * POSTed as `application/octet-stream`, exactly as a WAP push would carry them. The DEFAULT
 * stimulus (a device-initiated configuration request) has no bytes of the draft's own; it is
 * POSTed as `application/vnd.oma-dm20.default+json` with `{"stimulus":"default","moid":…,
 * "initiatedBy":"Device"|"User"}`, so the endpoint tells the two apart by Content-Type alone.
 * The device must already trust the harness CA (written to <out>/pki/ca.pem): the push carries no
 * CA. Any 2xx answer means delivered.
 */
import { Agent, request } from "undici";
import type { DeviceAdapter, DeviceStimulus } from "../runner/run-context.ts";

export const PUSH_NOTIFICATION_MEDIA = "application/octet-stream";
export const PUSH_DEFAULT_MEDIA = "application/vnd.oma-dm20.default+json";

export interface PushAdapterOptions {
  /** The device's push endpoint. */
  url: string;
  /** CA for an https:// endpoint (undefined: Node's default roots). */
  caPem?: string;
  /** Bound on delivering one push, in ms. */
  timeoutMs: number;
}

export class PushDeliveryError extends Error {
  override name = "PushDeliveryError";
}

export function pushBody(stimulus: DeviceStimulus): { contentType: string; body: Uint8Array } {
  if (stimulus.kind === "notification")
    return { contentType: PUSH_NOTIFICATION_MEDIA, body: stimulus.notification };
  const json = JSON.stringify({
    stimulus: "default",
    moid: stimulus.moid,
    initiatedBy: stimulus.initiatedBy,
  });
  return { contentType: PUSH_DEFAULT_MEDIA, body: new TextEncoder().encode(json) };
}

export class PushAdapter implements DeviceAdapter {
  private readonly agent: Agent;

  constructor(private readonly opts: PushAdapterOptions) {
    this.agent = new Agent({
      connect: { ...(opts.caPem ? { ca: opts.caPem } : {}), timeout: opts.timeoutMs },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  describe(): string {
    return `push: ${this.opts.url}`;
  }

  async wake(stimulus: DeviceStimulus): Promise<void> {
    const { contentType, body } = pushBody(stimulus);
    let status: number;
    try {
      const res = await request(this.opts.url, {
        method: "POST",
        headers: { "content-type": contentType },
        body: Buffer.from(body),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.statusCode;
      await res.body.dump();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new PushDeliveryError(`push to ${this.opts.url} failed: ${err.code ?? err.name}: ${err.message}`);
    }
    if (status < 200 || status >= 300)
      throw new PushDeliveryError(`push to ${this.opts.url} answered HTTP ${status}`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
