/**
 * DMS-5.6-01: the server accepts Pkg#1 (application/tnds20) and Pkg#2..n (application/dm20status)
 * "and answers each with a command file" (5.5–5.7: "The client MUST continue to send new HTTP POST
 * to the same URL … until the client has received the END Command"). One observation per package:
 * a 2xx answer with a body is one; a refusal, an empty body, an answer that never completed, a
 * package the server received and never answered, or a connection refused in the middle of the
 * session fails. What the body holds is judged by DMS-5.5-01..04.
 *
 * A package that never reached the server judges nothing here: its certificate failed (DMS-5.3-02's
 * to judge) or the server was not reachable when the session began. The clause has two halves,
 * one per media type: a session whose first answer ended it (no status package was ever sent) does
 * not exercise the second, and is not exercised as a whole.
 */
import { responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";
import {
  type DmPackageExchange,
  dmPackages,
  packageExchangeEvidence,
  packageName,
  whatBecameOf,
} from "./session-view.ts";

export const CLAUSE_ACCEPTS = "DMS-5.6-01";

function observe(p: DmPackageExchange, serverWasThere: boolean): Observation {
  const answer = [responseEvidence(p.exchange, `answer to ${packageName(p)}`)];
  if (p.fate === "unreached" && (p.certificateRefused || !serverWasThere)) {
    return unseen(`${whatBecameOf(p)}: nothing about how the server answers packages was shown`, answer);
  }
  if (p.fate === "unreached") {
    return bad(
      `the server stopped taking connections in the middle of the session: ${whatBecameOf(p)}`,
      answer,
    );
  }
  if (p.fate !== "answered") return bad(`${whatBecameOf(p)}: no command file came back`, answer);
  if (p.exchange.response!.bodyBytesSeen === 0) {
    return bad(
      `${packageName(p)} was answered with HTTP ${p.status} and an empty body: no command file came back`,
      answer,
    );
  }
  return ok(
    `${packageName(p)} (${p.kind === "pkg1" ? "application/tnds20" : "application/dm20status"}) answered with HTTP ${p.status}`,
    `answered with HTTP ${p.status}`,
    packageExchangeEvidence(p),
  );
}

export function checkPackageAcceptance(
  transcript: Transcript,
  _options: ServerCheckOptions = {},
): CheckResult {
  const judged = dmPackages(transcript).filter((p) => p.kind === "pkg1" || p.kind === "status");
  if (judged.length === 0)
    return verdictOf(CLAUSE_ACCEPTS, "DM packages", [unseen("no DM package was sent in this session")]);
  const obs = judged.map((p) =>
    observe(
      p,
      judged.some((q) => q.index < p.index && q.fate !== "unreached"),
    ),
  );
  const anyBad = obs.some((o) => o.kind === "bad");
  const statusAnswered = judged.some((p, i) => p.kind === "status" && obs[i]!.kind === "ok");
  if (!anyBad && obs.some((o) => o.kind === "ok") && !statusAnswered) {
    const first = judged.find((p) => p.kind === "pkg1" && p.answered);
    const why = first?.file?.commands.some((c) => c.name === "END")
      ? "the answer to Pkg#1 carried END"
      : "the device could not act on the answer to Pkg#1 (not a command file: DMS-5.5-01/02)";
    return verdictOf(CLAUSE_ACCEPTS, "DM packages", [
      unseen(
        `Pkg#1 was answered, but this session sent no status package (application/dm20status): ${why}`,
        judged.filter((p) => p.kind === "pkg1").flatMap(packageExchangeEvidence),
      ),
    ]);
  }
  return verdictOf(CLAUSE_ACCEPTS, "DM packages", obs);
}
