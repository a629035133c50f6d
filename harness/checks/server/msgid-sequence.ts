/**
 * DMS-5.5-03: "MsgID is a sequent number there the server MUST increment the <MessageID> with one
 * for each response" (5.5). Within one session (the transcript holds one session) every answered
 * package's MsgID must be the previous one plus one. The first value is not fixed by the draft
 * (C.2 starts at 0): any non-negative integer is accepted and recorded as the reading. A response
 * without a readable MsgID is DMS-5.5-02's failure; the sequence is judged across it by counting
 * responses (n responses later, n more).
 */
import { expectation, responseEvidence } from "../../model/evidence.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import { plural, quoted } from "./evidence-limit.ts";
import { answerEvidence, type DmPackageExchange, packageName } from "./session-view.ts";

export const CLAUSE_MSGID = "DMS-5.5-03";

export function checkMsgIdSequence(packages: DmPackageExchange[]): CheckResult {
  const answered = packages.filter((p) => p.answered && p.file);
  const numbered = answered
    .map((p, position) => ({ p, position, msgId: p.file!.msgId }))
    .filter((x): x is { p: DmPackageExchange; position: number; msgId: number } => x.msgId !== null);
  if (numbered.length < 2) {
    return notExercised(
      CLAUSE_MSGID,
      `the session had ${plural(numbered.length, "response")} with a readable MsgID; the sequence needs two`,
      numbered.map((x) => responseEvidence(x.p.exchange)),
    );
  }
  const sequence = numbered.map((x) => x.msgId).join(", ");
  const breaks: Array<{
    prev: (typeof numbered)[number];
    next: (typeof numbered)[number];
    expected: number;
  }> = [];
  for (let i = 1; i < numbered.length; i++) {
    const prev = numbered[i - 1]!;
    const next = numbered[i]!;
    const expected = prev.msgId + (next.position - prev.position);
    if (next.msgId !== expected) breaks.push({ prev, next, expected });
  }
  if (breaks.length > 0) {
    const first = breaks[0]!;
    return fail(
      CLAUSE_MSGID,
      `MsgID did not grow by one per response: after ${first.prev.msgId} (answer to ${packageName(first.prev.p)}) came ${first.next.msgId} where ${first.expected} was due; the session's MsgIDs: ${sequence}`,
      [
        expectation(
          "MsgIDs of this session's responses, in order",
          "each one more than the one before",
          sequence,
        ),
        ...quoted(breaks).flatMap((b) => [
          responseEvidence(b.prev.p.exchange, `answer to ${packageName(b.prev.p)}`),
          responseEvidence(b.next.p.exchange, `answer to ${packageName(b.next.p)}`),
        ]),
      ],
    );
  }
  return pass(
    CLAUSE_MSGID,
    `MsgID grew by one over ${plural(numbered.length, "response")}: ${sequence}`,
    [
      expectation(
        "MsgIDs of this session's responses, in order",
        "each one more than the one before",
        sequence,
      ),
      ...quoted(numbered).map((x) => answerEvidence(x.p)),
    ],
    `session MsgIDs start at ${numbered[0]!.msgId}`,
  );
}
