/**
 * The harness as DM server, driving one device session in lockstep:
 *
 *   const s = await run.start("flags", { flags: { sendDevDetail: true } });   // see scenario.ts
 *   await s.expectPkg1();                       // the device's Pkg#1, or null after the timeout
 *   s.respond([step(`PUT ${s.upload()} oma:mo:oma-dm-devinfo:1.0`, "success")]);
 *   await s.expectStatus();                     // its status package
 *   s.respondEnd();
 *   await s.finish();                           // the script is done; the session is still watched
 *
 * Each session has a DM listener of its own (an ephemeral port, the certificate of its case), so
 * independent sessions run in parallel. Every resource a command names is served from the run's
 * resource origin (resource-origin.ts) under the session's own path prefix, so a device that
 * ignores a ServerURI's authority is seen doing so. Every request is handed over as it arrives:
 * DM packages are labelled "pkg1", "pkg2", … and wait in the session until the script takes them;
 * resources answer themselves. All waits go through one inbox with a deadline (inbox.ts).
 *
 * Once END is sent, a DM package that still arrives is answered with a command file holding only
 * END, so a faulty device is not left hanging, and recorded as the evidence it is. After finish()
 * the listeners stay open until the run watch ends (run-watch.ts): the "never" clauses are judged
 * over the whole run. A device that answers no notification at all makes every session stop
 * waiting after the first timeout window (device-liveness.ts).
 */

import { randomUUID } from "node:crypto";
import type { HttpExchange, TlsEvent, Transcript } from "../model/transcript.ts";
import { newTranscript } from "../model/transcript.ts";
import {
  type DeviceSessionView,
  EVENT,
  type ExpectationRecord,
  type ExpectedOutcome,
  packageLabel,
  reachedAuthorityOf,
  resourceKey,
  viewSession,
} from "../model/transcript-contract.ts";
import { encodeNotification, type Notification } from "../protocol/notification.ts";
import { serializeTnds20, type Tnds20Object } from "../protocol/tnds20.ts";
import { phase, phaseStart } from "../runner/phases.ts";
import { clientTarget, type DeviceStimulus, runContext } from "../runner/run-context.ts";
import { deviceLiveness } from "./device-liveness.ts";
import { Inbox } from "./inbox.ts";
import { type Listener, openListener, type PendingRequest } from "./listener.ts";
import { type CertCase, runPki, tlsFor } from "./pki.ts";
import { quietPeriodMs } from "./quiet.ts";
import { plainResourceOrigin, resourceOrigin } from "./resource-origin.ts";
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
import { runWatch } from "./run-watch.ts";
import { sessionActivity } from "./session-activity.ts";
import { sessionSlots } from "./session-slots.ts";
import { sessionIdOf, sharedListener } from "./shared-listener.ts";

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
  /** The session's name in evidence and reports. */
  name?: string;
}

export interface StartOptions extends SessionOptions {
  flags?: Pkg0Flags;
}

/** A command line with the outcome its status must show (what DMC-5.6-06 matches statuses with). */
export interface Step {
  line: string;
  expect: ExpectedOutcome;
}

export function step(line: string, expect: ExpectedOutcome): Step {
  return { line, expect };
}

const utf8 = new TextEncoder();
const DM20 = "application/dm20";

function commandFileBody(msgId: number, lines: string[]): Uint8Array {
  for (const l of lines)
    if (/[\r\n]/.test(l)) throw new RangeError(`a command line may not hold CR or LF: ${JSON.stringify(l)}`);
  return utf8.encode([`MsgID ${msgId}`, ...lines].join("\r\n"));
}

function reply(p: PendingRequest, r: Reply): void {
  p.respond({ status: r.status, headers: r.headers, body: r.body });
}

/** Why a wait ended without what it waited for. */
type Stop = { stop: string };

export class DeviceSession {
  readonly transcript: Transcript;
  readonly sessionUrl: string;
  readonly origin: string;
  private readonly inbox = new Inbox();
  private readonly resources: ResourceTable;
  private readonly listeners: Listener[] = [];
  private readonly detach: Array<() => void> = [];
  /** DM packages that arrived and the script has not taken yet, in arrival order. */
  private readonly arrived: PendingRequest[] = [];
  private inHand: PendingRequest | undefined;
  private packages = 0;
  private msgId: number;
  private seq = 0;
  private ended = false;
  private finished = false;
  private closed = false;
  private finishedAt = 0;
  private wakeFailed = false;
  private notWoken: string | undefined;
  private releaseSlot: (() => void) | undefined;
  private readonly unsubscribeSilent: () => void;
  /** The run's session counters (progress line); this session's share of them. */
  private readonly activity = sessionActivity(runContext());
  private counted: "no" | "waiting" | "underway" = "no";
  /** Ends this session's span in the phase profile (opened until its script finished). */
  private readonly endPhase: () => void;

