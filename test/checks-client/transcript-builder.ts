/**
 * Hand-built device sessions for the DMC check tests: a fluent builder that writes the transcript a
 * recording DM server would have written (labelled DM packages, side requests, events), on a fake
 * clock so that ordering is exact.
 */
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { HttpExchange, TlsEvent, TlsOutcome, Transcript } from "../../harness/model/transcript.ts";
import { newTranscript } from "../../harness/model/transcript.ts";
import { encodeNotification } from "../../harness/protocol/notification.ts";

export const BASE = "https://127.0.0.1:8443";
export const SESSION = "/dm/s1";
export const IXIT = DEFAULT_IXIT;

const enc = (s: string | Uint8Array) => (typeof s === "string" ? new TextEncoder().encode(s) : s);

export interface Req {
  method?: string;
  target?: string;
  headers?: Array<[string, string]>;
  body?: string | Uint8Array;
}

export interface Res {
  status?: number;
  headers?: Array<[string, string]>;
  body?: string | Uint8Array;
}

export const PKG1_HEADERS: Array<[string, string]> = [
  ["Content-Type", "application/tnds20"],
  ["Accept", "application/dm20, application/tnds20"],
  ["X-OMADMDeviceID", IXIT.deviceId],
];
export const STATUS_HEADERS: Array<[string, string]> = [
  ["Content-Type", "application/dm20status"],
  ["Accept", "application/dm20, application/tnds20"],
  ["X-OMADMDeviceID", IXIT.deviceId],
];

export interface Flags {
  sendDevDetail?: boolean;
  sendSupportedMOs?: boolean;
  sendAllMOInstances?: boolean;
}

const DEVINFO = {
  MOID: "oma:mo:oma-dm-devinfo:1.0",
  Path: "/",
  DevId: IXIT.deviceId,
  Man: IXIT.man,
  Mod: IXIT.mod,
  DmV: "2.0",
  Lang: "en",
};
const DEVDETAIL = {
  MOID: "oma:mo:oma-dm-devdetail:1.0",
  Path: "/",
  DevTyp: "phone",
  URI: { MaxDepth: "20" },
};

/** A conformant Pkg#1 body for the flags. */
export function pkg1Body(flags: Flags = {}): string {
  const doc: Record<string, unknown> = {};
  if (flags.sendSupportedMOs || flags.sendAllMOInstances) {
    doc.MO = IXIT.supportedMOs.map((m) => ({
      MOID: m,
      DDF: `http://ddf.example/${m}.ddf`,
      ...(flags.sendAllMOInstances ? { Path: m.includes("mms") ? ["/1", "/3"] : ["/"] } : {}),
    }));
  }
  doc.TNDS20 = flags.sendDevDetail ? [DEVINFO, DEVDETAIL] : [DEVINFO];
  return JSON.stringify(doc);
}

export function commandFile(msgId: number, ...lines: string[]): string {
  return [`MsgID ${msgId}`, ...lines].join("\r\n");
}

export const statusFile = commandFile;

export class SessionBuilder {
  readonly t: Transcript = newTranscript("server");
  private seq = 0;
  private pkgs = 0;
  private conn = 0;
  clock = 1_000_000;

  tick(ms = 1): number {
    this.clock += ms;
    return this.clock;
  }

  notify(flags: Flags = {}, url = `${BASE}${SESSION}`): this {
    this.t.events.push({
      at: this.tick(),
      kind: "notification",
      detail: url,
      bytes: encodeNotification({ url, ...flags }),
    });
    return this;
  }

  event(kind: string, detail: string): this {
    this.t.events.push({ at: this.tick(), kind, detail });
    return this;
  }

  private exchange(req: Req, res: Res | null, label?: string, base = BASE): HttpExchange {
    const target = req.target ?? SESSION;
    const body = enc(req.body ?? "");
    const startedAt = this.tick();
    const ex: HttpExchange = {
      seq: this.seq++,
      connectionId: this.conn,
      ...(label ? { label } : {}),
      startedAt,
      requestCompleteAt: this.tick(),
      request: {
        method: req.method ?? "POST",
        target,
        url: `${base}${target}`,
        rawHeaders: (req.headers ?? []).flat(),
        body,
        bodyBytesSeen: body.length,
        bodyTruncated: false,
      },
    };
    if (res) {
      const rb = enc(res.body ?? "");
      ex.respondedAt = this.tick();
      ex.response = {
        statusCode: res.status ?? 200,
        rawHeaders: (res.headers ?? [["Content-Type", "application/dm20"]]).flat(),
        body: rb,
        bodyBytesSeen: rb.length,
        bodyTruncated: false,
      };
    }
    this.t.exchanges.push(ex);
    return ex;
  }

  /** A DM package (labelled pkgN) and the harness's answer (a command file, or null for none). */
  pkg(req: Req, answer: string | null, res: Res = {}): this {
    this.pkgs++;
    this.exchange(
      req,
      answer === null && res.status === undefined ? null : { ...res, body: answer ?? "" },
      `pkg${this.pkgs}`,
    );
    return this;
  }

  pkg1(answer: string | null, flags: Flags = {}, over: Req = {}): this {
    return this.pkg({ headers: PKG1_HEADERS, body: pkg1Body(flags), ...over }, answer);
  }

  status(body: string, answer: string | null, over: Req = {}): this {
    return this.pkg({ headers: STATUS_HEADERS, body, ...over }, answer);
  }

  /** A request caused by a command (GET of a ServerURI, an upload, a browser load, an alert). */
  side(
    method: string,
    target: string,
    body = "",
    res: Res = { status: 200, headers: [], body: "" },
    base = BASE,
  ): this {
    this.exchange(
      { method, target, body, headers: body ? [["Content-Type", "application/tnds20"]] : [] },
      res,
      undefined,
      base,
    );
    return this;
  }

  quiet(ms = 500): this {
    this.t.events.push({ at: this.tick(), kind: "quiet-start", detail: "watching" });
    this.t.events.push({ at: this.tick(ms), kind: "quiet-end", detail: "0 requests" });
    return this;
  }

  timeout(detail: string): this {
    return this.event("timeout", detail);
  }

  tls(outcome: TlsOutcome, requests = 0, extra: Partial<TlsEvent> = {}): this {
    this.t.tls.push({
      connectionId: ++this.conn,
      peer: "remote",
      outcome,
      at: this.tick(),
      closedAt: this.tick(),
      requests,
      ...extra,
    });
    return this;
  }

  build(): Transcript {
    this.t.endedAt = this.tick();
    return this.t;
  }
}

export function tnds(objects: Array<Record<string, unknown>>, mo?: unknown): string {
  return JSON.stringify({ ...(mo ? { MO: mo } : {}), TNDS20: objects });
}
