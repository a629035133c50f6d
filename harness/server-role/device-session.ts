/**
 * The harness as DM server, driving one device session in lockstep:
 *
 *   const s = await DeviceSession.start({ flags: { sendDevDetail: true } });
 *   await s.expectPkg1();                       // the device's Pkg#1, or null after the timeout
 *   s.respond([`PUT ${s.upload()} oma:mo:oma-dm-devinfo:1.0`]);
 *   await s.expectStatus();                     // its status package
 *   s.respondEnd();
 *   await s.expectQuiet();                      // nothing may follow END
 *   const view = await s.close();               // the transcript, read as the checks read it
 *
 * Every session has its own listener (an ephemeral port, the certificate of its case), so
 * independent sessions run in parallel. A pump takes every request off the listener as it comes:
 * requests for served resources ("/r/…", see resources.ts) are answered at once and recorded with a
 * label; anything else is a DM package, labelled "pkgN" and queued for the script's expect*()
 * calls. Once END is sent (or the session is closed), a DM package that still arrives is answered
 * with a command file holding only END, so a faulty device is not left hanging, and recorded as the
 * evidence it is. Every wait is bounded by the run's timeout; the quiet period is the only wait on
 * silence.
 */

import { randomUUID } from "node:crypto";
import type { HttpExchange, TlsEvent, Transcript } from "../model/transcript.ts";
import { newTranscript } from "../model/transcript.ts";
import { type DeviceSessionView, EVENT, packageLabel, viewSession } from "../model/transcript-contract.ts";
import { encodeNotification, type Notification } from "../protocol/notification.ts";
import { serializeTnds20, type Tnds20Object } from "../protocol/tnds20.ts";
import { clientTarget, runContext } from "../runner/run-context.ts";
import { type Listener, openListener, type PendingRequest } from "./listener.ts";
import { type CertCase, runPki, tlsFor } from "./pki.ts";
import { quietPeriodMs } from "./quiet.ts";
import {
  EMPTY_OK,
  exitPageHtml,
  htmlReply,
  type Reply,
  type ResourceHandler,
  ResourceTable,
  showPageHtml,
  tnds20Reply,
} from "./resources.ts";
import { sessionSlots } from "./session-slots.ts";

export type Pkg0Flags = Partial<
  Pick<Notification, "sendDevDetail" | "sendSupportedMOs" | "sendAllMOInstances">
>;

export interface SessionOptions {
  /** The certificate the DM listener serves, or "plaintext" for an http:// listener (default "valid"). */
  tlsCase?: CertCase | "plaintext";
  /** First MsgID the harness sends (default 0); each further answer adds one. */
  msgIdStart?: number;
  /** Session path on the listener (default "/dm/<random>"). */
  path?: string;
}

export interface StartOptions extends SessionOptions {
  flags?: Pkg0Flags;
}

const utf8 = new TextEncoder();
const DM20 = "application/dm20";
/** How long one pull on the listener may block before the pump looks at its stop signal again. */
const PUMP_SLICE_MS = 200;

function commandFileBody(msgId: number, lines: string[]): Uint8Array {
  for (const l of lines)
    if (/[\r\n]/.test(l)) throw new RangeError(`a command line may not hold CR or LF: ${JSON.stringify(l)}`);
  return utf8.encode([`MsgID ${msgId}`, ...lines].join("\r\n"));
}

function reply(p: PendingRequest, r: Reply): void {
  p.respond({ status: r.status, headers: r.headers, body: r.body });
}