  private constructor(
    origin: string,
    transcript: Transcript,
    readonly id: string,
    path: string,
    private readonly resourceBase: string,
    private readonly caFile: string,
    opts: SessionOptions,
  ) {
    this.transcript = transcript;
    this.origin = origin;
    this.sessionUrl = `${origin}${path}`;
    this.msgId = opts.msgIdStart ?? 0;
    this.resources = new ResourceTable(`/r/${id}/`);
    this.unsubscribeSilent = deviceLiveness().onSilent(() => this.inbox.notify());
    this.endPhase = phaseStart("session", opts.name ?? path);
  }

  /**
   * Opens the session without waking the device (see notify() / stimulateDefault()): its DM URL on
   * the run's shared DM listener, or, for the negative cases of 5.3 (an invalid certificate, plain
   * HTTP), on a listener of its own whose TLS outcomes are this session's alone.
   */
  static async open(opts: SessionOptions = {}): Promise<DeviceSession> {
    const [{ pki, caFile }, resources] = await Promise.all([runPki(), resourceOrigin()]);
    const tlsCase = opts.tlsCase ?? "valid";
    const transcript = newTranscript("server");
    if (opts.name) transcript.session = opts.name;
    const path = opts.path ?? `/dm/${randomUUID().slice(0, 8)}`;
    const id = sessionIdOf(path);
    if (id === undefined) throw new RangeError(`a session path is /dm/<id>…, not ${path}`);
    let session: DeviceSession | undefined;
    const early: PendingRequest[] = [];
    let seq = 0;
    const nextSeq = () => (session ? session.seq++ : seq++);
    const onRequest = (p: PendingRequest) => (session ? session.onDmListener(p) : early.push(p));
    let origin: string;
    let own: Listener | undefined;
    const detach: Array<() => void> = [];
    if (tlsCase === "valid") {
      const dm = await sharedListener("dm", { tls: tlsFor(pki, "valid") });
      detach.push(dm.attach(id, { transcript, nextSeq, onRequest }));
      origin = dm.origin;
    } else {
      own = await openListener({
        tls: tlsCase === "plaintext" ? null : tlsFor(pki, tlsCase),
        transcript,
        nextSeq,
        onRequest,
        onConnection: (ev) => {
          if (opts.name) ev.session = opts.name;
          session?.inbox.notify();
        },
      });
      origin = own.origin;
    }
    session = new DeviceSession(origin, transcript, id, path, resources.origin, caFile, opts);
    session.seq = seq;
    if (own) session.listeners.push(own);
    const s = session;
    s.detach.push(
      ...detach,
      resources.attach(id, { transcript, nextSeq: () => s.seq++, onRequest: (p) => s.onResource(p) }),
    );
    for (const p of early) s.onDmListener(p);
    return s;
  }

  // --- waking the device -------------------------------------------------------------------------

  /** Sends Pkg#0 for this session's URL with the given flags, through the run's device adapter. */
  async notify(flags: Pkg0Flags = {}): Promise<void> {
    const notification = encodeNotification({ url: this.sessionUrl, ...flags });
    await this.wake(
      { kind: "notification", notification, serverUrl: this.sessionUrl, caFile: this.caFile },
      () =>
        this.event(
          EVENT.notification,
          `Pkg#0 for ${this.sessionUrl}: send-devdetail=${flags.sendDevDetail ? 1 : 0} send-supported-mo=${flags.sendSupportedMOs ? 1 : 0} send-all-mo-instances=${flags.sendAllMOInstances ? 1 : 0}`,
          notification,
        ),
    );
  }

  /** Asks the device (or its user) to request configuration for `moid`: the DEFAULT path of 5.8. */
  async stimulateDefault(moid: string, initiatedBy: "Device" | "User"): Promise<void> {
    await this.wake({ kind: "default", moid, initiatedBy, caFile: this.caFile }, () =>
      this.event(EVENT.stimulus, `default ${moid} InitiatedBy=${initiatedBy}`),
    );
  }

