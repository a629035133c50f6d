/**
 * One DM session seen by the monitor, both legs kept apart: the device leg (what the device sent
 * and what it received, from the monitor's listener) and the server leg (what the monitor
 * forwarded and what the server answered, from the monitor's recording client). The two legs
 * follow the transcript convention of the checks (session-view.ts): DM packages labelled "pkgN"
 * in arrival order, every other request matched to its command by path and query.
 *
 * The session ends by itself, always within bounds: END plus the quiet period; an answer that is
 * no command file (the device has nothing left to do); no request from the device for the
 * timeout; the package bound. `ending` says which, and who stopped it.
 */
import type { Transcript } from "../model/transcript.ts";

export type SessionKind = "notification" | "default";

/** Who the session's ending is down to: the device, the server, or neither (it reached END). */
export type Blame = "device" | "server" | "none";

export interface SessionEnding {
  /** True when an answer carrying END reached the device. */
  reachedEnd: boolean;
  blame: Blame;
  /** One sentence: how the session ended. */
  reason: string;
}

export interface MonitoredSession {
  /** 1-based order within the plan. */
  index: number;
  kind: SessionKind;
  /** The DM URL the server named (Pkg#0's URL or DEFAULT's ServerURL), as the server wrote it. */
  upstreamUrl: string;
  /** The same URL as the device was given it (through the monitor). */
  deviceUrl: string;
  /** What the device sent and received (listener side). */
  deviceLeg: Transcript;
  /** What the server was sent and answered (recording client side), with Pkg#0 events. */
  serverLeg: Transcript;
  /** Whether the server was asked for a notification for this session. */
  notifyConfigured: boolean;
  /** For a DEFAULT session: the MOID and who initiated it. */
  stimulus?: { moid: string; initiatedBy: "Device" | "User" };
  ending: SessionEnding;
}
