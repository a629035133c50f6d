/**
 * The monitor's work within one DM session: each request the device sends is forwarded to the
 * real server on the session's own recording client (the server leg), and the server's answer
 * goes back to the device with the server's origin swapped for the monitor's (rewrite.ts). Which
 * requests are DM packages is decided from the wire alone, as the server itself must: a POST to
 * a resource no command of this session named (the session URL, whatever its path) is the next
 * package; everything else is a side request (GET of a ServerURI, an upload, an alert, a page).
 *
 * Every wait is bounded: an upstream exchange by the recording client's timeouts, the device's
 * silence by `timeoutMs` (reset on each request, paused while an answer is on its way), the watch
 * after END by the quiet period, the whole session by a budget of timeouts.
 */

import { headerValue, type Transcript, type TranscriptEvent } from "../model/transcript.ts";
import { parseCommandFile } from "../protocol/command-file.ts";
import { mediaTypeEssence } from "../protocol/http-rules.ts";
import { createRecordingClient, type RecordingClient } from "../transport/recording-client.ts";
import type { PendingRequest, ResponseSpec } from "../transport/recording-server.ts";
import type { SessionEnding } from "./monitored-session.ts";
import { type OriginSwap, rewriteBody, rewriteUrl } from "./rewrite.ts";
import { EVENT, packageLabel, resourceKey } from "./transcript-convention.ts";

export interface LiveSessionBounds {
  timeoutMs: number;
  bodyLimitBytes: number;
  maxPackages: number;
  quietMs: number;
}

/** Headers that belong to one connection, not to the message (RFC 9110 7.6.1), and those the transport sets. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "host",
  "content-length",
]);

function forwardable(rawHeaders: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!NOT_FORWARDED.has(rawHeaders[i]!.toLowerCase())) out.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  }
  return out;
}

const GATEWAY_TEXT = [["Content-Type", "text/plain; charset=utf-8"]] as Array<[string, string]>;

/** How many budget timeouts one session may take at most, whatever the device keeps sending. */
const SESSION_BUDGET_TIMEOUTS = 12;

export class LiveSession {
  readonly serverLeg: Transcript;
  readonly deviceEvents: TranscriptEvent[] = [];
  readonly startedAt = Date.now();
  /** Resource keys (path and query) of every URL the server named in this session's commands. */
  readonly known = new Set<string>();
  readonly finished: Promise<SessionEnding>;
  private readonly client: RecordingClient;
  private readonly inflight = new Set<Promise<void>>();
  private packages = 0;
  /** Path and query of Pkg#1: where the session's packages go. */
  private sessionKey: string | null = null;
  private endAnswered = false;
  private over = false;
  private idle: NodeJS.Timeout | undefined;
  private readonly budget: NodeJS.Timeout;
  private quiet: NodeJS.Timeout | undefined;
  private requestsSinceEnd = 0;
  private resolveFinished!: (e: SessionEnding) => void;

  constructor(
    readonly swap: OriginSwap,
    upstreamCaPem: string,
    serverLeg: Transcript,
    private readonly bounds: LiveSessionBounds,
    private readonly lastDeviceError: () => string | undefined,
  ) {
    this.serverLeg = serverLeg;
    this.client = createRecordingClient({
      caPem: upstreamCaPem,
      timeoutMs: bounds.timeoutMs,
      bodyLimitBytes: bounds.bodyLimitBytes,
      transcript: serverLeg,
    });
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.budget = setTimeout(
      () =>
        this.finish({
          reachedEnd: this.endAnswered,
          blame: this.inflight.size > 0 ? "server" : "device",
          reason: `the session went on past the monitor's budget of ${SESSION_BUDGET_TIMEOUTS} timeouts (${SESSION_BUDGET_TIMEOUTS * bounds.timeoutMs} ms)`,
        }),
      SESSION_BUDGET_TIMEOUTS * bounds.timeoutMs,
    );
    this.armIdle();
  }

  /** DM packages the device sent so far in this session. */
  get packageCount(): number {
    return this.packages;
  }

  note(kind: string, detail: string, bytes?: Uint8Array): void {
    this.deviceEvents.push({ at: Date.now(), kind, detail, ...(bytes ? { bytes } : {}) });
  }

