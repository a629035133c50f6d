/**
 * The run's second origin: every resource a command file names (GET documents, upload endpoints,
 * Generic Alert sinks, SHOW pages, URL-parameter templates) is served here, on another port and,
 * on loopback, under another host name ("localhost" beside the sessions' 127.0.0.1) that the test
 * certificate also covers. A device that sends a ServerURI's request to the DM session's own
 * origin (ignoring the ServerURI's authority) is then seen doing so: that request lands on the
 * session listener, not here, and the checks match requests by authority.
 *
 * One listener serves every session of the run; requests are handed to the session whose path
 * prefix they carry. A request under no live session's prefix is answered 404 and stays in this
 * origin's own transcript. Opened once per run, closed when the run ends.
 */
import { isIP } from "node:net";
import { newTranscript, type Transcript } from "../model/transcript.ts";
import { clientTarget, onRunEnd, sharedOnce } from "../runner/run-context.ts";
import { type Listener, openListener, type PendingRequest } from "./listener.ts";
import { runPki, tlsFor } from "./pki.ts";

export interface ResourceOrigin {
  /** https://host:port the command files name. */
  origin: string;
  transcript: Transcript;
  /** Routes requests under `prefix` to `sink` until the returned function is called. */
  attach(prefix: string, sink: (p: PendingRequest) => void): () => void;
}

const KEY = "server-role.resourceOrigin";

/**
 * The host name the resource origin is addressed by: the public host for a device elsewhere, else
 * "localhost" on IPv4 loopback (a name other than the sessions' 127.0.0.1), else the bound host.
 */
export function resourceHost(): string {
  const target = clientTarget();
  if (target.publicHost) return target.publicHost;
  return target.host === "127.0.0.1" ? "localhost" : target.host;
}

export function resourceOrigin(): Promise<ResourceOrigin> {
  return sharedOnce(KEY, async () => {
    const { pki } = await runPki();
    const target = clientTarget();
    const transcript = newTranscript("server");
    transcript.session = "resource origin";
    const routes = new Map<string, (p: PendingRequest) => void>();
    const onRequest = (p: PendingRequest) => {
      const target = p.exchange.request.target;
      for (const [prefix, sink] of routes) if (target.startsWith(prefix)) return sink(p);
      p.exchange.label = "unknown-resource";
      p.respond({ status: 404, headers: [], body: new Uint8Array() });
    };
    const tls = tlsFor(pki, "valid");
    const advertisedHost = resourceHost();
    const listeners: Listener[] = [await openListener({ tls, transcript, onRequest, advertisedHost })];
    // "localhost" may resolve to ::1 first: answer there too, on the same port, where the machine has IPv6.
    if (advertisedHost === "localhost" && isIP(target.host) === 4) {
      try {
        listeners.push(
          await openListener({
            tls,
            transcript,
            onRequest,
            advertisedHost,
            bind: { host: "::1", port: listeners[0]!.port },
          }),
        );
      } catch {
        // No IPv6 loopback here: clients fall back to 127.0.0.1.
      }
    }
    onRunEnd(async () => {
      await Promise.allSettled(listeners.map((l) => l.close()));
    });
    return {
      origin: listeners[0]!.origin,
      transcript,
      attach(prefix, sink) {
        routes.set(prefix, sink);
        return () => routes.delete(prefix);
      },
    };
  });
}