/** Resolves after `ms`, or at once when `signal` aborts; the only timer the driver waits on. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export class DeviceSession {
  readonly transcript: Transcript;
  readonly sessionUrl: string;
  readonly origin: string;
  private readonly resources = new ResourceTable();
  private readonly listeners: Listener[] = [];
  private readonly queue: PendingRequest[] = [];
  private readonly waiters: Array<() => void> = [];
  private pending: PendingRequest | undefined;
  private packages = 0;
  private msgId: number;
  private ended = false;
  private closed = false;
  private wakeFailed = false;
  private readonly pumps: Promise<void>[] = [];
  private readonly stop = new AbortController();
  private caFile = "";
  private releaseSlot: (() => void) | undefined;

  private constructor(
    private readonly main: Listener,
    path: string,
    opts: SessionOptions,
  ) {
    this.transcript = main.transcript;
    this.origin = main.origin;
    this.sessionUrl = `${main.origin}${path}`;
    this.msgId = opts.msgIdStart ?? 0;
  }

  /** Opens the session's listener without waking the device (see notify() / stimulateDefault()). */
  static async open(opts: SessionOptions = {}): Promise<DeviceSession> {
    const { pki, caFile } = await runPki();
    const tlsCase = opts.tlsCase ?? "valid";
    const transcript = newTranscript("server");
    const listener = await openListener({
      tls: tlsCase === "plaintext" ? null : tlsFor(pki, tlsCase),
      transcript,
    });
    // Every session has a listener of its own: a random path keeps evidence of different sessions apart.
    const s = new DeviceSession(listener, opts.path ?? `/dm/${randomUUID().slice(0, 8)}`, opts);
    s.caFile = caFile;
    s.attach(listener);
    return s;
  }

  /** Opens the listener and wakes the device with a notification for it. */
  static async start(opts: StartOptions = {}): Promise<DeviceSession> {
    const s = await DeviceSession.open(opts);
    await s.notify(opts.flags ?? {});
    return s;
  }

  // --- waking the device -------------------------------------------------------------------------

  /** Sends Pkg#0 for this session's URL with the given flags, through the run's device adapter. */
  async notify(flags: Pkg0Flags = {}): Promise<void> {
    const notification = encodeNotification({ url: this.sessionUrl, ...flags });
    this.event(
      EVENT.notification,
      `Pkg#0 for ${this.sessionUrl}: send-devdetail=${flags.sendDevDetail ? 1 : 0} send-supported-mo=${flags.sendSupportedMOs ? 1 : 0} send-all-mo-instances=${flags.sendAllMOInstances ? 1 : 0}`,
      notification,
    );
    await this.wake({ kind: "notification", notification, serverUrl: this.sessionUrl, caFile: this.caFile });
  }

  /** Asks the device (or its user) to request configuration for `moid`: the DEFAULT path of 5.8. */
  async stimulateDefault(moid: string, initiatedBy: "Device" | "User"): Promise<void> {
    this.event(EVENT.stimulus, `default ${moid} InitiatedBy=${initiatedBy}`);
    await this.wake({ kind: "default", moid, initiatedBy, caFile: this.caFile });
  }

  private async wake(
    stimulus: Parameters<ReturnType<typeof clientTarget>["device"]["wake"]>[0],
  ): Promise<void> {
    if (!this.releaseSlot) this.releaseSlot = await sessionSlots()?.acquire();
    try {
      await clientTarget().device.wake(stimulus);
    } catch (e) {
      this.wakeFailed = true;
      this.event(EVENT.wakeError, `waking the device failed: ${(e as Error).message}`);
    }
  }

  // --- served resources --------------------------------------------------------------------------

  /** Serves a TNDS20 document for GET; returns its URL. */
  document(objects: Tnds20Object[]): string {
    const body = serializeTnds20({ TNDS20: objects });
    return this.serve("doc.tnds20", "get-target", () => tnds20Reply(body));
  }

  /** An endpoint that accepts an upload (PUT/POST) or a Generic Alert; returns its URL. */
  upload(label = "upload"): string {
    return this.serve(label, label, () => EMPTY_OK);
  }

  alertSink(): string {
    return this.upload("alert");
  }

  /**
   * A URL template under a path the harness answers (with 200) whatever the device puts where the
   * template has placeholders: "/p/[IMEI]" gives "https://host:port/r/<n>/p/[IMEI]".
   */
  template(suffix: string): string {
    const path = this.resources.add("p", "param-target", () => EMPTY_OK, { prefix: true });
    return `${this.origin}${path}${suffix}`;
  }

  /**
   * A SHOW target: the page (which moves on to the exit URL by itself) and its Close or Continue
   * URL. With `hold`, the page is answered only once a DM package arrives or the quiet period ends:
   * a device that does not pause its session shows it by sending its status while the page is held.
   */
  show(mode: "Close" | "Continue", opts: { hold?: boolean } = {}): { serverUri: string; exitUrl: string } {
    const exitPath = this.resources.add(mode.toLowerCase(), `show-${mode.toLowerCase()}`, () =>
      htmlReply(exitPageHtml(mode)),
    );
    const exitUrl = `${this.origin}${exitPath}`;
    const html = showPageHtml(exitUrl, mode);
    const holdMs = quietPeriodMs();
    const pagePath = this.resources.add("page", "show-page", async () => {
      if (opts.hold) await this.packageOrQuiet(holdMs);
      return htmlReply(html);
    });
    return { serverUri: `${this.origin}${pagePath}?${mode}=${exitUrl}`, exitUrl };
  }

  /** A resource with a handler of the caller's own (for tests that need odd answers). */
  serve(name: string, label: string, handler: ResourceHandler): string {
    return `${this.origin}${this.resources.add(name, label, handler)}`;
  }

  /**
   * A plain http:// listener for this session's resources (GET/PUT/POST ServerURIs may be http://).
   * It records into the same transcript; returns its origin.
   */
  async plainOrigin(): Promise<string> {
    // Its own transcript (each listener numbers its exchanges from 0), merged into the session's at close().
    const listener = await openListener({ tls: null, transcript: newTranscript("server") });
    this.attach(listener);
    return listener.origin;
  }

  // --- the lockstep script -----------------------------------------------------------------------

  /** Waits for Pkg#1 (bounded); null when it did not come. */
  expectPkg1(): Promise<HttpExchange | null> {
    return this.expectPackage("Pkg#1");
  }

  /** Waits for the status package answering the last response (bounded); null when it did not come. */
  expectStatus(): Promise<HttpExchange | null> {
    return this.expectPackage(`the status package for MsgID ${this.msgId - 1}`);
  }

  /** Answers the DM package in hand with `MsgID n` and these command lines; returns n. */
  respond(lines: string[]): number {
    const p = this.pending;
    if (!p) throw new Error("respond() without a DM package in hand: call expectPkg1()/expectStatus() first");
    this.pending = undefined;
    const msgId = this.msgId++;
    if (lines.some((l) => l.trim() === "END")) this.ended = true;
    reply(p, { status: 200, headers: [["Content-Type", DM20]], body: commandFileBody(msgId, lines) });
    return msgId;
  }

  /** Answers with these commands and END: the session is over, nothing may follow (5.5). */
  respondEnd(lines: string[] = []): number {
    return this.respond([...lines, "END"]);
  }

  /** Waits until a request for each URL arrived (bounded): for commands whose only trace is their request. */
  async expectRequests(urls: string[], timeoutMs = runContext().timeoutMs): Promise<boolean> {
    const keys = urls.map(pathAndQuery);
    const has = () => keys.every((k) => this.exchanges().some((ex) => pathAndQuery(ex.request.target) === k));
    const deadline = Date.now() + timeoutMs;
    while (!has()) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        this.event(EVENT.timeout, `waited ${timeoutMs} ms for requests to ${urls.join(", ")}`);
        return false;
      }
      await this.nextArrival(left);
    }
    return true;
  }

  /**
   * Waits (bounded) until the device shows what it made of the session listener: a connection that
   * ended (refused certificate, or closed after its requests) or a request on it (accepted). Resolves
   * the settled connection, "request", or null when neither came. A device that accepts keeps its
   * connection open, so waiting for the connection alone would run into the timeout.
   */
  async expectConnection(): Promise<TlsEvent | "request" | null> {
    const ms = runContext().timeoutMs;
    const deadline = Date.now() + ms;
    const before = this.exchanges().length;
    let settled: TlsEvent | null | undefined;
    const conn = this.main.nextConnection(ms).then((ev) => {
      settled = ev;
    });
    while (settled === undefined && this.exchanges().length === before) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) break;
      await Promise.race([conn, this.nextArrival(left)]);
    }
    this.wakeWaiters(); // releases the arrival timer the race left behind
    if (settled) return settled;
    if (this.exchanges().length > before) return "request";
    this.event(EVENT.timeout, `no connection to ${this.origin} within ${ms} ms`);
    return null;
  }

  /** Watches the listeners for the quiet period, answering whatever arrives; records the watch. */
  async expectQuiet(ms = quietPeriodMs()): Promise<number> {
    const before = this.exchanges().length;
    this.event(EVENT.quietStart, `watching ${this.origin} for ${ms} ms`);
    await delay(ms, this.stop.signal);
    const arrived = this.exchanges().length - before;
    this.event(EVENT.quietEnd, `${ms} ms watched: ${arrived} request(s) arrived`);
    return arrived;
  }

  /** The session as the checks read it (the transcript so far). */
  view(): DeviceSessionView {
    return viewSession(this.transcript);
  }

  /**
   * Stops the session: answers a package still in hand with END, closes the listeners, records
   * what the device adapter printed. Idempotent; returns the view of the finished transcript.
   */
  async close(): Promise<DeviceSessionView> {
    if (!this.closed) {
      this.closed = true;
      this.ended = true;
      if (this.pending) this.respondEnd();
      for (const p of this.queue.splice(0)) this.answerLate(p);
      this.stop.abort();
      this.wakeWaiters();
      await Promise.allSettled(this.listeners.map((l) => l.close()));
      await Promise.allSettled(this.pumps);
      this.mergeTranscripts();
      this.releaseSlot?.();
      const output = clientTarget().device.output?.();
      if (output) this.event(EVENT.triggerOutput, output);
      this.transcript.endedAt = Date.now();
    }
    return this.view();
  }

  /** Convenience: Pkg#1, then each batch answered and its status awaited, then END. Stops early on a timeout. */
  async run(
    batches: string[][],
    opts: { endWith?: string[]; quiet?: boolean } = {},
  ): Promise<DeviceSessionView> {
    try {
      if (!(await this.expectPkg1())) return await this.close();
      for (const batch of batches) {
        this.respond(batch);
        if (!(await this.expectStatus())) return await this.close();
      }
      this.respondEnd(opts.endWith ?? []);
      if (opts.quiet) await this.expectQuiet();
    } finally {
      await this.close();
    }
    return this.view();
  }

  // --- internals ---------------------------------------------------------------------------------

  /** Every exchange so far, on every listener of the session. */
  private exchanges(): HttpExchange[] {
    const extra = this.listeners
      .filter((l) => l.transcript !== this.transcript)
      .flatMap((l) => l.transcript.exchanges);
    return this.closed ? this.transcript.exchanges : [...this.transcript.exchanges, ...extra];
  }

  /** Folds the extra listeners' records into the session transcript and numbers exchanges in start order. */
  private mergeTranscripts(): void {
    for (const l of this.listeners) {
      if (l.transcript === this.transcript) continue;
      this.transcript.exchanges.push(...l.transcript.exchanges);
      this.transcript.tls.push(...l.transcript.tls);
      this.transcript.events.push(...l.transcript.events);
    }
    this.transcript.exchanges.sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
    this.transcript.exchanges.forEach((ex, i) => {
      ex.seq = i;
    });
    this.transcript.events.sort((a, b) => a.at - b.at);
  }

  private event(kind: string, detail: string, bytes?: Uint8Array): void {
    this.transcript.events.push({ at: Date.now(), kind, detail, ...(bytes ? { bytes } : {}) });
  }

  private attach(listener: Listener): void {
    this.listeners.push(listener);
    this.pumps.push(this.pump(listener));
  }

  private async pump(listener: Listener): Promise<void> {
    const stopped = new Promise<null>((resolve) => {
      if (this.stop.signal.aborted) resolve(null);
      else this.stop.signal.addEventListener("abort", () => resolve(null), { once: true });
    });
    while (!this.stop.signal.aborted) {
      let p: PendingRequest | null;
      try {
        p = await Promise.race([listener.nextRequest(PUMP_SLICE_MS), stopped]);
      } catch {
        return; // the listener closed under us
      }
      if (p) this.dispatch(p);
    }
  }

  private dispatch(p: PendingRequest): void {
    const target = p.exchange.request.target;
    if (ResourceTable.isResource(target)) {
      const r = this.resources.find(target);
      p.exchange.label = r?.label ?? "unknown-resource";
      Promise.resolve(r ? r.handler(p) : { status: 404, headers: [], body: new Uint8Array() })
        .then((res) => reply(p, res))
        .catch(() => reply(p, { status: 500, headers: [], body: new Uint8Array() }))
        .finally(() => this.wakeWaiters());
      return;
    }
    // Anything else is a DM package (even a misdirected one: 5.6-01 judges where it went).
    p.exchange.label = packageLabel(++this.packages);
    if (this.ended) this.answerLate(p);
    else this.queue.push(p);
    this.wakeWaiters();
  }

  /** A DM package after END (or after close): answered with END so the device stops; the transcript keeps it. */
  private answerLate(p: PendingRequest): void {
    reply(p, {
      status: 200,
      headers: [["Content-Type", DM20]],
      body: commandFileBody(this.msgId++, ["END"]),
    });
  }

  private wakeWaiters(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves at the next request of any kind, or after `ms`. */
  private nextArrival(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      this.waiters.push(done);
      function done() {
        clearTimeout(t);
        resolve();
      }
    });
  }

  private async expectPackage(what: string): Promise<HttpExchange | null> {
    if (this.pending) throw new Error(`expecting ${what} while the previous DM package is still unanswered`);
    const ms = runContext().timeoutMs;
    const deadline = Date.now() + ms;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed || this.wakeFailed) {
        this.event(
          EVENT.timeout,
          this.wakeFailed
            ? `not waiting for ${what}: the device could not be woken`
            : `waited ${ms} ms for ${what}`,
        );
        return null;
      }
      await this.nextArrival(left);
    }
    this.pending = this.queue.shift()!;
    return this.pending.exchange;
  }

  /** For a held SHOW page: resolves when a DM package arrives or the quiet period ends. */
  private async packageOrQuiet(ms: number): Promise<void> {
    const before = this.packages;
    const deadline = Date.now() + ms;
    while (this.packages === before && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await this.nextArrival(left);
    }
  }
}

function pathAndQuery(url: string): string {
  try {
    const u = new URL(url, "http://x.invalid");
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
