/**
 * Hostile devices for the driver's robustness tests: a DeviceAdapter that, when notified, runs a
 * scripted raw TLS/TCP client against the notified URL instead of a DM client. Each script misbehaves
 * in one way; the harness must still reach a verdict with evidence within its bounds.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Socket, connect as tcpConnect } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { Agent, request } from "undici";
import { decodeNotification } from "../../harness/protocol/notification.ts";
import type { DeviceAdapter, DeviceStimulus } from "../../harness/runner/run-context.ts";

export interface Target {
  url: URL;
  caPem: string;
  /** Registers a socket so that close() can destroy it. */
  track<T extends Socket>(s: T): T;
  signal: AbortSignal;
}

export type HostileScript = (t: Target) => Promise<void>;

/** Resolves when the socket closes or the signal aborts. */
function closed(s: Socket, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed || signal.aborted) return resolve();
    s.once("close", () => resolve());
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function tls(t: Target): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = t.track(
      tlsConnect({ host: t.url.hostname, port: Number(t.url.port), ca: t.caPem, servername: undefined }),
    );
    s.once("secureConnect", () => resolve(s));
    s.once("error", reject);
  });
}

const head = (t: Target, extra: string) =>
  `POST ${t.url.pathname} HTTP/1.1\r\nHost: ${t.url.host}\r\nContent-Type: application/tnds20\r\nX-OMADMDeviceID: IMEI:004401074860001\r\n${extra}`;

export const SCRIPTS: Record<string, HostileScript> = {
  /** Wakes up and does nothing at all. */
  "never connects": async () => {},

  /** Opens TLS, sends half a request head, hangs up. */
  "connects and closes mid-headers": async (t) => {
    const s = await tls(t);
    s.end(head(t, "Content-Len"));
    await closed(s, t.signal);
  },

  /** Random bytes where a TLS ClientHello belongs, then random bytes inside TLS where HTTP belongs. */
  "sends garbage bytes": async (t) => {
    const raw = t.track(tcpConnect({ host: t.url.hostname, port: Number(t.url.port) }));
    raw.on("error", () => undefined);
    raw.end(randomBytes(4096));
    await closed(raw, t.signal);
    const s = await tls(t);
    s.on("error", () => undefined);
    s.end(randomBytes(4096));
    await closed(s, t.signal);
  },

  /** A Pkg#1 announcing and sending 50 MiB, with backpressure. */
  "sends a 50 MiB body": async (t) => {
    const total = 50 * 1024 * 1024;
    const s = await tls(t);
    s.on("error", () => undefined);
    s.on("data", () => undefined);
    s.write(head(t, `Content-Length: ${total}\r\n\r\n`));
    const chunk = Buffer.alloc(64 * 1024, 0x7b);
    const gone = closed(s, t.signal);
    for (let sent = 0; sent < total && !s.destroyed && !t.signal.aborted; sent += chunk.length) {
      if (!s.write(chunk)) await Promise.race([new Promise((r) => s.once("drain", r)), gone]);
    }
    await closed(s, t.signal);
  },

  /** A request head dripped one byte a second. */
  "drips one byte a second": async (t) => {
    const s = await tls(t);
    s.on("error", () => undefined);
    const bytes = Buffer.from(head(t, "Content-Length: 2\r\n\r\n{}"));
    for (let i = 0; i < bytes.length && !s.destroyed && !t.signal.aborted; i++) {
      s.write(bytes.subarray(i, i + 1));
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), closed(s, t.signal)]);
    }
    s.destroy();
  },

  /** A proper Pkg#1, then a status package of 100,000 lines. */
  "sends a status file of 100,000 lines": async (t) => {
    const agent = new Agent({ connect: { ca: t.caPem } });
    try {
      const headers = {
        "X-OMADMDeviceID": "IMEI:004401074860001",
        Accept: "application/dm20, application/tnds20",
      };
      const pkg1 = await request(t.url, {
        method: "POST",
        dispatcher: agent,
        signal: t.signal,
        headers: { ...headers, "Content-Type": "application/tnds20" },
        body: JSON.stringify({
          TNDS20: [{ MOID: "oma:mo:oma-dm-devinfo:1.0", Path: "/", DevId: "IMEI:004401074860001" }],
        }),
      });
      const answer = await pkg1.body.text();
      const msgId = /^MsgID (\d+)/.exec(answer)?.[1] ?? "0";
      const lines = [`MsgID ${msgId}`, ...new Array(100_000).fill("200")].join("\r\n");
      const status = await request(t.url, {
        method: "POST",
        dispatcher: agent,
        signal: t.signal,
        headers: { ...headers, "Content-Type": "application/dm20status" },
        body: lines,
      });
      await status.body.text();
    } catch {
      // aborted at close(): nothing more to do
    } finally {
      await agent.destroy();
    }
  },
};

export class HostileDevice implements DeviceAdapter {
  private readonly running = new Set<Promise<void>>();
  private readonly sockets = new Set<Socket>();
  private readonly stop = new AbortController();
  private woken = 0;

  /** `times`: how many notifications get the script (later ones are ignored, like a dead device). */
  constructor(
    private readonly name: string,
    private readonly times = 1,
  ) {}

  describe(): string {
    return `hostile device: ${this.name}`;
  }

  async wake(stimulus: DeviceStimulus): Promise<void> {
    if (stimulus.kind !== "notification" || this.woken++ >= this.times) return;
    const decoded = decodeNotification(stimulus.notification);
    if (!decoded.ok) return;
    const caPem = await readFile(stimulus.caFile, "utf8");
    const target: Target = {
      url: new URL(decoded.notification.url),
      caPem,
      signal: this.stop.signal,
      track: (s) => {
        this.sockets.add(s);
        s.once("close", () => this.sockets.delete(s));
        return s;
      },
    };
    const run = SCRIPTS[this.name]!(target)
      .catch(() => undefined)
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async close(): Promise<void> {
    this.stop.abort();
    for (const s of this.sockets) s.destroy();
    await Promise.allSettled([...this.running]);
  }
}
