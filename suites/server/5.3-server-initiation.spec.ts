/**
 * 5.3 Pkg#0, server initiation: the notification the server emits, and the HTTPS it serves DM on.
 */
import { checkNotification, checkServerSessions } from "../../harness/checks/server/index.ts";
import { judge } from "../../harness/runner/judge.ts";
import { forgetEarlierRuns, hookBudgetMs, type RecordedRun, recordedRun } from "./server-run.ts";

describe("5.3 Pkg#0, server initiation", () => {
  let run: RecordedRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await recordedRun();
  });

  it("[DMS-5.3-01] a notification it emits has the 5.3 layout: version 0000010100, reserved bits zero, URL length, https URL", function () {
    const notified = run.sessions.notified;
    judge(
      this,
      checkNotification(
        notified?.transcript ?? { harnessRole: "client", startedAt: 0, exchanges: [], tls: [], events: [] },
        {
          notifyConfigured: run.plan.notify !== undefined,
        },
      ),
    );
  });

  it("[DMS-5.3-02] serves DM over HTTPS with a certificate that verifies for its host name against the declared CA", function () {
    judge(this, ...checkServerSessions(["DMS-5.3-02"], run.judged));
  });
});
