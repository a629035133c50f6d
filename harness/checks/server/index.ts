/**
 * The DMS- clause checks: pure functions from one recorded DM session (a Transcript) and plain
 * options to a verdict with wire evidence, each folding its observations with verdictOf
 * (../observations.ts), as the client checks do. The suites apply a check to every session they
 * ran and hand the results to judge(), which folds them per clause (a clause fails when any
 * session fails it); a passive monitor can call the same functions on what it recorded.
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
import type { ServerCheckOptions } from "./options.ts";
import { CLAUSE_ACCEPTS, checkPackageAcceptance } from "./package-acceptance.ts";
import { CLAUSE_END_ALONE, CLAUSE_ENDS, checkEndAlone, checkSessionEnds } from "./session-end.ts";
import { CLAUSE_SHOW, checkShowQuery } from "./show-query.ts";

export { commandForm } from "./command-file-checks.ts";
export { COMMAND_FILE_FINDING_RULES } from "./finding-rules.ts";
export { NOTIFICATION_EVENT, NOTIFY_COMMAND_EVENT } from "./notification.ts";
export type { ServerCheckOptions } from "./options.ts";
export { SESSION_END_EVENT } from "./session-end.ts";
export {
  type DmPackageExchange,
  dmPackages,
  isCertificateError,
  PACKAGE_LABEL,
  type PackageFate,
  packageKind,
} from "./session-view.ts";
export { readShowQuery } from "./show-query.ts";

export type ServerCheck = (transcript: Transcript, options?: ServerCheckOptions) => CheckResult;

/** One check per clause, each over one session's transcript: the table a monitor or a mutation run walks. */
export const SERVER_CHECKS = {
  [CLAUSE_NOTIFICATION]: checkNotification,
  [CLAUSE_CERTIFICATE]: checkCertificate,
  [CLAUSE_CONTENT_TYPE]: checkContentType,
  [CLAUSE_LAYOUT]: checkCommandFileLayout,
  [CLAUSE_MSGID]: checkMsgIdSequence,
  [CLAUSE_SYNTAX]: checkCommandSyntax,
  [CLAUSE_ACCEPTS]: checkPackageAcceptance,
  [CLAUSE_ENDS]: checkSessionEnds,
  [CLAUSE_END_ALONE]: checkEndAlone,
  [CLAUSE_SHOW]: checkShowQuery,
} as const satisfies Record<string, ServerCheck>;

export type ServerClause = keyof typeof SERVER_CHECKS;
export const SERVER_CLAUSES = Object.keys(SERVER_CHECKS) as ServerClause[];

/** A recorded session as the suites hold it: its transcript, the options its checks take, a label. */
export interface JudgedSession {
  transcript: Transcript;
  options: ServerCheckOptions;
  label: string;
}

/** One check over every session, each result's message prefixed with its session's label. */
export function checkEachSession(check: ServerCheck, sessions: readonly JudgedSession[]): CheckResult[] {
  return sessions.map(({ transcript, options, label }) => {
    const r = check(transcript, options);
    return { ...r, message: `${label}: ${r.message}` };
  });
}

/**
 * Several clauses' checks over every session, each message prefixed with its session's label when
 * it has one: how the interop monitor judges the sessions it recorded.
 */
export function checkServerSessions(
  clauses: readonly ServerClause[],
  sessions: ReadonlyArray<Omit<JudgedSession, "label"> & { label?: string }>,
): CheckResult[] {
  return sessions.flatMap(({ transcript, options, label }) =>
    clauses.map((clause) => {
      const r = SERVER_CHECKS[clause](transcript, options);
      return label ? { ...r, message: `${label}: ${r.message}` } : r;
    }),
  );
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
