/**
 * The one place where monitored sessions meet the check functions `run` uses: it maps each
 * session's two legs to the checks' inputs and decides which clauses a passive observer can
 * judge. The device is judged on its leg (what it received, rewritten, and what it did); the
 * server on its leg (what it was sent and what it answered, as it wrote it).
 *
 * - DMC checks take DeviceSessionViews of the device legs (`viewSession`), the DEFAULT-initiated
 *   sessions as InitiatedSessions; DMS checks take the server legs with their options, as
 *   `judgedSessions` gives them in `run --iut server`.
 * - A clause only an active tester can exercise (an invalid certificate, a plaintext
 *   notification) is not-exercised with that reason; a clause whose stimulus the real server never
 *   sent comes out not-exercised from the check itself, and says so.
 * - A side is never blamed for the other's fault: where the device broke a package's form, the
 *   server's refusal of it is not judged (DMS-5.6-01, DMS-5.7-01); where the device stopped
 *   answering, the server's missing END is not judged (DMS-5.7-01).
 */
import {
  checkBrowserIsolation,
  checkDefaultSession,
  checkDelete,
  checkDevDetailFlag,
  checkEndCommandsRun,
  checkExec,
  checkFullDepth,
  checkGetLocation,
  checkGetRequests,
  checkGetStoresAt,
  checkIndependentExecution,
  checkInitiatedBy,
  checkInstanceList,
  checkLevels,
  checkMoList,
  checkNoContactAfterEnd,
  checkPackagesOverHttps,
  checkPkg1Accept,
  checkPkg1DevInfo,
  checkPkg1DeviceId,
  checkPkg1Method,
  checkPkg1OnlyPermitted,
  checkSameUrl,
  checkShow,
  checkStar,
  checkStatusContentType,
  checkStatusHeaders,
  checkStatusLayout,
  checkStatusLines,
  checkStatusOrder,
  checkTbd,
  checkUnrecognisedCommands,
  checkUploadMethod,
  checkUrlParams,
  type InitiatedSession,
} from "../checks/client/index.ts";
import {
  checkNotification,
  checkServerSessions,
  SERVER_CLAUSES,
  type ServerCheckOptions,
  type ServerClause,
} from "../checks/server/index.ts";
import { eventEvidence } from "../model/evidence.ts";
import type { Ixit } from "../model/ixit.ts";
import { type DeviceSessionView, viewSession } from "../model/transcript-contract.ts";
import { type CheckResult, notExercised } from "../model/verdict.ts";
import type { MonitoredSession } from "./monitored-session.ts";
import type { PlanResult } from "./session-plan.ts";

/** Clauses a passive monitor cannot judge, and why: the report and the docs quote these reasons. */
export const ACTIVE_ONLY: Readonly<Record<string, string>> = {
  "DMC-5.3-02":
    "needs a server certificate the device must refuse (untrusted, expired, not yet valid, wrong host, self-signed); the monitor serves a valid one, so only `run --iut client` can exercise it",
};

/**
 * Clauses judged only in part: what the monitor judges, and what it leaves to an active run.
 * Recorded beside the verdict, so a pass here is never read as the whole clause.
 */
export const PARTLY_PASSIVE: Readonly<Record<string, string>> = {
  "DMC-5.3-01":
    "judged on the packages of the sessions seen (all over HTTPS); that a plaintext notification gets no plaintext request needs an http:// notification, which only `run --iut client` sends",
};

/** Device clauses whose failure means the device's packages were not well formed. */
const PACKAGE_FORM = new Set([
  "DMC-5.4-01",
  "DMC-5.4-02",
  "DMC-5.4-03",
  "DMC-5.4-04",
  "DMC-5.4-05",
  "DMC-5.6-01",
  "DMC-5.6-02",
  "DMC-5.6-03",
  "DMC-5.6-04",
  "DMC-5.6-05",
  "DMC-5.6-06",
]);

export interface MonitorJudgement {
  /** One result per DMC clause. */
  device: CheckResult[];
  /** Results per DMS clause, one per session where a clause is judged per session. */
  server: CheckResult[];
}

export interface JudgeOptions {
  ixit: Ixit;
  maxPackages: number;
}

const PASSIVE_NOTE = " (a monitor judges only what the real server asked of the device)";

export function judgeMonitored(plan: PlanResult, opts: JudgeOptions): MonitorJudgement {
  const device = judgeDevice(plan.sessions, opts.ixit);
  const server = judgeServer(plan, opts, device);
  return { device, server };
}

