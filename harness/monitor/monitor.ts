/**
 * The monitor: a recording, TLS-terminating proxy between a real device and a real DM server.
 * It listens for the device (the recording server of harness/transport/, with a certificate from
 * the harness CA the device trusts) and forwards to the server (the recording client, trusting
 * only the server's declared CA and checking its host name). One listener serves the monitor's
 * whole life, so a URL handed to the device in one session (a DEFAULT ServerURL) still reaches it
 * in the next; sessions run one after the other, and each request belongs to the session under
 * way when it arrived.
 */

import type { HttpExchange, TlsEvent, Transcript, TranscriptEvent } from "../model/transcript.ts";
import { newTranscript } from "../model/transcript.ts";
import { startRecordingServer } from "../transport/recording-server.ts";
import { LiveSession, type LiveSessionBounds } from "./live-session.ts";
import type { MonitoredSession, SessionEnding, SessionKind } from "./monitored-session.ts";
import { originOf } from "./rewrite.ts";
import { EVENT, resourceKey } from "./transcript-convention.ts";

export interface MonitorOptions extends LiveSessionBounds {
  /** Certificate chain and key the device sees (issued by the CA it trusts). */
  tls: { cert: string; key: string };
  /** The CA the server's certificate must verify against (DMS-5.3-02). */
  upstreamCaPem: string;
  host?: string;
  port?: number;
  /** Host name put into URLs handed to the device, for a device on another machine. */
  publicHost?: string;
}

export interface SessionSpec {
  index: number;
  kind: SessionKind;
  /** The server's DM URL for this session, as the server named it. */
  upstreamUrl: string;
  /** Server-leg transcript to record into (it may already hold the Pkg#0 events). */
  serverLeg: Transcript;
  notifyConfigured: boolean;
  stimulus?: { moid: string; initiatedBy: "Device" | "User" };
  /** Events the device leg starts with (the notification it is sent, the DEFAULT stimulus). */
  deviceEvents: TranscriptEvent[];
  /** Delivers the stimulus to the device; a rejection ends the session (blamed on the device adapter). */
  wake(): Promise<void>;
  /** What the device adapter printed so far (a trigger command's output), kept as evidence. */
  output?: () => string;
}

export interface Monitor {
  /** scheme://host:port the device reaches the monitor at. */
  readonly origin: string;
  readonly port: number;
  /** The device-facing URL that stands for `upstreamUrl` (same path and query). */
  deviceUrlFor(upstreamUrl: string): string;
  runSession(spec: SessionSpec): Promise<MonitoredSession>;
  close(): Promise<void>;
}

/** How long one pull on the listener may block before the pump looks at its stop flag again. */
const PUMP_SLICE_MS = 200;

export async function startMonitor(opts: MonitorOptions): Promise<Monitor> {
  const listenerLeg = newTranscript("server");
  const server = await startRecordingServer({
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    tls: opts.tls,
    bodyLimitBytes: opts.bodyLimitBytes,
    handshakeTimeoutMs: opts.timeoutMs,
    requestTimeoutMs: opts.timeoutMs,
    // A forward takes at most the recording client's bounds (three timeouts for a whole answer).
    unansweredTimeoutMs: opts.timeoutMs * 4,
    transcript: listenerLeg,
  });
  const host = opts.publicHost ?? opts.host ?? "127.0.0.1";
  const origin = `https://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  let current: LiveSession | undefined;
  let stopping = false;

  const pump = (async () => {
    while (!stopping) {
      const p = await server.nextRequest(PUMP_SLICE_MS);
      if (!p) continue;
      if (current) current.handle(p);
      else
        p.respond({
          status: 503,
          headers: [["Content-Type", "text/plain; charset=utf-8"]],
          body: "monitor: no DM session is under way\n",
        });
    }
  })();

  const deviceUrlFor = (upstreamUrl: string): string => {
    const from = originOf(upstreamUrl);
    return from ? `${origin}${upstreamUrl.slice(from.length)}` : upstreamUrl;
  };

  return {
    origin,
    port: server.port,
    deviceUrlFor,
    async runSession(spec) {
      const from = originOf(spec.upstreamUrl) ?? spec.upstreamUrl;
      const startedAt = Date.now();
      const firstSeq = listenerLeg.exchanges.length;
      const session = new LiveSession({ from, to: origin }, opts.upstreamCaPem, spec.serverLeg, opts, () =>
        lastError(listenerLeg.exchanges.slice(firstSeq)),
      );
      current = session;
      try {
        await spec.wake();
      } catch (e) {
        session.note("wake-error", `waking the device failed: ${(e as Error).message}`);
        session.finish({
          reachedEnd: false,
          blame: "device",
          reason: `the device could not be woken: ${(e as Error).message}`,
        });
      }
      const ending = await session.finished;
      await session.settle();
      const printed = spec.output?.();
      if (printed) session.note(EVENT.triggerOutput, printed.slice(-16 * 1024));
      current = undefined;
      spec.serverLeg.endedAt = Date.now();
      const deviceLeg = carve(
        listenerLeg,
        firstSeq,
        startedAt,
        [...spec.deviceEvents, ...session.deviceEvents],
        session.known,
      );
      return monitored(spec, deviceUrlFor(spec.upstreamUrl), deviceLeg, ending);
    },
    async close() {
      stopping = true;
      await pump;
      await server.close();
    },
  };
}

function monitored(
  spec: SessionSpec,
  deviceUrl: string,
  deviceLeg: Transcript,
  ending: SessionEnding,
): MonitoredSession {
  return {
    index: spec.index,
    kind: spec.kind,
    upstreamUrl: spec.upstreamUrl,
    deviceUrl,
    deviceLeg,
    serverLeg: spec.serverLeg,
    notifyConfigured: spec.notifyConfigured,
    ...(spec.stimulus ? { stimulus: spec.stimulus } : {}),
    ending,
  };
}

function lastError(exchanges: HttpExchange[]): string | undefined {
  const cut = [...exchanges].reverse().find((ex) => ex.error || ex.request.bodyTruncated);
  if (!cut) return undefined;
  const what = `${cut.request.method} ${cut.request.target}`;
  if (cut.error) return `${what}: ${cut.error.code} (${cut.error.message})`;
  return `${what}: body of ${cut.request.bodyBytesSeen} bytes or more, over the monitor's bound`;
}

/**
 * The device leg of one session: the listener's exchanges from this session on (renumbered from
 * 0), its TLS connections, and the session's events. A POST the transport refused before the
 * monitor saw it (a body over the bound, cut mid-body) is still a DM package where it went to no
 * resource the server named, so it is labelled like the others, in arrival order.
 */
function carve(
  listener: Transcript,
  firstSeq: number,
  startedAt: number,
  events: TranscriptEvent[],
  known: Set<string>,
): Transcript {
  const exchanges = listener.exchanges.slice(firstSeq).map((ex, i) => ({ ...ex, seq: i }));
  let n = 0;
  for (const ex of exchanges) {
    const isPackage =
      ex.label?.startsWith("pkg") ||
      (ex.label === undefined &&
        ex.request.method === "POST" &&
        !known.has(resourceKey(ex.request.target) ?? ""));
    if (isPackage) ex.label = `pkg${++n}`;
  }
  const tls: TlsEvent[] = listener.tls.filter((ev) => ev.at >= startedAt - 1);
  return {
    harnessRole: "server",
    startedAt,
    endedAt: Date.now(),
    exchanges,
    tls,
    events: [...events].sort((a, b) => a.at - b.at),
  };
}
