/**
 * DMS-5.3-02: the server "serves DM over HTTPS with a certificate that verifies for its host name
 * against the CA the vendor declares". The verification is Node's own (the recording client
 * trusts only the declared CA and checks the host name); this check reads its outcome from the
 * transcript's TLS events for the DM URL's origin.
 *
 * Verdicts: an https DM URL whose connections were established → pass (the peer certificate is
 * recorded as the reading); a certificate error → fail; a DM URL that is not https, or a
 * handshake that fails for another reason (the port does not speak TLS) → fail; no connection at
 * all (refused, unreachable) → error, since nothing about the certificate was seen.
 */
import { exchangeEvidence, expectation, tlsEvidence } from "../../model/evidence.ts";
import type { TlsEvent, Transcript } from "../../model/transcript.ts";
import { type CheckResult, checkError, fail, pass } from "../../model/verdict.ts";
import { dmPackages } from "./session-view.ts";

export const CLAUSE_CERTIFICATE = "DMS-5.3-02";

const CERT_ERROR =
  /^(CERT_|ERR_TLS_CERT|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|INVALID_CA|HOSTNAME_MISMATCH|ERR_SSL_)/;
const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERT_ERROR.test(code);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function certificateSummary(ev: TlsEvent): string {
  const c = ev.peerCertificate;
  if (!c) return `${ev.protocol ?? "TLS"}, no peer certificate recorded`;
  return `${ev.protocol ?? "TLS"}; subject ${c.subject}; issuer ${c.issuer}; SAN ${c.subjectAltName ?? "(none)"}; valid ${c.validFrom} .. ${c.validTo}`;
}

export function checkCertificate(transcript: Transcript, dmUrl: string): CheckResult {
  const origin = originOf(dmUrl);
  if (!dmUrl.startsWith("https://") || origin === undefined) {
    return fail(CLAUSE_CERTIFICATE, `the DM URL ${dmUrl} is not an https URL`, [
      expectation("DM URL", "https://…", dmUrl),
    ]);
  }
  const events = transcript.tls.filter((ev) => originOf(ev.peer) === origin || ev.peer === origin);
  const failed = events.filter((ev) => ev.outcome === "handshake-failed" || ev.outcome === "not-tls");
  const certFailure = failed.find((ev) => isCertificateError(ev.errorCode));
  if (certFailure) {
    return fail(
      CLAUSE_CERTIFICATE,
      `the server's certificate did not verify for ${new URL(dmUrl).hostname} against the declared CA: ${certFailure.errorCode}${certFailure.errorMessage ? ` (${certFailure.errorMessage})` : ""}`,
      [tlsEvidence(certFailure)],
    );
  }
  // A client that records no TLS event for a refused handshake still records the request's error.
  const packages = dmPackages(transcript);
  const certExchange = packages.find((p) => isCertificateError(p.exchange.error?.code));
  if (certExchange) {
    return fail(
      CLAUSE_CERTIFICATE,
      `the server's certificate did not verify against the declared CA: ${certExchange.exchange.error!.code}`,
      exchangeEvidence(certExchange.exchange),
    );
  }
  const established = events.filter((ev) => ev.outcome !== "handshake-failed" && ev.outcome !== "not-tls");
  if (established.length > 0) {
    return pass(
      CLAUSE_CERTIFICATE,
      `${established.length} TLS connection(s) to ${origin} verified against the declared CA and host name`,
      [tlsEvidence(established[0]!)],
      certificateSummary(established[0]!),
    );
  }
  if (failed.length > 0) {
    const ev = failed[0]!;
    if (ev.errorCode && UNREACHABLE.has(ev.errorCode)) {
      return checkError(CLAUSE_CERTIFICATE, `could not reach ${origin}: ${ev.errorCode}`, [tlsEvidence(ev)]);
    }
    return fail(
      CLAUSE_CERTIFICATE,
      `no TLS session with ${origin}: ${ev.errorCode ?? ev.outcome}${ev.errorMessage ? ` (${ev.errorMessage})` : ""}`,
      [tlsEvidence(ev)],
    );
  }
  const firstError = packages.find((p) => p.exchange.error)?.exchange;
  return checkError(
    CLAUSE_CERTIFICATE,
    firstError
      ? `no TLS connection to ${origin} was recorded (${firstError.error!.code}: ${firstError.error!.message})`
      : `no TLS connection to ${origin} was recorded`,
    firstError ? exchangeEvidence(firstError) : [],
  );
}
