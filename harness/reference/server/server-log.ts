/**
 * What the reference server saw and did, in order: packages, uploads, alerts, notifications. Tests
 * read it to confirm that a command really reached the server (an upload arrived, an alert came),
 * and main.ts prints it. Bounded, so a long-running standalone server does not grow without end.
 */

export type ServerEventKind =
  | "pkg1"
  | "status"
  | "response"
  | "refused"
  | "document"
  | "page"
  | "upload"
  | "alert"
  | "notification";

export interface ServerEvent {
  at: number;
  kind: ServerEventKind;
  deviceId?: string;
  detail: string;
  /** Generic Alerts that came with the event (Pkg#1 or an alert POST). */
  alerts?: unknown[];
  /** A parsed upload body. */
  document?: unknown;
}

export const SERVER_LOG_LIMIT = 10_000;

export class ServerLog {
  private readonly list: ServerEvent[] = [];
  private readonly listeners = new Set<(e: ServerEvent) => void>();

  add(event: Omit<ServerEvent, "at">): void {
    const full = { at: Date.now(), ...event };
    if (this.list.length >= SERVER_LOG_LIMIT) this.list.shift();
    this.list.push(full);
    for (const l of this.listeners) l(full);
  }

  events(): ServerEvent[] {
    return [...this.list];
  }

  onEvent(listener: (e: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
