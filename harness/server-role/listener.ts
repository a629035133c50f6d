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
  close(): Promise<void>;
}

export interface ListenerOptions {
  tls: { cert: string; key: string } | null;
  transcript: Transcript;
  /** Every request that arrives, as it arrives (the driver answers it). */
  onRequest: (p: PendingRequest) => void;
  /** Every connection as it settles. */
  onConnection?: (ev: TlsEvent) => void;
  /** Host name put into the origin instead of the run's (public) host. */
  advertisedHost?: string;
  /** Address to bind instead of the run's --host, and a port (default: ephemeral). */
  bind?: { host: string; port: number };
  /** Numbers the exchanges (listeners of one session share the session's counter). */
  nextSeq?: () => number;
}

export async function openListener(opts: ListenerOptions): Promise<Listener> {
  const ctx = runContext();
  const target = clientTarget();
  const server = await startRecordingServer({
    host: opts.bind?.host ?? target.host,
    port: opts.bind?.port ?? 0,
    tls: opts.tls,
    bodyLimitBytes: ctx.bodyLimitBytes,
    handshakeTimeoutMs: ctx.timeoutMs,
    requestTimeoutMs: ctx.timeoutMs,
    // The driver takes DM packages in its own time (a script may be waiting on something else):
    // only a request no one will ever answer should meet the transport's 503.
    unansweredTimeoutMs: ctx.timeoutMs * 3,
    transcript: opts.transcript,
    onRequest: opts.onRequest,
    ...(opts.onConnection ? { onConnection: opts.onConnection } : {}),
    ...(opts.nextSeq ? { nextSeq: opts.nextSeq } : {}),
  });
  const host = opts.advertisedHost ?? target.publicHost ?? target.host;
  const origin = `${opts.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  return { origin, port: server.port, transcript: opts.transcript, close: () => server.close() };
}
