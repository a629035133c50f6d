/**
 * The run's second origin: every resource a command file names (GET documents, upload endpoints,
 * Generic Alert sinks, SHOW pages, URL-parameter templates) is served here, on another port and,
 * on loopback, under another host name ("localhost" beside the sessions' 127.0.0.1) that the test
 * certificate also covers. A device that sends a ServerURI's request to the DM session's own
 * origin (ignoring the ServerURI's authority) is then seen doing so: that request lands on the
 * session listener, not here, and the checks match requests by authority. http:// ServerURIs have
 * a plain origin of their own. Both are listeners the run's sessions share (shared-listener.ts).
 */
import { clientTarget } from "../runner/run-context.ts";
import { runPki, tlsFor } from "./pki.ts";
import { type SharedListener, sharedListener } from "./shared-listener.ts";

/**
 * The host name the resource origin is addressed by: the public host for a device elsewhere, else
 * "localhost" on IPv4 loopback (a name other than the sessions' 127.0.0.1), else the bound host.
 */
export function resourceHost(): string {
  const target = clientTarget();
  if (target.publicHost) return target.publicHost;
  return target.host === "127.0.0.1" ? "localhost" : target.host;
}

/** The https resource origin. */
export async function resourceOrigin(): Promise<SharedListener> {
  const { pki } = await runPki();
  const advertisedHost = resourceHost();
  return sharedListener("resources", {
    tls: tlsFor(pki, "valid"),
    advertisedHost,
    dualStack: advertisedHost === "localhost",
  });
}

/** The http:// origin for plaintext ServerURIs (GET, PUT/POST may name one). */
export function plainResourceOrigin(): Promise<SharedListener> {
  return sharedListener("plain-resources", { tls: null });
}
