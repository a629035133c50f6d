/**
 * DMS-5.3-01: a notification (Pkg#0) the server emits has 5.3's layout — version bits
 * 0000010100, reserved bits zero, a URL-length byte equal to the URL's byte length (and nothing
 * after the URL), and an https URL (5.3: "When the device connects to the servers URL it MUST use
 * HTTPS": a notification naming an http URL asks the device for what it must not do).
 *
 * Input: the transcript's NOTIFICATION_EVENT events, one per Pkg#0 that reached the harness's
 * sink (their bytes are the POST body as received). Not exercised when no notify command is
 * configured; an error (never a pass) when one is configured and nothing arrived.
 */
import { eventEvidence, expectation } from "../../model/evidence.ts";
import type { Transcript, TranscriptEvent } from "../../model/transcript.ts";
import { type CheckResult, checkError, fail, notExercised, pass } from "../../model/verdict.ts";
import { decodeNotification } from "../../protocol/notification.ts";
import { quoted } from "./evidence-limit.ts";

export const CLAUSE_NOTIFICATION = "DMS-5.3-01";
/** Event kind the notification sink records, with the Pkg#0 bytes. */
export const NOTIFICATION_EVENT = "pkg0-received";
/** Event kind for what the notify command printed or how it ended. */
export const NOTIFY_COMMAND_EVENT = "notify-command";

/** Finding codes of a notification that decodes but breaks the clause. */
const FAILING_FINDINGS = new Set(["reserved-bits-nonzero", "url-not-https"]);

function judgeOne(ev: TranscriptEvent): { ok: true; reading: string } | { ok: false; why: string } {
  const bytes = ev.bytes ?? new Uint8Array();
  const decoded = decodeNotification(bytes);
  if (!decoded.ok) return { ok: false, why: `${decoded.error.code}: ${decoded.error.message}` };
  const bad = decoded.findings.filter((f) => FAILING_FINDINGS.has(f.code));
  if (bad.length > 0) return { ok: false, why: bad.map((f) => `${f.code}: ${f.message}`).join("; ") };
  const n = decoded.notification;
  return {
    ok: true,
    reading: `ui-mode ${n.uiMode}, initiator ${n.initiator}, send-devdetail ${+n.sendDevDetail}, send-supported-mo ${+n.sendSupportedMOs}, send-all-mo-instances ${+n.sendAllMOInstances}, URL ${n.url}`,
  };
}

export function checkNotification(transcript: Transcript, opts: { notifyConfigured: boolean }): CheckResult {
  const received = transcript.events.filter((e) => e.kind === NOTIFICATION_EVENT);
  if (received.length === 0) {
    if (!opts.notifyConfigured) {
      return notExercised(
        CLAUSE_NOTIFICATION,
        "no notify command is configured (--notify-cmd), so no Pkg#0 was asked for",
      );
    }
    return checkError(
      CLAUSE_NOTIFICATION,
      "the notify command was run but no notification reached DM20_PUSH_URL in time",
      transcript.events.filter((e) => e.kind === NOTIFY_COMMAND_EVENT).map(eventEvidence),
    );
  }
  const judged = received.map((ev) => ({ ev, verdict: judgeOne(ev) }));
  const bad = judged.filter((j) => !j.verdict.ok);
  if (bad.length > 0) {
    const why = (bad[0]!.verdict as { why: string }).why;
    return fail(CLAUSE_NOTIFICATION, `the notification does not have 5.3's layout: ${why}`, [
      expectation("Pkg#0", "version 0000010100, reserved bits 0, URL length = URL bytes, https URL", why),
      ...bad.map((j) => ({ ...eventEvidence(j.ev), kind: "notification" as const })),
    ]);
  }
  return pass(
    CLAUSE_NOTIFICATION,
    `${received.length} notification(s) with 5.3's layout`,
    quoted(received).map((ev) => ({ ...eventEvidence(ev), kind: "notification" as const })),
    (judged[0]!.verdict as { reading: string }).reading,
  );
}