  /** Takes a session slot (when sessions are limited), records the stimulus as it goes out, and delivers it. */
  private async wake(stimulus: DeviceStimulus, record: () => void): Promise<void> {
    if (!this.releaseSlot) this.releaseSlot = await sessionSlots()?.acquire();
    record();
    const silent = deviceLiveness().silent;
    if (silent) {
      this.notWoken = silent;
      this.event(EVENT.deviceSilent, `the device was not woken for this session: ${silent}`);
      return;
    }
    if (this.counted === "no") {
      this.counted = "waiting";
      this.activity.underway++;
      this.activity.waiting++;
    }
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
  upload(label = "upload", answer: Reply = EMPTY_OK): string {
    return this.serve(label, label, () => answer);
  }

  alertSink(): string {
    return this.upload("alert");
  }

  /**
   * A URL template under a path the harness answers (with `answer`, default 200 and no body)
   * whatever the device puts where the template has placeholders: "/p/[IMEI]" gives
   * "https://localhost:port/r/<session>/<n>/p/[IMEI]".
   */
  template(suffix: string, answer: Reply = EMPTY_OK): string {
    const path = this.resources.add("p", "param-target", () => answer, { prefix: true });
    return `${this.resourceBase}${path}${suffix}`;
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
    const exitUrl = `${this.resourceBase}${exitPath}`;
    const html = showPageHtml(exitUrl, mode);
    const holdMs = quietPeriodMs();
    const pagePath = this.resources.add("page", "show-page", async () => {
      if (opts.hold) await this.packageOrQuiet(holdMs);
      return htmlReply(html);
    });
    return { serverUri: `${this.resourceBase}${pagePath}?${mode}=${exitUrl}`, exitUrl };
  }

  /** A resource with a handler of the caller's own (for tests that need odd answers). */
  serve(name: string, label: string, handler: ResourceHandler): string {
    return `${this.resourceBase}${this.resources.add(name, label, handler)}`;
  }

  /**
   * The plain http:// origin for this session's resources (GET/PUT/POST ServerURIs may be http://),
   * recording into the session's transcript; returns its origin.
   */
  async plainOrigin(): Promise<string> {
    const plain = await plainResourceOrigin();
    this.detach.push(
      plain.attach(this.id, {
        transcript: this.transcript,
        nextSeq: () => this.seq++,
        onRequest: (p) => this.onResource(p),
      }),
    );
    return plain.origin;
  }

  // --- the lockstep script -----------------------------------------------------------------------

  /** Waits for Pkg#1 (bounded); null when it did not come. */
  expectPkg1(): Promise<HttpExchange | null> {
    return this.expectPackage("Pkg#1", true);
  }

  /** Waits for the status package answering the last response (bounded); null when it did not come. */
  expectStatus(): Promise<HttpExchange | null> {
    return this.expectPackage(`the status package for MsgID ${this.msgId - 1}`, false);
  }

  /** Answers the DM package in hand with `MsgID n` and these commands; returns n. */
  respond(steps: Array<string | Step>): number {
    const p = this.inHand;
    if (!p) throw new Error("respond() without a DM package in hand: call expectPkg1()/expectStatus() first");
    this.inHand = undefined;
    const msgId = this.msgId++;
    const lines = steps.map((s) => (typeof s === "string" ? s : s.line));
    const record: ExpectationRecord = {
      msgId,
      outcomes: steps.map((s) => (typeof s === "string" ? "any" : s.expect)),
    };
    if (record.outcomes.some((o) => o !== "any")) this.event(EVENT.expectations, JSON.stringify(record));
    if (lines.some((l) => l.trim() === "END")) this.ended = true;
    reply(p, { status: 200, headers: [["Content-Type", DM20]], body: commandFileBody(msgId, lines) });
    return msgId;
  }

  /** Answers with these commands and END: the session is over, nothing may follow (5.5). */
  respondEnd(steps: Array<string | Step> = []): number {
    return this.respond([...steps, "END"]);
  }

  /** Waits until a request for each URL arrived at the authority it names (bounded). */
  expectRequests(urls: string[], timeoutMs = runContext().timeoutMs): Promise<boolean> {
    return this.expectRequestsMatching(
      urls,
      (ex, u) => resourceKey(ex.request.target) === resourceKey(u),
      timeoutMs,
    );
  }

  /**
   * Waits until a request under each URL prefix arrived at the authority it names (bounded): for
   * URLs the device completes itself, such as a template's 5.8.1 placeholders.
   */
  expectRequestsUnder(prefixes: string[], timeoutMs = runContext().timeoutMs): Promise<boolean> {
    return this.expectRequestsMatching(
      prefixes,
      (ex, u) => ex.request.target.startsWith(resourceKey(u) ?? u),
      timeoutMs,
    );
  }

  private async expectRequestsMatching(
    urls: string[],
    matches: (ex: HttpExchange, url: string) => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const got = await this.inbox.until(
      () =>
        urls.every((u) =>
          this.transcript.exchanges.some((ex) => matches(ex, u) && reachedAuthorityOf(ex, u)),
        ) || undefined,
      Date.now() + timeoutMs,
    );
    if (!got) this.event(EVENT.timeout, `waited ${timeoutMs} ms for requests to ${urls.join(", ")}`);
    return got === true;
  }

  /**
   * Waits (bounded) until the device shows what it made of the session listener: a connection that
   * settled (refused certificate, or closed after its requests) or a request on it (accepted).
   * Resolves the settled connection, "request", or null when neither came.
   */
  async expectConnection(): Promise<TlsEvent | "request" | null> {
    const ms = runContext().timeoutMs;
    const tlsBefore = this.transcript.tls.length;
    const exchangesBefore = this.transcript.exchanges.length;
    const seen = await this.inbox.until<TlsEvent | "request" | Stop>(() => {
      if (this.transcript.tls.length > tlsBefore) return this.transcript.tls[tlsBefore]!;
      if (this.transcript.exchanges.length > exchangesBefore) return "request";
      const stop = this.whyNotWaiting();
      return stop ? { stop } : undefined;
    }, Date.now() + ms);
    if (seen && typeof seen === "object" && "stop" in seen) {
      this.event(EVENT.deviceSilent, `not waiting for a connection to ${this.origin}: ${seen.stop}`);
      return null;
    }
    if (seen) return seen;
    this.event(EVENT.timeout, `no connection to ${this.origin} within ${ms} ms`);
    return null;
  }

  /**
   * Waits `ms` while the session records whatever comes. Only for what no event can tell: when a
   * device has kept a change made by commands beside END (no status follows them).
   */
  async settle(ms: number): Promise<void> {
    await phase(
      "quiet",
      "settle",
      this.inbox.until(() => undefined, Date.now() + ms),
    );
  }

  /** The session as the checks read it (the transcript so far). */
  view(): DeviceSessionView {
    return viewSession(this.transcript);
  }

  /**
   * The script is done: a package still in hand is answered with END, the session slot is given
   * back, and the session goes on being watched (listeners open, late requests recorded) until the
   * run watch ends. Idempotent; returns the view.
   */
  async finish(): Promise<DeviceSessionView> {
    if (!this.finished) {
      this.finished = true;
      this.ended = true;
      if (this.inHand) this.respondEnd();
      for (const p of this.arrived.splice(0)) this.answerLate(p);
      this.finishedAt = Date.now();
      this.endPhase();
      if (this.counted !== "no") this.activity.underway--;
      if (this.counted === "waiting") this.activity.waiting--;
      this.counted = "no";
      this.event(EVENT.quietStart, `watching ${this.origin} until the run ends`);
      this.releaseSlot?.();
      const output = clientTarget().device.output?.();
      if (output) this.event(EVENT.triggerOutput, output);
      runWatch().watch({
        finishedAt: this.finishedAt,
        close: async () => {
          await this.close();
        },
      });
    }
    return this.view();
  }

  /** Stops watching: closes the listeners and records the end of the watch. Idempotent. */
  async close(): Promise<DeviceSessionView> {
    await this.finish();
    if (!this.closed) {
      this.closed = true;
      this.inbox.close();
      this.unsubscribeSilent();
      for (const d of this.detach) d();
      await Promise.allSettled(this.listeners.map((l) => l.close()));
      const late = this.transcript.exchanges.filter((ex) => ex.startedAt >= this.finishedAt).length;
      this.event(
        EVENT.quietEnd,
        `${Date.now() - this.finishedAt} ms watched after the script ended: ${late} request(s) arrived`,
      );
      this.stampSession();
      this.transcript.endedAt = Date.now();
    }
    return this.view();
  }

  /** Convenience: Pkg#1, then each batch answered and its status awaited, then END. Stops early on a timeout. */
  async run(
    batches: Array<Array<string | Step>>,
    opts: { endWith?: Array<string | Step> } = {},
  ): Promise<DeviceSessionView> {
    try {
      if (!(await this.expectPkg1())) return this.view();
      for (const batch of batches) {
        this.respond(batch);
        if (!(await this.expectStatus())) return this.view();
      }
      this.respondEnd(opts.endWith ?? []);
    } finally {
      await this.finish();
    }
    return this.view();
  }

  // --- internals ---------------------------------------------------------------------------------

  /** A request on the DM listener: a DM package, or a resource request that went to the wrong origin. */
  private onDmListener(p: PendingRequest): void {
    const target = p.exchange.request.target;
    if (this.transcript.session) p.exchange.session = this.transcript.session;
    if (this.resources.owns(target) || ResourceTable.isResource(target)) {
      // Resources live on the resource origin: this request ignored the ServerURI's authority.
      p.exchange.label = "misdirected-resource";
      reply(p, { status: 404, headers: [], body: new Uint8Array() });
      this.inbox.notify();
      return;
    }
    // Anything else is a DM package (even a misdirected one: 5.6-01 judges where it went).
    p.exchange.label = packageLabel(++this.packages);
    deviceLiveness().packageArrived();
    if (this.counted === "waiting") {
      this.counted = "underway";
      this.activity.waiting--;
    }
    if (this.ended) this.answerLate(p);
    else this.arrived.push(p);
    this.inbox.notify();
  }

  /** A request for one of this session's resources (resource origin or plain origin). */
  private onResource(p: PendingRequest): void {
    const ex = p.exchange;
    if (this.transcript.session) ex.session = this.transcript.session;
    if (!this.transcript.exchanges.includes(ex)) {
      ex.seq = this.seq++;
      this.transcript.exchanges.push(ex);
    }
    const r = this.resources.find(ex.request.target);
    ex.label = r?.label ?? "unknown-resource";
    Promise.resolve(r ? r.handler(p) : { status: 404, headers: [], body: new Uint8Array() })
      .then((res) => reply(p, res))
      .catch(() => reply(p, { status: 500, headers: [], body: new Uint8Array() }))
      .finally(() => this.inbox.notify());
  }

  /** A DM package after END (or after the script): answered with END so the device stops; kept as evidence. */
  private answerLate(p: PendingRequest): void {
    reply(p, {
      status: 200,
      headers: [["Content-Type", DM20]],
      body: commandFileBody(this.msgId++, ["END"]),
    });
  }

  private event(kind: string, detail: string, bytes?: Uint8Array): void {
    const session = this.transcript.session;
    this.transcript.events.push({
      at: Date.now(),
      kind,
      detail,
      ...(bytes ? { bytes } : {}),
      ...(session ? { session } : {}),
    });
  }

  /** Why a wait for the device should not start or go on, if it should not. */
  private whyNotWaiting(): string | undefined {
    if (this.closed || this.finished) return "the session was stopped";
    if (this.wakeFailed) return "the device could not be woken";
    return this.notWoken ?? deviceLiveness().silent;
  }

  private async expectPackage(what: string, first: boolean): Promise<HttpExchange | null> {
    if (this.inHand) throw new Error(`expecting ${what} while the previous DM package is still unanswered`);
    const ms = runContext().timeoutMs;
    const got = await this.inbox.until<PendingRequest | Stop>(() => {
      const p = this.arrived.shift();
      if (p) return p;
      const stop = this.whyNotWaiting();
      return stop ? { stop } : undefined;
    }, Date.now() + ms);
    if (got && "stop" in got) {
      const silence = got.stop === this.notWoken || got.stop === deviceLiveness().silent;
      this.event(silence ? EVENT.deviceSilent : EVENT.timeout, `not waiting for ${what}: ${got.stop}`);
      return null;
    }
    if (!got) {
      this.event(EVENT.timeout, `waited ${ms} ms for ${what}`);
      if (first) deviceLiveness().waitRanOut(`${what} at ${this.sessionUrl}`, ms);
      return null;
    }
    this.inHand = got;
    return got.exchange;
  }

  /** For a held SHOW page: resolves when a DM package arrives or the quiet period ends. */
  private async packageOrQuiet(ms: number): Promise<void> {
    const before = this.packages;
    await phase(
      "quiet",
      "SHOW page held",
      this.inbox.until(() => (this.packages > before ? true : undefined), Date.now() + ms),
    );
  }

  /** Names the session on everything it recorded, for evidence labels. */
  private stampSession(): void {
    const name = this.transcript.session;
    if (!name) return;
    for (const ex of this.transcript.exchanges) ex.session ??= name;
    for (const ev of this.transcript.tls) ev.session ??= name;
    for (const ev of this.transcript.events) ev.session ??= name;
  }
}
