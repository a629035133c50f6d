/**
 * Transcripts to and from JSON, so a recorded session can be stored beside a report and replayed
 * into the checks later. Byte fields become base64 strings; everything else is already plain data.
 */
import type { HttpExchange, Transcript, TranscriptEvent } from "../model/transcript.ts";

const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");
const bytes = (s: unknown) => new Uint8Array(Buffer.from(typeof s === "string" ? s : "", "base64"));

export function transcriptToJson(t: Transcript): unknown {
  return {
    ...t,
    exchanges: t.exchanges.map((e) => ({
      ...e,
      request: { ...e.request, body: b64(e.request.body) },
      ...(e.response ? { response: { ...e.response, body: b64(e.response.body) } } : {}),
    })),
    events: t.events.map((ev) => ({ ...ev, ...(ev.bytes ? { bytes: b64(ev.bytes) } : {}) })),
  };
}

export function transcriptFromJson(json: unknown): Transcript {
  const t = json as Transcript & {
    exchanges: Array<Record<string, unknown>>;
    events: Array<Record<string, unknown>>;
  };
  if (!t || !Array.isArray(t.exchanges) || !Array.isArray(t.tls) || !Array.isArray(t.events)) {
    throw new TypeError("not a transcript: exchanges, tls and events arrays are required");
  }
  return {
    ...t,
    exchanges: t.exchanges.map((raw) => {
      const e = raw as unknown as HttpExchange;
      return {
        ...e,
        request: { ...e.request, body: bytes(e.request.body) },
        ...(e.response ? { response: { ...e.response, body: bytes(e.response.body) } } : {}),
      };
    }),
    events: t.events.map((raw) => {
      const ev = raw as unknown as TranscriptEvent;
      return ev.bytes === undefined ? ev : { ...ev, bytes: bytes(ev.bytes) };
    }),
  };
}