function judgeDevice(sessions: MonitoredSession[], ixit: Ixit): CheckResult[] {
  const views: DeviceSessionView[] = sessions.map((s) => viewSession(s.deviceLeg));
  const notified = sessions.filter((s) => s.kind === "notification").map((s) => viewSession(s.deviceLeg));
  const initiatedSessions = sessions.filter((s) => s.kind === "default" && s.stimulus);
  // The sessions that can have taught the device a DEFAULT: those before each initiated one.
  const setup = sessions.filter((s) => !initiatedSessions.includes(s)).map((s) => viewSession(s.deviceLeg));
  const initiated: InitiatedSession[] = initiatedSessions.map((s) => ({ transcript: s.deviceLeg }));

  const https = checkPackagesOverHttps(views);
  const results: CheckResult[] = [
    { ...https, message: `${https.message}; ${PARTLY_PASSIVE["DMC-5.3-01"]}` },
    notExercised("DMC-5.3-02", ACTIVE_ONLY["DMC-5.3-02"]!),
    checkDevDetailFlag(notified),
    checkPkg1Method(views),
    checkPkg1Accept(views),
    checkPkg1DeviceId(views, ixit),
    checkPkg1DevInfo(views),
    checkPkg1OnlyPermitted(views),
    checkMoList(notified, ixit),
    checkInstanceList(notified, ixit),
    checkEndCommandsRun(views),
    checkNoContactAfterEnd(views),
    checkSameUrl(views),
    checkStatusContentType(views),
    checkStatusHeaders(views),
    checkStatusLayout(views),
    checkStatusLines(views),
    checkStatusOrder(views, ixit),
    checkUnrecognisedCommands(views, ixit),
    checkIndependentExecution(views),
    checkGetRequests(views),
    checkGetLocation(views),
    checkGetStoresAt(views),
    checkUploadMethod(views, ixit),
    checkFullDepth(views),
    checkLevels(views),
    checkStar(views, ixit),
    checkDelete(views),
    checkExec(views, ixit),
    checkShow(views, ixit),
    checkBrowserIsolation(ixit),
    checkDefaultSession(setup, initiated),
    checkInitiatedBy(setup, initiated),
    checkUrlParams(views, ixit),
    checkTbd(views, ixit),
  ];
  return results.map((r) =>
    r.verdict === "not-exercised" && !ACTIVE_ONLY[r.clause]
      ? { ...r, message: `${r.message}${PASSIVE_NOTE}` }
      : r,
  );
}

function judgeServer(plan: PlanResult, opts: JudgeOptions, device: CheckResult[]): CheckResult[] {
  const out: CheckResult[] = [];
  const first = plan.sessions[0];
  // DMS-5.3-01 is about the Pkg#0 step alone, not about every session.
  const notifyLeg = plan.notification?.serverLeg;
  out.push(
    notifyLeg
      ? checkNotification(notifyLeg, { notifyConfigured: true })
      : notExercised(
          "DMS-5.3-01",
          `the server is declared unable to notify (DEFAULT): the sessions were device-initiated${first ? "" : ", and none ran"}`,
        ),
  );
  const perSession = SERVER_CLAUSES.filter((c): c is ServerClause => c !== "DMS-5.3-01");
  const reached = plan.sessions.filter((s) =>
    s.serverLeg.exchanges.some((ex) => ex.label?.startsWith("pkg")),
  );
  if (reached.length === 0) {
    const why =
      plan.notification?.failed?.reason ??
      plan.sessions.map((s) => s.ending.reason).join("; ") ??
      "no session ran";
    for (const clause of perSession)
      out.push(notExercised(clause, `no DM package reached the server: ${why || "no session ran"}`));
    return out;
  }
  const deviceFormFaults = device.filter((r) => r.verdict === "fail" && PACKAGE_FORM.has(r.clause));
  for (const s of reached) {
    const options: ServerCheckOptions = {
      maxPackages: opts.maxPackages,
      dmUrl: s.upstreamUrl,
      notifyConfigured: s.notifyConfigured,
    };
    const label = `${s.kind === "notification" ? "notified" : "device-initiated (DEFAULT)"} session ${s.index}`;
    for (const r of checkServerSessions(perSession, [{ transcript: s.serverLeg, options, label }])) {
      out.push(notTheServers(r, s, deviceFormFaults));
    }
  }
  return out;
}

/** A server failure that the device's own conduct caused is not the server's: not judged, with why. */
function notTheServers(r: CheckResult, s: MonitoredSession, deviceFormFaults: CheckResult[]): CheckResult {
  if (r.verdict !== "fail") return r;
  if (r.clause === "DMS-5.7-01" && s.ending.blame === "device") {
    return notExercised(
      r.clause,
      `session ${s.index}: the device stopped the session (${s.ending.reason}), so whether the server would have ended it is not known`,
      s.deviceLeg.events.filter((e) => e.kind === "timeout").map(eventEvidence),
    );
  }
  if ((r.clause === "DMS-5.6-01" || r.clause === "DMS-5.7-01") && deviceFormFaults.length > 0) {
    return notExercised(
      r.clause,
      `session ${s.index}: the device's packages break ${deviceFormFaults.map((f) => f.clause).join(", ")}, so the server's handling of them is not judged (the server was: ${r.message})`,
      r.evidence,
    );
  }
  return r;
}
