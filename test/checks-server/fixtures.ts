/** Hand-built transcripts of one DM session, as the harness-as-device records them. */
import { SERVER_CHECKS, SERVER_CLAUSES, type ServerCheckOptions } from "../../harness/checks/server/index.ts";
import {
  type HttpExchange,
  newTranscript,
  type TlsEvent,
  type Transcript,
} from "../../harness/model/transcript.ts";
import type { CheckResult } from "../../harness/model/verdict.ts";

export const DM_URL = "https://127.0.0.1:4443/dm20";
const enc = new TextEncoder();

export interface PackageSpec {
  /** Request Content-Type; default application/dm20status (application/tnds20 for the first). */
  requestType?: string;
  requestBody?: string;
  /** Response; omit with `error` for a package the server never answered. */
  status?: number;
  contentType?: string | null;
  body?: string;
  error?: { code: string; message: string };
  bodyTruncated?: boolean;
}

export function exchange(seq: number, label: string, spec: PackageSpec): HttpExchange {
  const requestType = spec.requestType ?? (seq === 0 ? "application/tnds20" : "application/dm20status");
  const body = enc.encode(spec.requestBody ?? (seq === 0 ? '{"TNDS20":[]}' : "MsgID 0\r\n200"));
  const ex: HttpExchange = {
    seq,
    label,
    connectionId: 1,
    startedAt: 1_700_000_000_000 + seq,
    request: {
      method: "POST",
      target: "/dm20",
      url: DM_URL,
      rawHeaders: ["Content-Type", requestType, "X-OMADMDeviceID", "IMEI:004401074860001"],
      body,
      bodyBytesSeen: body.length,
      bodyTruncated: false,
    },
  };
  if (spec.error) {
    ex.error = { ...spec.error, at: ex.startedAt + 1 };
    return ex;
  }
  const resBody = enc.encode(spec.body ?? "");
  ex.response = {
    statusCode: spec.status ?? 200,
    rawHeaders: spec.contentType === null ? [] : ["Content-Type", spec.contentType ?? "application/dm20"],
    body: resBody,
    bodyBytesSeen: resBody.length + (spec.bodyTruncated ? 1000 : 0),
    bodyTruncated: spec.bodyTruncated ?? false,
  };
  ex.respondedAt = ex.startedAt + 1;
  return ex;
}

export function establishedTls(over: Partial<TlsEvent> = {}): TlsEvent {
  return {
    connectionId: 1,
    peer: DM_URL,
    outcome: "established",
    at: 1_700_000_000_000,
    protocol: "TLSv1.3",
    servername: "127.0.0.1",
    peerCertificate: {
      subject: "CN=127.0.0.1",
      issuer: "CN=Test CA",
      validFrom: "2025-01-01",
      validTo: "2027-01-01",
      subjectAltName: "IP Address:127.0.0.1, DNS:localhost",
    },
    requests: 3,
    ...over,
  };
}

/** A session: one spec per DM package, in order (labels pkg1, pkg2, …). */
export function session(specs: PackageSpec[], tls: TlsEvent[] = [establishedTls()]): Transcript {
  const t: Transcript = newTranscript("client");
  t.exchanges.push(...specs.map((s, i) => exchange(i, `pkg${i + 1}`, s)));
  t.tls.push(...tls);
  return t;
}

/** The reference scenario's shape: two command files, then END alone. */
export function goodSession(): Transcript {
  return session([
    {
      body: "MsgID 0\r\nGET https://127.0.0.1:4443/documents/a.tnds20 oma:mo:oma-mms:1.3/3\r\nSHOW https://127.0.0.1:4443/p.html?Close=https://127.0.0.1:4443/done.html",
    },
    {
      requestBody: "MsgID 0\r\n200\r\n200",
      body: "MsgID 1\r\nEXEC oma:mo:oma-test-exec:1.0/Run https://127.0.0.1:4443/alerts\r\nDELETE oma:mo:oma-mms:1.3/1",
    },
    { requestBody: "MsgID 1\r\n200\r\n200", body: "MsgID 2\r\nEND" },
  ]);
}

/** Every server check over one session, in SERVER_CLAUSES order. */
export function allChecks(t: Transcript, options: ServerCheckOptions = { dmUrl: DM_URL }): CheckResult[] {
  return SERVER_CLAUSES.map((clause) => SERVER_CHECKS[clause](t, options));
}
