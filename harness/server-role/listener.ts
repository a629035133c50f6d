/**
 * One listener of a device session: the recording server (harness/transport/) on an ephemeral port,
 * serving the session's certificate (or plain HTTP), writing into the session's transcript. Kept in
 * one place so that the rest of the driver depends only on what it needs from the transport.
 */
import type { TlsEvent, Transcript } from "../model/transcript.ts";
import { clientTarget, runContext } from "../runner/run-context.ts";
import { type PendingRequest, startRecordingServer } from "../transport/recording-server.ts";

export type { PendingRequest };

export interface Listener {
  /** scheme://host:port as the device must address it (the public host when one is set). */
  origin: string;
  port: number;
  transcript: Transcript;
  /** The next request no route took, or null when none arrived within `ms`. */
  nextRequest(ms: number): Promise<PendingRequest | null>;
  /** The next settled connection (TLS outcome known), or null when none within `ms`. */
  nextConnection(ms: number): Promise<TlsEvent | null>;
  close(): Promise<void>;
}

export async function openListener(opts: {
  tls: { cert: string; key: string } | null;
  transcript: Transcript;
}): Promise<Listener> {
  const ctx = runContext();
  const target = clientTarget();
  const server = await startRecordingServer({
    host: target.host,
    port: 0,
    tls: opts.tls,
    bodyLimitBytes: ctx.bodyLimitBytes,
    handshakeTimeoutMs: ctx.timeoutMs,
    requestTimeoutMs: ctx.timeoutMs,
    // The driver takes DM packages in its own time (a script may be waiting on something else):
    // only a request no one will ever answer should meet the transport's 503.
    unansweredTimeoutMs: ctx.timeoutMs * 3,
    transcript: opts.transcript,
  });
  const host = target.publicHost ?? target.host;
  const origin = `${opts.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  return {
    origin,
    port: server.port,
    transcript: opts.transcript,
    nextRequest: (ms) => server.nextRequest(ms),
    nextConnection: (ms) => server.nextConnection(ms),
    close: () => server.close(),
  };
}
