/**
 * Listeners the sessions of a run share, each routing requests to the session they belong to by
 * the session's id in the request path ("/dm/<id>…" for DM packages, "/r/<id>/…" for resources):
 *
 * - "dm": the DM session URLs with a valid certificate (every session but the negative ones of 5.3,
 *   which get a listener of their own so their TLS outcome is theirs alone);
 * - "resources": the run's resource origin (resource-origin.ts), another port and host name;
 * - "plain-resources": http:// ServerURIs.
 *
 * A run thus holds a handful of ports, whatever the number of sessions (a device behind a firewall
 * gets a --port range of about ten). Each exchange is written into its session's transcript from the
 * moment its head arrives (a request whose body never completes stays on its session's record); a
 * request under no live session's id is answered 404 and kept in the listener's own transcript.
 * Opened once per run on first use, closed when the run ends.
 */
import { isIP } from "node:net";
import { newTranscript, type Transcript } from "../model/transcript.ts";
import { clientTarget, onRunEnd, sharedOnce } from "../runner/run-context.ts";
import { type Listener, openListener, type PendingRequest } from "./listener.ts";

export interface SessionRoute {
  transcript: Transcript;
  nextSeq: () => number;
  onRequest(p: PendingRequest): void;
}

export interface SharedListener {
  /** scheme://host:port the sessions' URLs use. */
  origin: string;
  /** Requests no session claimed. */
  transcript: Transcript;
  /** Routes requests carrying `id` to `route` until the returned function is called. */
  attach(id: string, route: SessionRoute): () => void;
}

export type SharedListenerKind = "dm" | "resources" | "plain-resources";

/** The session id a request target carries: "/dm/<id>…" or "/r/<id>/…". */
export function sessionIdOf(target: string): string | undefined {
  const m = /^\/(?:dm|r)\/([^/?#]+)/.exec(target);
  return m?.[1];
}

export function sharedListener(
  kind: SharedListenerKind,
  opts: {
    tls: { cert: string; key: string } | null;
    advertisedHost?: string;
    /** Also listen on ::1 at the same port (a name like "localhost" may resolve there first). */
    dualStack?: boolean;
  },
): Promise<SharedListener> {
  return sharedOnce(`server-role.shared-listener:${kind}`, async () => {
    const transcript = newTranscript("server");
    transcript.session = `${kind} listener`;
    const routes = new Map<string, SessionRoute>();
    const route = (target: string) => {
      const id = sessionIdOf(target);
      return id === undefined ? undefined : routes.get(id);
    };
    const onRequest = (p: PendingRequest) => {
      const r = route(p.exchange.request.target);
      if (r) return r.onRequest(p);
      p.exchange.label ??= "unknown-session";
      p.respond({ status: 404, headers: [], body: new Uint8Array() });
    };
    const attribute = (target: string) => route(target);
    const base = { tls: opts.tls, transcript, onRequest, attribute };
    const advertised = opts.advertisedHost ? { advertisedHost: opts.advertisedHost } : {};
    const listeners: Listener[] = [await openListener({ ...base, ...advertised })];
    if (opts.dualStack && isIP(clientTarget().host) === 4) {
      try {
        listeners.push(
          await openListener({ ...base, ...advertised, bind: { host: "::1", port: listeners[0]!.port } }),
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
      attach(id, r) {
        routes.set(id, r);
        return () => {
          if (routes.get(id) === r) routes.delete(id);
        };
      },
    };
  });
}
