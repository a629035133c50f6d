/**
 * DMS-5.7-01: "The Session continues until the END command is included in the response" — the
 * server must bring the session to END, within the harness's bound on packages (a server that
 * never sends END would keep a device busy forever).
 *
 * DMS-5.7-02: "If the Server needs status from all commands then the server MUST wait until all
 * commands are executed by the client and in the last status report from the client send the
 * END command as the only command." Reading: a server that answers a status package with END has
 * waited for the statuses, so it needs them, and that END must be alone. END in the answer to
 * Pkg#1 (a static file ending with END, as 5.8.2's example) asks for no status at all: allowed,
 * and recorded; that session does not exercise the clause. `endAloneAfterStatus: false` relaxes
 * the reading to "END may come with commands whose status the server does not need".
 */
import { eventEvidence, expectation, responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import {
  answerEvidence,
  commandNames,
  type DmPackageExchange,
  packageExchangeEvidence,
  packageName,
} from "./session-view.ts";

export const CLAUSE_ENDS = "DMS-5.7-01";
export const CLAUSE_END_ALONE = "DMS-5.7-02";

/** Event the session driver records when it stops a session (kind "session-end", detail its outcome). */
export const SESSION_END_EVENT = "session-end";

function endIndex(packages: DmPackageExchange[]): number {
  return packages.findIndex((p) => p.answered && p.file?.commands.some((c) => c.name === "END"));
}

function whyNoEnd(packages: DmPackageExchange[], maxPackages: number): string {
  const last = packages[packages.length - 1]!;
  const ex = last.exchange;
  if (!ex.response)
    return `the server did not answer ${packageName(last)} (${ex.error?.code ?? "no response"})`;
  if (ex.error && !ex.response.bodyTruncated) {
    return `the server's answer to ${packageName(last)} never completed (${ex.error.code}: ${ex.error.message})`;
  }
  if (!last.answered) return `the server answered ${packageName(last)} with HTTP ${ex.response.statusCode}`;
  if (last.truncated) {
    return `the answer to ${packageName(last)} was over the harness's body bound (${ex.response.bodyBytesSeen} bytes or more), so the device could not act on it, and no END came`;
  }
  if (packages.length >= maxPackages) return `no END within ${maxPackages} packages (the harness's bound)`;
  if (!last.file || last.file.msgId === null)
    return `the answer to ${packageName(last)} is not a command file`;
  return `the session stopped after ${packageName(last)} without END`;
}

export function checkSessionEnds(
  transcript: Transcript,
  packages: DmPackageExchange[],
  maxPackages: number,
): CheckResult {
  if (packages.length === 0) return notExercised(CLAUSE_ENDS, "no DM package was sent in this session");
  const at = endIndex(packages);
  if (at >= 0) {
    return pass(
      CLAUSE_ENDS,
      `the session ended with END in the answer to ${packageName(packages[at]!)}`,
      [answerEvidence(packages[at]!)],
      `END after ${at + 1} package(s)`,
    );
  }
  const last = packages[packages.length - 1]!;
  const ends = transcript.events.filter((e) => e.kind === SESSION_END_EVENT);
  return fail(CLAUSE_ENDS, whyNoEnd(packages, maxPackages), [
    expectation("the session", `END within ${maxPackages} packages`, `${packages.length} package(s), no END`),
    responseEvidence(last.exchange, `answer to ${packageName(last)} (the last package)`),
    ...ends.map(eventEvidence),
  ]);
}

export function checkEndAlone(packages: DmPackageExchange[], endAloneAfterStatus = true): CheckResult {
  const at = endIndex(packages);
  if (at < 0) return notExercised(CLAUSE_END_ALONE, "no response of this session carried END");
  const p = packages[at]!;
  const file = p.file!;
  const others = file.commands.filter((c) => c.name !== "END");
  if (p.kind !== "status") {
    return notExercised(
      CLAUSE_END_ALONE,
      `END came in the answer to ${packageName(p)} (${commandNames(file)}): the server asked for no status report, so the clause's case did not arise`,
      [responseEvidence(p.exchange)],
    );
  }
  if (others.length === 0) {
    return pass(
      CLAUSE_END_ALONE,
      `END was the only command of the answer to the last status report, ${packageName(p)}`,
      // The request too: it shows that END answered a status report.
      packageExchangeEvidence(p),
      "END alone",
    );
  }
  if (!endAloneAfterStatus) {
    return pass(
      CLAUSE_END_ALONE,
      `END came with ${others.length} other command(s) after a status report; accepted under the relaxed reading`,
      [responseEvidence(p.exchange)],
      `END with commands after a status report: ${commandNames(file)}`,
    );
  }
  return fail(
    CLAUSE_END_ALONE,
    `the answer to the status report ${packageName(p)} carries END with ${others.length} other command(s): ${commandNames(file)}`,
    [
      expectation(`the answer to ${packageName(p)}`, "END as the only command", commandNames(file)),
      responseEvidence(p.exchange, `answer to ${packageName(p)}`),
    ],
  );
}
