/**
 * DMS-5.6-01: the server accepts Pkg#1 (application/tnds20) and Pkg#2..n (application/dm20status)
 * "and answers each with a command file" (5.5–5.7). Judged per package of the session: an answer
 * arrived, with a 2xx status and a body. What the body holds is judged by DMS-5.5-01..04; what a
 * refusal looks like is quoted here. A session whose first answer already ended it shows no status
 * package: that half is then not exercised by this session.
 */
import { responseEvidence } from "../../model/evidence.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import { plural, quoted } from "./evidence-limit.ts";
import { type DmPackageExchange, packageExchangeEvidence, packageName } from "./session-view.ts";

export const CLAUSE_ACCEPTS = "DMS-5.6-01";

function refusalOf(p: DmPackageExchange): string | undefined {
  const ex = p.exchange;
  if (!ex.response) return ex.error ? `no answer (${ex.error.code}: ${ex.error.message})` : "no answer";
  if (ex.error && !ex.response.bodyTruncated) {
    return `HTTP ${ex.response.statusCode} but no complete answer (${ex.error.code}: ${ex.error.message})`;
  }
  if (!p.answered) return `HTTP ${ex.response.statusCode}`;
  if (ex.response.bodyBytesSeen === 0) return `HTTP ${ex.response.statusCode} with an empty body`;
  return undefined;
}

export function checkPackageAcceptance(packages: DmPackageExchange[]): CheckResult {
  const judged = packages.filter((p) => p.kind === "pkg1" || p.kind === "status");
  if (judged.length === 0) return notExercised(CLAUSE_ACCEPTS, "no DM package was sent in this session");
  const refused = judged.flatMap((p) => {
    const why = refusalOf(p);
    return why === undefined ? [] : [{ p, why }];
  });
  if (refused.length > 0) {
    const first = refused[0]!;
    return fail(
      CLAUSE_ACCEPTS,
      `${plural(refused.length, "package")} not answered with a command file; first, ${packageName(first.p)}: ${first.why}`,
      quoted(refused).map(({ p }) => responseEvidence(p.exchange, `answer to ${packageName(p)}`)),
    );
  }
  const pkg1 = judged.filter((p) => p.kind === "pkg1").length;
  const status = judged.filter((p) => p.kind === "status").length;
  const codes = [...new Set(judged.map((p) => p.status))].join(", ");
  if (pkg1 === 0 || status === 0) {
    const missing = pkg1 === 0 ? "Pkg#1 (application/tnds20)" : "status packages (application/dm20status)";
    return notExercised(
      CLAUSE_ACCEPTS,
      `${plural(judged.length, "package")} answered, but this session sent no ${missing}`,
    );
  }
  // One package of each media type the clause names: Pkg#1 and the first status package.
  const firstOfEach = [judged.find((p) => p.kind === "pkg1")!, judged.find((p) => p.kind === "status")!];
  return pass(
    CLAUSE_ACCEPTS,
    `Pkg#1 and ${plural(status, "status package")} each answered with a command file`,
    firstOfEach.flatMap(packageExchangeEvidence),
    `answered with HTTP ${codes}`,
  );
}
