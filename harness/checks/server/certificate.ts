/**
 * DMS-5.3-02: "When the device connects to the servers URL it MUST use HTTPS and verify that the
 * certificate that is used is a valid one for managing that device" (5.3). The server's side of
 * it: DM is served over HTTPS with a certificate that verifies for the DM URL's host name against
 * the CA the vendor declares. The verification is Node's own (the recording client trusts only the
 * declared CA and checks the host name); this check reads its outcome from the transcript's TLS
 * events for the DM URL's origin.
 *
 * The clause is about what the certificate is, nothing else (issue 12): each TLS connection to
 * the DM origin is one observation. A verification error, or a handshake that fails as TLS (the
 * port does not speak it), is a FAIL; a connection whose handshake completed is a PASS observation
 * with the certificate recorded as the reading; a connection reset or refused before any
 * certificate was presented shows nothing about the certificate (not exercised by it) — a server
 * killed mid-session fails the session clauses, not this one.
 */
import { expectation, requestEvidence, tlsEvidence } from "../../model/evidence.ts";
import type { TlsEvent, Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";
import { dmPackages, isCertificateError, packageName, sessionUrl } from "./session-view.ts";

export const CLAUSE_CERTIFICATE = "DMS-5.3-02";

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

function observe(ev: TlsEvent, host: string): Observation {
  const failed = ev.outcome === "handshake-failed" || ev.outcome === "not-tls";
  const why = `${ev.errorCode ?? ev.outcome}${ev.errorMessage ? ` (${ev.errorMessage})` : ""}`;
  if (!failed) {
    return ok(`TLS connection #${ev.connectionId} verified`, certificateSummary(ev), [tlsEvidence(ev)]);
  }
  if (ev.outcome === "not-tls" || isCertificateError(ev.errorCode)) {
    return bad(`the server's certificate did not verify for ${host} against the declared CA: ${why}`, [
      expectation(
        `TLS connection #${ev.connectionId}`,
        `a certificate that verifies for ${host} against the declared CA`,
        why,
      ),
      tlsEvidence(ev),
    ]);
  }
  return unseen(
    `no TLS handshake with the server completed (${why}): no certificate was presented to judge`,
    [tlsEvidence(ev)],
  );
}

export function checkCertificate(transcript: Transcript, options: ServerCheckOptions = {}): CheckResult {
  const dmUrl = sessionUrl(transcript, options.dmUrl);
  if (dmUrl === undefined) {
    return verdictOf(CLAUSE_CERTIFICATE, "TLS connections", [
      unseen("no DM package was sent in this session"),
    ]);
  }
  const origin = originOf(dmUrl);
  if (!dmUrl.startsWith("https://") || origin === undefined) {
    const first = dmPackages(transcript)[0];
    return verdictOf(CLAUSE_CERTIFICATE, "TLS connections", [
      bad(`the DM URL ${dmUrl} is not an https URL`, [
        expectation("DM URL", "https://…", dmUrl),
        ...(first ? [requestEvidence(first.exchange, packageName(first))] : []),
      ]),
    ]);
  }
  const host = new URL(dmUrl).hostname;
  const events = transcript.tls.filter((ev) => originOf(ev.peer) === origin || ev.peer === origin);
  const obs = events.map((ev) => observe(ev, host));
  // A client that records no TLS event for a refused handshake still records the request's error.
  if (!events.some((ev) => isCertificateError(ev.errorCode))) {
    for (const p of dmPackages(transcript).filter((x) => x.certificateRefused)) {
      obs.push(
        bad(
          `the server's certificate did not verify for ${host} against the declared CA: ${p.exchange.error?.code}`,
          [requestEvidence(p.exchange, `${packageName(p)}, not delivered (${p.exchange.error?.message})`)],
        ),
      );
    }
  }
  if (obs.length === 0) obs.push(unseen(`no TLS connection to ${origin} was recorded`));
  return verdictOf(CLAUSE_CERTIFICATE, `TLS connections to ${origin}`, obs);
}
