/**
 * DMS-5.5-03: "MsgID is a sequent number there the server MUST increment the <MessageID> with one
 * for each response" (5.5). Within one session (the transcript holds one session) each answered
 * package's MsgID must be the previous one plus one: one observation per step. The first value is
 * not fixed by the draft (C.2 starts at 0): any non-negative integer is accepted and recorded as
 * the reading. A response without a readable MsgID is DMS-5.5-02's failure; the sequence is
 * judged across it by counting responses (n responses later, n more).
 */
import { expectation, responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { bad, type Observation, ok, plural, unseen, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";
import {
  answerEvidence,
  type DmPackageExchange,
  dmPackages,
  packageName,
  unanswered,
  whatBecameOf,
} from "./session-view.ts";

export const CLAUSE_MSGID = "DMS-5.5-03";

interface Numbered {
  p: DmPackageExchange;
  position: number;
  msgId: number;
}

function tooFew(packages: DmPackageExchange[], numbered: Numbered[]): Observation {
  if (numbered.length === 0) return unanswered(packages);
  const after = packages.find((p) => p.index > numbered[0]!.p.index && !p.answered);
  const why = after
    ? `after it, ${whatBecameOf(after)}`
    : "the session had no further response (END came in it, or no further package was sent)";
  return unseen(
    `the session had ${plural(numbered.length, "response")} with a readable MsgID; the sequence needs two: ${why}`,
    numbered.map((x) => answerEvidence(x.p)),
  );
}

export function checkMsgIdSequence(transcript: Transcript, _options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  const numbered = packages
    .filter((p) => p.answered && p.file)
    .map((p, position) => ({ p, position, msgId: p.file!.msgId }))
    .filter((x): x is Numbered => x.msgId !== null);
  if (numbered.length < 2) return verdictOf(CLAUSE_MSGID, "MsgID steps", [tooFew(packages, numbered)]);
  const sequence = numbered.map((x) => x.msgId).join(", ");
  const overall = expectation(
    "MsgIDs of this session's responses, in order",
    "each one more than the one before",
    sequence,
  );
  const obs: Observation[] = [];
  for (let i = 1; i < numbered.length; i++) {
    const prev = numbered[i - 1]!;
    const next = numbered[i]!;
    const due = prev.msgId + (next.position - prev.position);
    if (next.msgId !== due) {
      obs.push(
        bad(
          `MsgID did not grow by one per response: after ${prev.msgId} (answer to ${packageName(prev.p)}) came ${next.msgId} where ${due} was due; the session's MsgIDs: ${sequence}`,
          [
            ...(obs.some((o) => o.kind === "bad") ? [] : [overall]),
            responseEvidence(prev.p.exchange, `answer to ${packageName(prev.p)}`),
            responseEvidence(next.p.exchange, `answer to ${packageName(next.p)}`),
          ],
        ),
      );
    } else {
      obs.push(
        ok(
          `${prev.msgId} → ${next.msgId}`,
          i === 1 ? `session MsgIDs start at ${prev.msgId}` : undefined,
          // The sequence and the first answers; three answers quoted in all, as for every clause.
          i === 1
            ? [overall, answerEvidence(prev.p), answerEvidence(next.p)]
            : i === 2
              ? [answerEvidence(next.p)]
              : undefined,
        ),
      );
    }
  }
  return verdictOf(CLAUSE_MSGID, "MsgID steps", obs);
}
