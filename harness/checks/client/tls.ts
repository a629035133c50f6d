/**
 * 5.3: "When the device connects to the servers URL it MUST use HTTPS and verify that the
 * certificate that is used is a valid one for managing that device. If not valid the client MUST
 * disconnect to the server."
 *
 * Readings (docs/interpretations.md #11, #12):
 * - HTTPS binds the DM session URL (the notified URL, the DEFAULT ServerURL), i.e. the DM packages;
 *   the ServerURIs of GET/PUT/POST may be http:// and requests to them are never judged here.
 * - A certificate was rejected when NO HTTP request arrived on that connection, whether the device
 *   aborted the handshake (with or without an alert) or completed it and closed (curl checks the
 *   host name after the handshake). A device that never connected at all showed nothing.
 */
import { eventEvidence, expectation, requestEvidence, tlsEvidence } from "../../model/evidence.ts";
import type { HttpExchange, TlsEvent, Transcript } from "../../model/transcript.ts";
import { type DeviceSessionView, EVENT, eventsOf, packageName } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { quietWatches } from "./session-view.ts";

export const CLAUSE_HTTPS = "DMC-5.3-01";
export const CLAUSE_CERTIFICATE = "DMC-5.3-02";

function tlsOf(transcript: Transcript, connectionId: number | undefined): TlsEvent | undefined {
  return connectionId === undefined ? undefined : transcript.tls.find((t) => t.connectionId === connectionId);
}

/** DMC-5.3-01 on sessions that did happen: every DM package came over HTTPS. */
export function checkPackagesOverHttps(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
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

/**
 * Evidence that the device does answer a notification in this run, taken from a control session
 * with a valid certificate. Without it, silence after a plaintext notification proves nothing.
 */
export interface LivenessControl {
  /** True when the control session's Pkg#1 arrived. */
  connected: boolean;
  detail: string;
  /** The control session's Pkg#1: quoted beside a silence, since silence alone quotes nothing. */
  pkg1?: HttpExchange;
}

/**
 * DMC-5.3-01, the plaintext case: the notification named an http:// URL on a plain listener (the
 * transcript of that listener) and the device must send no DM request there. A TCP connection that
 * carries no request is allowed; any request is a plaintext DM request.
 */
export function checkNoPlaintextRequest(
  plain: Transcript,
  notifiedUrl: string,
  control: LivenessControl | undefined,
): CheckResult {
  const requests = plain.exchanges;
  if (requests.length > 0) {
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      bad(
        `after a notification naming ${notifiedUrl}, the device sent ${requests.length} plaintext HTTP request(s); the first: ${requests[0]!.request.method} ${requests[0]!.request.target}`,
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
      unseen(
        "the harness did not watch the plaintext listener, so the absence of a request shows nothing",
        evidence,
      ),
    ]);
  }
  if (!control?.connected) {
    return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
      unseen(
        `no plaintext request arrived, but the device did not connect in the control session either (${control?.detail ?? "no control session"}): its silence proves nothing`,
        evidence,
      ),
    ]);
  }
  return verdictOf(CLAUSE_HTTPS, "plaintext notifications", [
    ok(
      `no plaintext request within ${watch.to - watch.from} ms after a notification naming ${notifiedUrl}`,
      "no request to the http:// session URL",
      [
        ...evidence,
        ...(control.pkg1
          ? [requestEvidence(control.pkg1, `control session: Pkg#1 (exchange #${control.pkg1.seq})`)]
          : []),
      ],
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
 * valid for this device (`certCase` says why); the device must send no HTTP request on any
 * connection to it.
 */
export function checkCertificateRejected(listener: Transcript, certCase: string): CheckResult {
  const subject = `connections to a server with a ${certCase} certificate`;
  if (listener.exchanges.length > 0) {
    const ex = listener.exchanges[0]!;
    const tls = tlsOf(listener, ex.connectionId);
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      bad(
        `the device accepted the ${certCase} certificate: it sent ${ex.request.method} ${ex.request.target} over that connection`,
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
    const timeouts = eventsOf(listener, EVENT.timeout);
    return verdictOf(CLAUSE_CERTIFICATE, subject, [
      unseen(
        `the device never connected after the notification, so its certificate check was never shown`,
        timeouts.map(eventEvidence),
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
    return ok(`connection #${ev.connectionId}: ${how}${alert}`, `${how}${alert}`, [tlsEvidence(ev)]);
  });
  return verdictOf(CLAUSE_CERTIFICATE, subject, obs);
}
