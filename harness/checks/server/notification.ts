/**
 * DMS-5.3-01: "The server sends out a server initiated notification message. The content of the
 * message must follow this structure" (Table 1): version bits 0000010100, ui-mode, initiator, the
 * three flags, 16 reserved bits "Reserved for future use", an 8-bit URL length, the URL. And "When
 * the device connects to the servers URL it MUST use HTTPS": a notification naming an http URL asks
 * the device for what it must not do.
 *
 * One observation per Pkg#0 that reached the harness's sink (NOTIFICATION_EVENT, the POST body as
 * received). Fails: a version other than 2.0, a URL-length byte that does not match the bytes that
 * follow (bytes after the URL included), a URL that is not an absolute https URL, too few bytes.
 * Nonzero reserved bits are not ruled out ("Reserved for future use" says nothing of their value):
 * recorded as the reading, failed only under --strict.
 *
 * Not exercised when no notify command is configured (the message says so); not applicable when
 * the IXIT declares the server emits none; an error (never a pass) when one is configured and
 * nothing arrived, since then the set-up, not the server, is the likelier cause.
 */
import { eventEvidence, expectation } from "../../model/evidence.ts";
import type { Transcript, TranscriptEvent } from "../../model/transcript.ts";
import { EVENT } from "../../model/transcript-contract.ts";
import { type CheckResult, checkError, type Evidence, notApplicable } from "../../model/verdict.ts";
import { decodeNotification } from "../../protocol/notification.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";

export const CLAUSE_NOTIFICATION = "DMS-5.3-01";
/** Event kind the notification sink records, with the Pkg#0 bytes (the transcript contract's). */
export const NOTIFICATION_EVENT = EVENT.pkg0Received;
/** Event kind for what the notify command printed or how it ended. */
export const NOTIFY_COMMAND_EVENT = EVENT.notifyCommand;

const LAYOUT =
  "version 0000010100, URL length = the URL's bytes and nothing after them, an absolute https URL";

function bytesEvidence(ev: TranscriptEvent): Evidence {
  return { ...eventEvidence(ev), kind: "notification" };
}

function observe(ev: TranscriptEvent, strict: boolean): Observation {
  const broken = (why: string) =>
    bad(`the notification does not have 5.3's layout: ${why}`, [
      expectation("Pkg#0", strict ? `${LAYOUT}, reserved bits 0 (--strict)` : LAYOUT, why),
      bytesEvidence(ev),
    ]);
  const decoded = decodeNotification(ev.bytes ?? new Uint8Array());
  if (!decoded.ok) return broken(`${decoded.error.code}: ${decoded.error.message}`);
  const ruledOut = decoded.findings.filter(
    (f) => f.code === "url-not-https" || (strict && f.code === "reserved-bits-nonzero"),
  );
  if (ruledOut.length > 0) return broken(ruledOut.map((f) => `${f.code}: ${f.message}`).join("; "));
  const n = decoded.notification;
  const reserved =
    n.reserved === 0
      ? "reserved bits 0"
      : `reserved bits 0x${n.reserved.toString(16).padStart(4, "0")} (reserved for future use: recorded)`;
  return ok(
    `Pkg#0 for ${n.url}`,
    `ui-mode ${n.uiMode}, initiator ${n.initiator}, send-devdetail ${+n.sendDevDetail}, send-supported-mo ${+n.sendSupportedMOs}, send-all-mo-instances ${+n.sendAllMOInstances}, ${reserved}, URL ${n.url}`,
    [bytesEvidence(ev)],
  );
}

export function checkNotification(transcript: Transcript, options: ServerCheckOptions = {}): CheckResult {
  if (options.notificationsNotApplicable !== undefined) {
    return notApplicable(CLAUSE_NOTIFICATION, options.notificationsNotApplicable);
  }
  const received = transcript.events.filter((e) => e.kind === NOTIFICATION_EVENT);
  if (received.length === 0 && options.notifyConfigured) {
    return checkError(
      CLAUSE_NOTIFICATION,
      "the notify command was run but no notification reached DM20_PUSH_URL in time",
      transcript.events.filter((e) => e.kind === NOTIFY_COMMAND_EVENT).map(eventEvidence),
    );
  }
  const obs =
    received.length > 0
      ? received.map((ev) => observe(ev, options.strict ?? false))
      : [
          unseen(
            "no notify command is configured (--notify-cmd), so no Pkg#0 was asked for: the server was never asked to notify",
          ),
        ];
  return verdictOf(CLAUSE_NOTIFICATION, "notifications", obs);
}
