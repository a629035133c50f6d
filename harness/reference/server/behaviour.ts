/**
 * Seams where a fault may bend the reference server. A correct server sets none of them. Each fault
 * switch (faults.ts) is one small behaviour built from these seams, so the conformant code path
 * reads straight through and every deviation is visible in one place.
 */
import type { Notification } from "../../protocol/notification.ts";
import type { ScenarioCommand } from "./scenario.ts";

/** What a command-file transform may look at. */
export interface CommandsContext {
  /** The server's origin, e.g. "https://127.0.0.1:4443". */
  base: string;
  /** True for the response that follows the last command file's status (END alone, normally). */
  afterLastStatus: boolean;
  /** True for the response to Pkg#1. */
  firstResponse: boolean;
}

export interface ServerBehaviour {
  // --- 5.3: Pkg#0 and TLS --------------------------------------------------------------------
  /** The notification's fields just before encoding. */
  notification?(n: Notification): Notification;
  /** Write this many more (or fewer) than the URL's byte length into the URL-length byte. */
  notificationUrlLengthDelta?: number;
  /** Bytes appended after the URL (not counted by the URL-length byte). */
  notificationTrailingBytes?: Uint8Array;
  /** Serve DM with another certificate of the test PKI than the valid one. */
  certificate?: "wrongHost" | "expired";

  // --- 5.5: the command file -----------------------------------------------------------------
  /** Content-Type of a command-file response. */
  contentType?: string;
  /** Line separator of a command file (CRLF when unset). */
  lineBreak?: "\n";
  /** End every command file with a line break after its last line (lawful: a final CRLF). */
  finalLineBreak?: boolean;
  /** Leave out the "MsgID n" first line. */
  omitMsgIdLine?: boolean;
  /**
   * The MsgID to write: `perSession` is the correct one (0, 1, 2, ... within the session),
   * `serverWide` a counter over every response of the server.
   */
  msgId?(perSession: number, serverWide: number): number;
  /** The commands of a response, after the template is filled in. */
  commands?(commands: ScenarioCommand[], ctx: CommandsContext): ScenarioCommand[];

  // --- 5.6: accepting packages ----------------------------------------------------------------
  /** Answer status packages (application/dm20status) with 415. */
  refuseStatusPackages?: boolean;

  // --- 5.7: ending the session ----------------------------------------------------------------
  /** After the last command file, start over from the first instead of sending END. */
  neverEnd?: boolean;
}

/** Several behaviours at once: flags and values from the last that sets them, transforms chained. */
export function combineServerBehaviours(list: ServerBehaviour[]): ServerBehaviour {
  const out: ServerBehaviour = Object.assign({}, ...list);
  const notifications = list.flatMap((b) => (b.notification ? [b.notification.bind(b)] : []));
  if (notifications.length > 0) out.notification = (n) => notifications.reduce((v, f) => f(v), n);
  const commands = list.flatMap((b) => (b.commands ? [b.commands.bind(b)] : []));
  if (commands.length > 0) out.commands = (c, ctx) => commands.reduce((v, f) => f(v, ctx), c);
  return out;
}
