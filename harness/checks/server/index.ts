/**
 * The DMS- clause checks: pure functions from a recorded session to verdicts with wire evidence.
 * One transcript holds one DM session (Pkg#1 to END); the suites apply every check to every
 * session they ran and hand all results to judge(), which folds them per clause (a clause fails
 * when any session fails it).
 */
import type { Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { CLAUSE_CERTIFICATE, checkCertificate } from "./certificate.ts";
import {
  CLAUSE_LAYOUT,
  CLAUSE_SYNTAX,
  checkCommandFileLayout,
  checkCommandSyntax,
} from "./command-file-checks.ts";
import { CLAUSE_CONTENT_TYPE, checkContentType } from "./content-type.ts";
import { CLAUSE_MSGID, checkMsgIdSequence } from "./msgid-sequence.ts";
import { CLAUSE_NOTIFICATION, checkNotification } from "./notification.ts";
import { CLAUSE_ACCEPTS, checkPackageAcceptance } from "./package-acceptance.ts";
import { CLAUSE_END_ALONE, CLAUSE_ENDS, checkEndAlone, checkSessionEnds } from "./session-end.ts";
import { dmPackages } from "./session-view.ts";
import { CLAUSE_SHOW, checkShowQuery } from "./show-query.ts";

export { isCertificateError } from "./certificate.ts";
export { COMMAND_FILE_FINDING_RULES } from "./finding-rules.ts";
export { NOTIFICATION_EVENT, NOTIFY_COMMAND_EVENT } from "./notification.ts";
export { SESSION_END_EVENT } from "./session-end.ts";
export { type DmPackageExchange, dmPackages, PACKAGE_LABEL, packageKind } from "./session-view.ts";
export { readShowQuery } from "./show-query.ts";

export interface ServerCheckOptions {
  /** The bound on packages per session the driver used (DMS-5.7-01). */
  maxPackages: number;
  /** The DM URL the session was started on (DMS-5.3-02 judges the TLS connections to its origin). */
  dmUrl: string;
  /** Whether a notify command (or hook) was configured (DMS-5.3-01 is not exercised without one). */
  notifyConfigured?: boolean;
  /** DMS-5.7-02's reading; default true: END answering a status report must be alone. */
  endAloneAfterStatus?: boolean;
}

export const SERVER_CLAUSES = [
  CLAUSE_NOTIFICATION,
  CLAUSE_CERTIFICATE,
  CLAUSE_CONTENT_TYPE,
  CLAUSE_LAYOUT,
  CLAUSE_MSGID,
  CLAUSE_SYNTAX,
  CLAUSE_ACCEPTS,
  CLAUSE_ENDS,
  CLAUSE_END_ALONE,
  CLAUSE_SHOW,
] as const;
export type ServerClause = (typeof SERVER_CLAUSES)[number];

/** One check per clause, each over one session's transcript. */
export const SERVER_CHECKS: Record<ServerClause, (t: Transcript, o: ServerCheckOptions) => CheckResult> = {
  [CLAUSE_NOTIFICATION]: (t, o) => checkNotification(t, { notifyConfigured: o.notifyConfigured ?? false }),
  [CLAUSE_CERTIFICATE]: (t, o) => checkCertificate(t, o.dmUrl),
  [CLAUSE_CONTENT_TYPE]: (t) => checkContentType(dmPackages(t)),
  [CLAUSE_LAYOUT]: (t) => checkCommandFileLayout(dmPackages(t)),
  [CLAUSE_MSGID]: (t) => checkMsgIdSequence(dmPackages(t)),
  [CLAUSE_SYNTAX]: (t) => checkCommandSyntax(dmPackages(t)),
  [CLAUSE_ACCEPTS]: (t) => checkPackageAcceptance(dmPackages(t)),
  [CLAUSE_ENDS]: (t, o) => checkSessionEnds(t, dmPackages(t), o.maxPackages),
  [CLAUSE_END_ALONE]: (t, o) => checkEndAlone(dmPackages(t), o.endAloneAfterStatus ?? true),
  [CLAUSE_SHOW]: (t) => checkShowQuery(dmPackages(t)),
};

/** The named clauses' checks over every session; `sessions` pairs each transcript with its options. */
export function checkServerSessions(
  clauses: readonly ServerClause[],
  sessions: Array<{ transcript: Transcript; options: ServerCheckOptions; label?: string }>,
): CheckResult[] {
  const out: CheckResult[] = [];
  for (const { transcript, options, label } of sessions) {
    for (const clause of clauses) {
      const r = SERVER_CHECKS[clause](transcript, options);
      out.push(label ? { ...r, message: `${label}: ${r.message}` } : r);
    }
  }
  return out;
}

export {
  checkCertificate,
  checkCommandFileLayout,
  checkCommandSyntax,
  checkContentType,
  checkEndAlone,
  checkMsgIdSequence,
  checkNotification,
  checkPackageAcceptance,
  checkSessionEnds,
  checkShowQuery,
};
