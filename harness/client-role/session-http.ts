/**
 * The engine's network for one session of the harness-as-device: every request goes through the
 * recording client (undici, a fresh Agent per session, trusting only the declared CA and checking
 * the host name), so the session's transcript holds every byte exchanged — DM packages and the
 * GETs, uploads, alerts and SHOW pages the commands cause.
 *
 * What the recording client reports as a wire fault (timeout, reset, body over the bound) comes
 * back to the engine as a DeviceHttpError; a body cut at the bound is never handed to the engine
 * as if it were whole. DM packages take their turn (turns.ts) when sessions run interleaved.
 */
import type { DeviceHttp, DeviceHttpRequest, DeviceHttpResult } from "../device/index.ts";
import type { HttpExchange, Transcript } from "../model/transcript.ts";
import { PACKAGE_LABEL } from "../model/transcript-contract.ts";
import { parseTnds20 } from "../protocol/tnds20.ts";
import { createRecordingClient } from "../transport/recording-client.ts";
import type { TurnTaker } from "./turns.ts";

export interface SessionHttpOptions {
  caPem: string;
  timeoutMs: number;
  bodyLimitBytes: number;
  transcript: Transcript;
  /** Round-robin order of DM packages among parallel sessions, and this session's place in it. */
  turns?: { taker: TurnTaker; id: string };
}

export interface SessionHttp extends DeviceHttp {
  close(): Promise<void>;
}

export function resultOf(ex: HttpExchange): DeviceHttpResult {
  if (ex.error) return { error: { code: ex.error.code, message: ex.error.message } };
  const res = ex.response;
  if (!res) return { error: { code: "NO_RESPONSE", message: "no response recorded" } };
  if (res.bodyTruncated) {
    return {
      error: {
        code: "BODY_TOO_LARGE",
        message: `response body over the harness's bound (${res.body.length} of ${res.bodyBytesSeen}+ bytes kept)`,
      },
    };
  }
  return { status: res.statusCode, rawHeaders: res.rawHeaders, body: res.body };
}

export function createSessionHttp(opts: SessionHttpOptions): SessionHttp {
  const client = createRecordingClient({
    caPem: opts.caPem,
    timeoutMs: opts.timeoutMs,
    bodyLimitBytes: opts.bodyLimitBytes,
    transcript: opts.transcript,
  });
  const turns = opts.turns;

  const send = async (r: DeviceHttpRequest): Promise<DeviceHttpResult> => {
    const ex = await client.request({
      method: r.method,
      url: r.url,
      headers: r.headers,
      ...(r.body ? { body: r.body } : {}),
      label: r.label,
    });
    const result = resultOf(ex);
    if (r.label === "get" && !("error" in result) && result.status < 300) noteTnds20(opts.transcript, ex);
    return result;
  };

  return {
    async request(r) {
      if (!turns || !PACKAGE_LABEL.test(r.label)) return send(r);
      if (!(await turns.taker.take(turns.id))) {
        opts.transcript.events.push({
          at: Date.now(),
          kind: "out-of-turn",
          detail: `${r.label} sent out of the round-robin order: another session's package took longer than ${opts.timeoutMs} ms`,
        });
      }
      try {
        return await send(r);
      } finally {
        turns.taker.done(turns.id);
      }
    },
    close: () => client.close(),
  };
}

/** GET checks the TNDS20 it gets: the codec's findings go into the transcript as a note. */
function noteTnds20(transcript: Transcript, ex: HttpExchange): void {
  const doc = parseTnds20(ex.response!.body);
  if (doc.ok && doc.findings.length === 0) return;
  transcript.events.push({
    at: Date.now(),
    kind: "tnds20-findings",
    detail: `GET ${ex.request.url} (exchange #${ex.seq}): ${doc.ok ? "" : "not a TNDS20 document; "}${doc.findings
      .slice(0, 5)
      .map((f) => `${f.code}: ${f.message}`)
      .join("; ")}`,
  });
}
