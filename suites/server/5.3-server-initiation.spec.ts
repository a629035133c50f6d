/**
 * 5.3 Pkg#0, server initiation: the notification the server emits, and the HTTPS it serves DM on.
 */
import { checkCertificate, checkNotification } from "../../harness/checks/server/index.ts";
import { newTranscript } from "../../harness/model/transcript.ts";
import { judge } from "../../harness/runner/judge.ts";
import {
  everySession,
  forgetEarlierRuns,
  notificationsNotApplicable,
  recordedRun,
  recordTheRun,
} from "./server-run.ts";

describe("5.3 Pkg#0, server initiation", () => {
  beforeEach(forgetEarlierRuns);
  before(recordTheRun);

  // "The server sends out a server initiated notification message. The content of the message
  // must follow this structure: <version> 0000010100 … <reserved> Reserved for future use, <URL
  // Length>, <URL>" (Table 1); "When the device connects to the servers URL it MUST use HTTPS".
  // Stimulus: --notify-cmd with DM20_PUSH_URL; the Pkg#0 that arrives is judged, then followed.
  it("[DMS-5.3-01] a notification it emits has the 5.3 layout: version 0000010100, URL length, https URL", async function () {
    const { plan, sessions } = await recordedRun();
    const notApplicable = notificationsNotApplicable(plan.ixit);
    judge(
      this,
      checkNotification(sessions.notified?.transcript ?? newTranscript("client"), {
        notifyConfigured: plan.notify !== undefined,
        strict: plan.strict ?? false,
        ...(notApplicable === undefined ? {} : { notificationsNotApplicable: notApplicable }),
      }),
    );
  });

  // "When the device connects to the servers URL it MUST use HTTPS and verify that the
  // certificate that is used is a valid one for managing that device." Stimulus: every session's
  // connections, verified against --ca for --url's host name.
  it("[DMS-5.3-02] serves DM over HTTPS with a certificate that verifies for its host name against the declared CA", async function () {
    judge(this, ...(await everySession(checkCertificate)));
  });
});
