/**
 * DMS-5.7-01: "The Session continues until the END command is included in the response" — once
 * the server opened a session (answered Pkg#1 with a command file), it must bring it to END within
 * the harness's bound on packages: a reset, a stall, a refusal, a connection refused or an
 * unreadable answer before END fails. A session that never opened (Pkg#1 refused or never
 * delivered) is not exercised: DMS-5.6-01 or DMS-5.3-02 judges why.
 *
 * DMS-5.7-02: "If the Server needs status from all commands then the server MUST wait until all
 * commands are executed by the client and in the last status report from the client send the END
 * command as the only command." The duty is conditional, and the wire shows the condition only in
 * one case: a GET without ClientURI, whose result 5.8 defines as the location "return[ed] … as
 * Param1 in the status reporting". Sent beside END, it asks for a status the device can never
 * send (after END "the client MUST NOT connect back … and send status"): that fails. END beside
 * other commands after a status report is lawful (the server did not need their statuses):
 * recorded as the reading, failed only under --strict. END alone after a status report passes.
 * END in the answer to Pkg#1 (a static file, as 5.8.2's example) asks for no status report: the
 * clause's case did not arise.
 */
import { eventEvidence, expectation, responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import { EVENT } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import type { Command } from "../../protocol/command-file.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "../observations.ts";
import { maxPackagesOf, type ServerCheckOptions } from "./options.ts";
import {
  answerEvidence,
  commandNames,
  type DmPackageExchange,
  dmPackages,
  packageExchangeEvidence,
  packageName,
  unanswered,
  whatBecameOf,
} from "./session-view.ts";

export const CLAUSE_ENDS = "DMS-5.7-01";
export const CLAUSE_END_ALONE = "DMS-5.7-02";

/** Event the session driver records when it stops a session (kind "session-end", detail its outcome). */
export const SESSION_END_EVENT = EVENT.sessionEnd;

function endIndex(packages: DmPackageExchange[]): number {
  return packages.findIndex((p) => p.answered && p.file?.commands.some((c) => c.name === "END"));
}

/** Why a session that opened did not reach END: what became of its last package. */
function whyNoEnd(packages: DmPackageExchange[], maxPackages: number): string {
  const last = packages[packages.length - 1]!;
  if (last.fate !== "answered") return whatBecameOf(last);
  if (last.truncated) {
    return `the answer to ${packageName(last)} was over the harness's body bound (${last.exchange.response!.bodyBytesSeen} bytes or more), so the device could not act on it, and no END came`;
  }
  if (packages.length >= maxPackages) return `no END within ${maxPackages} packages (the harness's bound)`;
  return `the session stopped after ${packageName(last)} without END`;
}

function observeEnds(
  transcript: Transcript,
  packages: DmPackageExchange[],
  maxPackages: number,
): Observation {
  if (packages.length === 0) return unseen("no DM package was sent in this session");
  const at = endIndex(packages);
  if (at >= 0) {
    return ok(`END in the answer to ${packageName(packages[at]!)}`, `END after ${at + 1} package(s)`, [
      answerEvidence(packages[at]!),
    ]);
  }
  const first = packages[0]!;
  if (!first.answered) {
    return unseen(`the session never opened: ${whatBecameOf(first)}`, [answerEvidence(first)]);
  }
  const last = packages[packages.length - 1]!;
  // Broken by another clause: the device could not go on, so this one was not reached.
  if (last.fate === "unreached" && last.certificateRefused) {
    return unseen(`the session was cut short: ${whatBecameOf(last)}`, [answerEvidence(last)]);
  }
  if (last.answered && !last.truncated && (!last.file || last.file.msgId === null)) {
    return unseen(
      `the device could not go on: the answer to ${packageName(last)} is not a command file (no "MsgID <n>" first line: DMS-5.5-02)`,
      [answerEvidence(last)],
    );
  }
  return bad(whyNoEnd(packages, maxPackages), [
    expectation("the session", `END within ${maxPackages} packages`, `${packages.length} package(s), no END`),
    responseEvidence(last.exchange, `answer to ${packageName(last)} (the last package)`),
    ...transcript.events.filter((e) => e.kind === SESSION_END_EVENT).map(eventEvidence),
  ]);
}

export function checkSessionEnds(transcript: Transcript, options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  return verdictOf(CLAUSE_ENDS, "sessions", [observeEnds(transcript, packages, maxPackagesOf(options))]);
}

/** A GET without ClientURI: its only result is the location the status reports (5.8). */
function needsStatus(c: Command): boolean {
  return c.name === "GET" && c.params.length === 1;
}

function observeEndAlone(p: DmPackageExchange, strict: boolean): Observation {
  const file = p.file!;
  const others = file.commands.filter((c) => c.name !== "END");
  const asked = others.filter(needsStatus);
  if (asked.length > 0) {
    return bad(
      `the answer to ${packageName(p)} carries END beside "${asked[0]!.raw}", whose new location 5.8 has the device return only "as Param1 in the status reporting", which END forbids it to send: the server needs that status and did not wait for it`,
      [
        expectation(
          `the answer to ${packageName(p)}`,
          "END alone once every status the server needs is in (a GET without ClientURI needs its status)",
          commandNames(file),
        ),
        responseEvidence(p.exchange, `answer to ${packageName(p)}`),
      ],
    );
  }
  if (p.kind !== "status") {
    return unseen(
      `END came in the answer to ${packageName(p)} (${commandNames(file)}): the server asked for no status report, so the clause's case did not arise`,
      [answerEvidence(p)],
    );
  }
  if (others.length === 0) {
    // The request too: it shows that END answered a status report.
    return ok(
      `END alone in the answer to the status report ${packageName(p)}`,
      "END alone",
      packageExchangeEvidence(p),
    );
  }
  if (strict) {
    return bad(
      `the answer to the status report ${packageName(p)} carries END with ${others.length} other command(s): ${commandNames(file)} (--strict: END as the only command)`,
      [
        expectation(
          `the answer to ${packageName(p)}`,
          "END as the only command (--strict)",
          commandNames(file),
        ),
        responseEvidence(p.exchange, `answer to ${packageName(p)}`),
      ],
    );
  }
  return ok(
    `END beside ${others.length} command(s) whose status the server did not need, in the answer to ${packageName(p)}`,
    `END with commands after a status report: ${commandNames(file)}`,
    packageExchangeEvidence(p),
  );
}

export function checkEndAlone(transcript: Transcript, options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  const at = endIndex(packages);
  if (at < 0) {
    const why = packages.some((p) => p.answered)
      ? unseen("no response of this session carried END (DMS-5.7-01)")
      : unanswered(packages);
    return verdictOf(CLAUSE_END_ALONE, "responses carrying END", [why]);
  }
  return verdictOf(CLAUSE_END_ALONE, "responses carrying END", [
    observeEndAlone(packages[at]!, options.strict ?? false),
  ]);
}
