/**
 * DMS-5.5-01: "The server's response to the client MUST contain the following HTTP Headers:
 * Content-Type application/dm20" (Table 3). One observation per 2xx answer to a DM package; a
 * refusal (4xx/5xx) is DMS-5.6-01's to judge. Media-type parameters (charset=…) and the case of
 * the type (RFC 9110: case-insensitive) do not change the media type: accepted and recorded as the
 * reading. A header repeated with the same media type is recorded; any value of another type fails.
 */

import { expectation } from "../../model/evidence.ts";
import { headerValues, type Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import { bad, type Observation, ok, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";
import {
  answerEvidence,
  type DmPackageExchange,
  dmPackages,
  packageName,
  unanswered,
} from "./session-view.ts";

export const CLAUSE_CONTENT_TYPE = "DMS-5.5-01";

function readingOf(values: string[]): string {
  const parts: string[] = [];
  if (values.length > 1) parts.push(`Content-Type sent ${values.length} times`);
  const v = values[0]!;
  if (v.includes(";")) parts.push(`with media-type parameters: ${v}`);
  else if (v.trim() !== MEDIA.dm20) parts.push(`written "${v}"`);
  return parts.length > 0 ? parts.join("; ") : `exactly "${MEDIA.dm20}"`;
}

function observe(p: DmPackageExchange): Observation {
  const values = headerValues(p.exchange.response!, "content-type");
  const seen = values.length === 0 ? "(no Content-Type)" : values.join(" | ");
  const label = `Content-Type of the answer to ${packageName(p)}`;
  if (values.length === 0 || values.some((v) => mediaTypeEssence(v) !== MEDIA.dm20)) {
    return bad(`the answer to ${packageName(p)} did not carry Content-Type ${MEDIA.dm20}: ${seen}`, [
      expectation(label, MEDIA.dm20, seen),
      answerEvidence(p),
    ]);
  }
  return ok(`${packageName(p)}: ${seen}`, readingOf(values), [
    expectation(label, MEDIA.dm20, seen),
    answerEvidence(p),
  ]);
}

export function checkContentType(transcript: Transcript, _options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  const judged = packages.filter((p) => p.answered);
  const obs = judged.length > 0 ? judged.map(observe) : [unanswered(packages)];
  return verdictOf(CLAUSE_CONTENT_TYPE, "answers' Content-Type", obs);
}
