/**
 * 5.3: "When the device connects to the servers URL it MUST use HTTPS and verify that the
 * certificate that is used is a valid one for managing that device. If not valid the client MUST
 * disconnect to the server."
 *
 * Readings (docs/interpretations.md #11, #12, #32):
 * - HTTPS binds the DM session URL (the notified URL, the DEFAULT ServerURL), i.e. the DM packages;
 *   the ServerURIs of GET/PUT/POST may be http:// and requests to them are never judged here.
 * - A certificate was rejected when NO HTTP request arrived on that connection, for the whole run,
 *   whether the device aborted the handshake (with or without an alert) or completed it and closed
 *   (curl checks the host name after the handshake). A device that never connected at all showed
 *   nothing; nor did one that did not answer a valid notification right after (it refuses good
 *   certificates too, or stopped answering).
 */
import { eventEvidence, expectation, requestEvidence, tlsEvidence } from "../../model/evidence.ts";
import type { HttpExchange, TlsEvent, Transcript } from "../../model/transcript.ts";
import { type DeviceSessionView, EVENT, eventsOf, packageName } from "../../model/transcript-contract.ts";
import type { CheckResult, Evidence } from "../../model/verdict.ts";
import { decodeNotification } from "../../protocol/notification.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { quietWatches, wireTrace } from "./session-view.ts";

export const CLAUSE_HTTPS = "DMC-5.3-01";
export const CLAUSE_CERTIFICATE = "DMC-5.3-02";

function tlsOf(transcript: Transcript, connectionId: number | undefined): TlsEvent | undefined {
  return connectionId === undefined ? undefined : transcript.tls.find((t) => t.connectionId === connectionId);
}

/**
 * DMC-5.3-01 on sessions that did happen: every DM package came over HTTPS. Sessions whose
 * notification named an http:// URL are the plaintext case's (checkNoPlaintextRequest).
 */
export function checkPackagesOverHttps(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    if (notifiedUrlOf(view.transcript)?.toLowerCase().startsWith("http://")) continue;
    for (const p of view.packages) {
      const url = p.exchange.request.url;
      const tls = tlsOf(view.transcript, p.exchange.connectionId);
      if (!url.toLowerCase().startsWith("https://")) {
        obs.push(
          bad(`${packageName(p)} was sent in plaintext to ${url}`, [
            expectation(`scheme of ${packageName(p)}`, "https", url),
            requestEvidence(p.exchange),
          ]),
        );
      } else {
        obs.push(
          ok(`${packageName(p)} over ${tls?.protocol ?? "TLS"}`, undefined, [
            ...(tls ? [tlsEvidence(tls)] : []),
            requestEvidence(p.exchange),
          ]),
        );
      }
    }
  }
  return verdictOf(CLAUSE_HTTPS, "DM packages", obs);
}

/** The URL the session's Pkg#0 named, when the harness sent one. */
function notifiedUrlOf(t: Transcript): string | undefined {
  const ev = eventsOf(t, EVENT.notification)[0];
  if (!ev?.bytes) return undefined;
  const decoded = decodeNotification(ev.bytes);
  return decoded.ok ? decoded.notification.url : undefined;
}

/**
 * What the device did right after a negative case: a session with everything in order (a valid
 * certificate, an https:// URL), notified once the negative case had been watched. Its Pkg#1 shows
 * the device was alive and answering, so its silence in the negative case was a refusal, not a
 * crash or a device that never answers anything (nor one that refuses good certificates too).
 */
function followUpEvidence(followUp: DeviceSessionView | undefined): {
  answered: boolean;
  evidence: Evidence[];
  detail: string;
} {
  const pkg1 = followUp?.packages[0];
  if (pkg1)
    return {
      answered: true,
      evidence: [
        requestEvidence(pkg1.exchange, `valid session right after: Pkg#1 (exchange #${pkg1.exchange.seq})`),
      ],
      detail: "",
    };
  return {
    answered: false,
    evidence: followUp ? wireTrace(followUp.transcript, 2) : [],
    detail: followUp
      ? "the device did not answer the valid notification sent right after it either"
      : "no valid session followed it",
  };
}

/** When a request came, relative to the notification that named the listener: "1234 ms after Pkg#0". */
function when(ex: HttpExchange, t: Transcript): string {
  const notified = eventsOf(t, EVENT.notification)[0];
  return notified
    ? `${Math.round(ex.startedAt - notified.at)} ms after Pkg#0`
    : new Date(ex.startedAt).toISOString();
}

/**
 * DMC-5.3-01, the plaintext case: the notification named an http:// URL on a plain listener (the
 * transcript of that listener, watched until the run ended) and the device must send no DM request
 * there. A TCP connection that carries no request is allowed; any request is a plaintext DM request.
 */
