/**
 * One listener of a device session: the recording server (harness/transport/) on an ephemeral port
 * or one of the run's --port range, serving the session's certificate (or plain HTTP), writing into
 * the session's transcript. Kept in one place so that the rest of the driver depends only on what
 * it needs from the transport. The run keeps a register of its open listeners, so an interrupted
 * run can close every one of them (closeOpenListeners) and a test can see how many were open at once.
 */
import type { TlsEvent, Transcript } from "../model/transcript.ts";
import { phase } from "../runner/phases.ts";
import { clientTarget, type RunContext, runContext } from "../runner/run-context.ts";
import { type PendingRequest, startRecordingServer } from "../transport/recording-server.ts";
import { portPool, rangeText } from "./port-pool.ts";

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
  /**
   * Address to bind instead of the run's --host, and a port (default: ephemeral, or one of the
   * --port range). A port given here is taken as it is: it names one a listener already holds.
   */
  bind?: { host: string; port: number };
  /** Numbers the exchanges (listeners of one session share the session's counter). */
  nextSeq?: () => number;
  /** A listener shared by sessions: the transcript (and counter) each request belongs to, by its target. */
  attribute?: (target: string) => { transcript: Transcript; nextSeq: () => number } | undefined;
}

const OPEN_KEY = "server-role.openListeners";

/** The run's open listeners, the ports they hold (a listener bound to a given port holds none), and the most held at once. */
interface OpenListeners {
  open: Set<Listener>;
  ports: number;
  peak: number;
}

function register(ctx: RunContext): OpenListeners {
  let reg = ctx.shared.get(OPEN_KEY) as OpenListeners | undefined;
  if (!reg) {
    reg = { open: new Set(), ports: 0, peak: 0 };
    ctx.shared.set(OPEN_KEY, reg);
  }
  return reg;
}

/** The most ports the listeners of the run of `ctx` held at once so far. */
export function listenerPeak(ctx: RunContext): number {
  return (ctx.shared.get(OPEN_KEY) as OpenListeners | undefined)?.peak ?? 0;
}

/** Closes every listener of the run of `ctx` still open (an interrupted run); resolves when all are. */
export async function closeOpenListeners(ctx: RunContext): Promise<void> {
  const reg = ctx.shared.get(OPEN_KEY) as OpenListeners | undefined;
  if (!reg) return;
  await Promise.allSettled([...reg.open].map((l) => l.close()));
}

export function openListener(opts: ListenerOptions): Promise<Listener> {
  return phase("listener", opts.bind ? `${opts.bind.host ?? ""}:${opts.bind.port}` : "", startListener(opts));
}

async function startListener(opts: ListenerOptions): Promise<Listener> {
  const ctx = runContext();
  const target = clientTarget();
  const pool = opts.bind ? undefined : portPool();
  const port = opts.bind?.port ?? (pool ? await pool.take(ctx.timeoutMs) : 0);
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  try {
    server = await startRecordingServer({
      host: opts.bind?.host ?? target.host,
      port,
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
      ...(opts.attribute ? { attribute: opts.attribute } : {}),
    });
  } catch (e) {
    if (!pool) throw e;
    pool.give(port);
    // Free at the pre-flight, taken since by another program.
    throw new Error(`--port ${rangeText(pool.range)}: port ${port}: ${(e as Error).message}`);
  }
  const host = opts.advertisedHost ?? target.publicHost ?? target.host;
  const origin = `${opts.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  const reg = register(ctx);
  let closing: Promise<void> | undefined;
  const listener: Listener = {
    origin,
    port: server.port,
    transcript: opts.transcript,
    close: () => {
      closing ??= server.close().finally(() => {
        reg.open.delete(listener);
        if (!opts.bind) reg.ports--;
        pool?.give(port);
      });
      return closing;
    },
  };
  reg.open.add(listener);
  if (!opts.bind) {
    reg.ports++;
    reg.peak = Math.max(reg.peak, reg.ports);
  }
  return listener;
}