  /** Ends the session now (the device could not be woken, the monitor is closing…). */
  finish(ending: SessionEnding): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.idle);
    clearTimeout(this.budget);
    clearTimeout(this.quiet);
    this.resolveFinished(ending);
  }

  /** Resolves once every forward under way has ended (each is bounded by the client's timeouts). */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.client.close();
  }

  handle(p: PendingRequest): void {
    if (this.over) {
      p.respond({ status: 503, headers: GATEWAY_TEXT, body: "monitor: this DM session is over\n" });
      return;
    }
    if (this.endAnswered) this.requestsSinceEnd++;
    const work = this.forward(p).finally(() => {
      this.inflight.delete(work);
      if (this.inflight.size === 0) this.armIdle();
    });
    this.inflight.add(work);
    clearTimeout(this.idle);
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    if (this.over || this.endAnswered) return;
    this.idle = setTimeout(() => {
      const cut = this.lastDeviceError();
      const waited = `no request from the device within ${this.bounds.timeoutMs} ms`;
      const detail =
        this.packages === 0
          ? `${waited} of the stimulus: it never opened the session${cut ? ` (its last request was cut: ${cut})` : ""}`
          : `${waited} after the answer to Pkg#${this.packages}${cut ? ` (its last request was cut: ${cut})` : ""}`;
      this.note(EVENT.timeout, detail);
      this.finish({ reachedEnd: false, blame: "device", reason: detail });
    }, this.bounds.timeoutMs);
  }

  private async forward(p: PendingRequest): Promise<void> {
    const ex = p.exchange;
    const req = ex.request;
    const key = resourceKey(req.target);
    const isPackage = req.method === "POST" && (key === null || !this.known.has(key));
    if (isPackage) {
      if (this.packages === 0) this.sessionKey = key;
      this.packages++;
      ex.label = packageLabel(this.packages);
    }
    const upstream = await this.client.request({
      method: req.method,
      url: `${this.swap.from}${req.target}`,
      headers: forwardable(req.rawHeaders),
      ...(req.body.length > 0 || req.method === "POST" || req.method === "PUT" ? { body: req.body } : {}),
      label: ex.label ?? "side",
    });
    const res = upstream.response;
    if (!res || upstream.error || res.bodyTruncated) {
      const why = upstream.error
        ? `${upstream.error.code}: ${upstream.error.message}`
        : res?.bodyTruncated
          ? `the body went over the monitor's bound of ${this.bounds.bodyLimitBytes} bytes`
          : "no response";
      const timedOut = /TIMEOUT/i.test(upstream.error?.code ?? "");
      p.respond({
        status: timedOut ? 504 : 502,
        headers: GATEWAY_TEXT,
        body: `monitor: the DM server's answer did not come through (${why})\n`,
      });
      if (isPackage) {
        this.finish({
          reachedEnd: false,
          blame: "server",
          reason: `the server's answer to Pkg#${this.packages} did not come through: ${why}`,
        });
      }
      return;
    }
    const html = mediaTypeEssence(headerValue(res, "content-type")) === "text/html";
    const body = isPackage || html ? rewriteBody(res.body, this.swap).body : res.body;
    const headers = forwardable(res.rawHeaders).map(([n, v]): [string, string] => [
      n,
      n.toLowerCase() === "location" ? rewriteUrl(v, this.swap) : v,
    ]);
    const answer: ResponseSpec = { status: res.statusCode, headers, body };
    p.respond(answer);
    if (isPackage) this.afterAnswer(res.statusCode, body);
  }

  /** Learns the resources the answer names; END starts the quiet watch; a refusal ends the session. */
  private afterAnswer(status: number, body: Uint8Array): void {
    if (status < 200 || status >= 300) {
      this.finish({
        reachedEnd: false,
        blame: "none",
        reason: `the server answered Pkg#${this.packages} with HTTP ${status}: no command file, so the device has nothing more to do`,
      });
      return;
    }
    const file = parseCommandFile(body);
    for (const c of file.commands) {
      // DEFAULT's ServerURL is where a later session starts, not a resource of this one.
      if (c.name === "DEFAULT") continue;
      for (const param of c.params) {
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(param)) continue;
        const k = resourceKey(param);
        // The session URL stays the session's, whatever a command names.
        if (k !== null && k !== this.sessionKey) this.known.add(k);
      }
    }
    if (file.commands.some((c) => c.name === "END")) {
      if (this.endAnswered) return;
      this.endAnswered = true;
      clearTimeout(this.idle);
      this.note(EVENT.quietStart, `END sent to the device; watching ${this.bounds.quietMs} ms for requests`);
      this.quiet = setTimeout(() => {
        this.note(
          EVENT.quietEnd,
          `${this.requestsSinceEnd} request(s) arrived in the ${this.bounds.quietMs} ms after END`,
        );
        this.finish({ reachedEnd: true, blame: "none", reason: "the session reached END" });
      }, this.bounds.quietMs);
      return;
    }
    if (this.packages >= this.bounds.maxPackages) {
      this.finish({
        reachedEnd: false,
        blame: "server",
        reason: `no END within ${this.bounds.maxPackages} packages (the monitor's bound)`,
      });
    }
  }
}
