/**
 * The one record of what crossed the wire, shared by both roles. Checks judge transcripts only,
 * so the same checks work on live sessions, on sessions watched by a passive monitor, and on
 * transcripts replayed from a file. Everything here is plain JSON-serialisable data except body
 * bytes, which are kept as Uint8Array and encoded as base64 by `transcript-json.ts`.
 */

/** Milliseconds since the Unix epoch, with sub-millisecond precision where the clock has it. */
export type Timestamp = number;

/** How a TLS connection ended up, seen from the side the harness plays. */
export type TlsOutcome =
  /** Handshake completed and at least one HTTP request was exchanged on the connection. */
  | "established"
  /** Handshake completed, then the peer closed without sending any HTTP request (e.g. curl's late host-name check). */
  | "established-no-request"
  /** The peer aborted the handshake (with or without a TLS alert). */
  | "handshake-failed"
  /** The TCP connection closed before any TLS ClientHello arrived, or the bytes were not TLS. */
  | "not-tls"
  /** The connection was still open when the transcript was cut. */
  | "open";

export interface TlsEvent {
  connectionId: number;
  /** Who the peer is: "remote" for an accepted connection, or the URL the harness connected to. */
  peer: string;
  outcome: TlsOutcome;
  at: Timestamp;
  closedAt?: Timestamp;
  /** e.g. "TLSv1.3" */
  protocol?: string;
  /** Alert description number the peer sent, when one was seen (42 bad_certificate, 45 expired, 48 unknown_ca). */
  alert?: number;
  /** The Node/OpenSSL error code, e.g. "ECONNRESET", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID". */
  errorCode?: string;
  errorMessage?: string;
  /** Servername (SNI) the client asked for. */
  servername?: string;
  /** Summary of the peer certificate the harness saw as a client (subject, issuer, validity, SANs). */
  peerCertificate?: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    subjectAltName?: string;
  };
  /** How many HTTP requests were carried on this connection. */
  requests: number;
  /** The DM session (a driver's name for it) this connection belongs to, for evidence labels. */
  session?: string;
}

export interface HttpMessageHead {
  /** Header names and values exactly as received or sent, order kept, duplicates kept: [name, value, name, value, ...]. */
  rawHeaders: string[];
}

export interface RecordedRequest extends HttpMessageHead {
  method: string;
  /** The request target as it appeared on the request line (path and query). */
  target: string;
  /** Absolute URL the request was addressed to (scheme, host, port, target). */
  url: string;
  /**
   * The origin of the listener that received it (scheme://bound-address:port), when the harness
   * listened: unlike `url`, which takes its host from the Host header, this is where the bytes came.
   */
  receivedOn?: string;
  httpVersion?: string;
  body: Uint8Array;
  /** Size the peer announced or sent; larger than body.length when the body was cut at the size bound. */
  bodyBytesSeen: number;
  bodyTruncated: boolean;
}

export interface RecordedResponse extends HttpMessageHead {
  statusCode: number;
  statusMessage?: string;
  body: Uint8Array;
  bodyBytesSeen: number;
  bodyTruncated: boolean;
}

/** One HTTP request and what answered it, with timings. */
export interface HttpExchange {
  /** Sequence number within the transcript, from 0, in the order requests started. */
  seq: number;
  connectionId?: number;
  /** Free label given by the driver, e.g. "pkg1", "pkg2", "get-target", "upload". */
  label?: string;
  startedAt: Timestamp;
  /** When the complete request (head and body) was in. */
  requestCompleteAt?: Timestamp;
  respondedAt?: Timestamp;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Transport failure on this exchange (reset, timeout, body over the bound...). */
  error?: { code: string; message: string; at: Timestamp };
  /** The DM session (a driver's name for it) this exchange belongs to, for evidence labels. */
  session?: string;
}

/** A free-form event the driver wants kept with the evidence (notification sent, trigger output, timeout). */
export interface TranscriptEvent {
  at: Timestamp;
  kind: string;
  detail: string;
  /** Raw bytes tied to the event, e.g. the Pkg#0 notification. */
  bytes?: Uint8Array;
  /** The DM session (a driver's name for it) this event belongs to, for evidence labels. */
  session?: string;
}

export interface Transcript {
  /** Which side the harness played: "server" when the IUT is a device, "client" when the IUT is a server. */
  harnessRole: "server" | "client";
  /** The driver's name for the session, e.g. "5.6 mixed batch" (evidence says which session it quotes). */
  session?: string;
  startedAt: Timestamp;
  endedAt?: Timestamp;
  exchanges: HttpExchange[];
  tls: TlsEvent[];
  events: TranscriptEvent[];
}

export function newTranscript(harnessRole: Transcript["harnessRole"]): Transcript {
  return { harnessRole, startedAt: Date.now(), exchanges: [], tls: [], events: [] };
}

/** Header lookup over raw headers, case-insensitive; returns every value in order (HTTP allows repeats). */
export function headerValues(head: HttpMessageHead, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i + 1 < head.rawHeaders.length; i += 2) {
    if (head.rawHeaders[i]!.toLowerCase() === wanted) values.push(head.rawHeaders[i + 1]!);
  }
  return values;
}

/** The single value of a header, or undefined when absent; repeated headers are joined with ", " as RFC 9110 allows. */
export function headerValue(head: HttpMessageHead, name: string): string | undefined {
  const values = headerValues(head, name);
  return values.length === 0 ? undefined : values.join(", ");
}