export function checkNoPlaintextRequest(
  negative: DeviceSessionView | undefined,
  followUp: DeviceSessionView | undefined,
): CheckResult {
  if (!negative)
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      unseen("no notification with an http:// URL was sent in this run"),
    ]);
  const plain = negative.transcript;
  const notifiedUrl = notifiedUrlOf(plain) ?? "(the notified URL)";
  const requests = plain.exchanges;
  if (requests.length > 0) {
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      bad(
        `after a notification naming ${notifiedUrl}, the device sent ${requests.length} plaintext HTTP request(s); the first, ${when(requests[0]!, plain)}: ${requests[0]!.request.method} ${requests[0]!.request.target}`,
        [
          expectation(
            "requests on the plaintext listener",
            "none (5.3: the device MUST use HTTPS)",
            `${requests.length}`,
          ),
          ...requests.slice(0, 2).map((ex) => requestEvidence(ex)),
        ],
      ),
    ]);
  }
  const watch = quietWatches(plain)[0];
  const notified = eventsOf(plain, EVENT.notification)[0];
  const evidence = [
    // The notification bytes are what the device was handed: the wire half of this test.
    ...(notified ? [{ ...eventEvidence(notified), kind: "notification" as const }] : []),
    ...(watch ? [eventEvidence(watch.end)] : []),
  ];
  if (!watch) {
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      unseen("the harness did not watch the plaintext listener, so the absence of a request shows nothing", [
        ...evidence,
        ...wireTrace(plain, 2),
      ]),
    ]);
  }
  const next = followUpEvidence(followUp);
  if (!next.answered) {
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      unseen(`no plaintext request arrived, but ${next.detail}: its silence proves nothing`, [
        ...evidence,
        ...next.evidence,
      ]),
    ]);
  }
  return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
    ok(
      `no plaintext request in the ${Math.round(watch.to - watch.from)} ms watched after a notification naming ${notifiedUrl}; a valid session right after was answered`,
      "no request to the http:// session URL",
      [...evidence, ...next.evidence],
    ),
  ]);
}

const REJECTED_OUTCOMES: Record<string, string> = {
  "handshake-failed": "aborted the TLS handshake",
  "established-no-request": "completed the handshake, then closed without a request",
  "not-tls": "closed the connection before any TLS ClientHello",
  open: "left the connection open without a request until the harness stopped watching",
};

/**
 * DMC-5.3-02 for one invalid-certificate case: the listener served a certificate that is not
 * valid for this device (`certCase` says why) and was watched until the run ended; the device must
 * send no HTTP request on any connection to it. Its refusal counts only when it then accepts a
 * valid certificate (`followUp`): a device that refuses everything, or stopped answering, shows
 * nothing about this case.
 */
export function checkCertificateRejected(
  negative: DeviceSessionView | undefined,
  certCase: string,
  followUp?: DeviceSessionView,
): CheckResult {
  const subject = `connections to a server with a ${certCase} certificate`;
  if (!negative)
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      unseen(`no session with a ${certCase} certificate was run`),
    ]);
  const listener = negative.transcript;
  if (listener.exchanges.length > 0) {
    const ex = listener.exchanges[0]!;
    const tls = tlsOf(listener, ex.connectionId);
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      bad(
        `the device accepted the ${certCase} certificate: it sent ${ex.request.method} ${ex.request.target} over that connection (${when(ex, listener)})`,
        [
          expectation(
            `HTTP requests after a ${certCase} certificate`,
            "none: the device must disconnect without sending any HTTP request",
            `${listener.exchanges.length}`,
          ),
          ...(tls ? [tlsEvidence(tls)] : []),
          requestEvidence(ex),
        ],
      ),
    ]);
  }
  if (listener.tls.length === 0) {
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      unseen(
        `the device never connected after the notification, so its certificate check was never shown`,
        wireTrace(listener, 3),
      ),
    ]);
  }
  const next = followUpEvidence(followUp);
  if (!next.answered) {
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      unseen(
        `the device sent no request over the ${certCase} certificate, but ${next.detail}: its refusal shows nothing about the certificate`,
        [...listener.tls.slice(0, 1).map(tlsEvidence), ...next.evidence],
      ),
    ]);
  }
  const obs: Observation[] = listener.tls.map((ev) => {
    if (ev.requests > 0) {
      return bad(
        `connection #${ev.connectionId} carried ${ev.requests} HTTP request(s) after a ${certCase} certificate`,
        [tlsEvidence(ev)],
      );
    }
    const how = REJECTED_OUTCOMES[ev.outcome] ?? ev.outcome;
    const alert =
      ev.alert !== undefined
        ? ` with TLS alert ${ev.alert}`
        : ev.outcome === "handshake-failed"
          ? " without an alert"
          : "";
    return ok(
      `connection #${ev.connectionId}: ${how}${alert}; a valid certificate was accepted right after`,
      `${how}${alert}`,
      [tlsEvidence(ev), ...next.evidence],
    );
  });
  return verdictOf(CLAUSE_CERTIFICATE, subject, obs);
}
