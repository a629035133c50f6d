/**
 * DMS-5.5-01: "The server's response to the client MUST contain the following HTTP Headers:
 * Content-Type application/dm20" (Table 3). Judged on every 2xx answer to a DM package; a refusal
 * (4xx/5xx) is DMS-5.6-01's to judge. Media-type parameters (charset=…) do not change the media
 * type: they are accepted and recorded as the reading.
 */

import { expectation, responseEvidence } from "../../model/evidence.ts";
import { headerValues } from "../../model/transcript.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import { plural, quoted } from "./evidence-limit.ts";
import { answerEvidence, type DmPackageExchange, packageName } from "./session-view.ts";

export const CLAUSE_CONTENT_TYPE = "DMS-5.5-01";

export function checkContentType(packages: DmPackageExchange[]): CheckResult {
  const judged = packages.filter((p) => p.answered);
  if (judged.length === 0) {
    return notExercised(CLAUSE_CONTENT_TYPE, "no DM package was answered with a 2xx response");
  }
  const bad: Array<{ p: DmPackageExchange; seen: string }> = [];
  const withParams = new Set<string>();
  const seenValues = new Set<string>();
  for (const p of judged) {
    const values = headerValues(p.exchange.response!, "content-type");
    const seen = values.length === 0 ? "(no Content-Type)" : values.join(" | ");
    seenValues.add(seen);
    if (values.length !== 1 || mediaTypeEssence(values[0]) !== MEDIA.dm20) bad.push({ p, seen });
    else if (values[0]!.includes(";")) withParams.add(values[0]!);
  }
  if (bad.length > 0) {
    return fail(
      CLAUSE_CONTENT_TYPE,
      `${plural(bad.length, "response")} of ${judged.length} did not carry Content-Type ${MEDIA.dm20} (first: ${bad[0]!.seen} on ${packageName(bad[0]!.p)})`,
      quoted(bad).flatMap(({ p, seen }) => [
        expectation(`Content-Type of the answer to ${packageName(p)}`, MEDIA.dm20, seen),
        responseEvidence(p.exchange),
      ]),
    );
  }
  return pass(
    CLAUSE_CONTENT_TYPE,
    `all ${plural(judged.length, "response")} carried Content-Type ${MEDIA.dm20}`,
    [
      expectation(
        `Content-Type of the ${plural(judged.length, "answer")} judged`,
        MEDIA.dm20,
        [...seenValues].join("; "),
      ),
      ...quoted(judged).map((p) => answerEvidence(p)),
    ],
    withParams.size > 0
      ? `with media-type parameters: ${[...withParams].join(" | ")}`
      : `exactly "${MEDIA.dm20}"`,
  );
}
