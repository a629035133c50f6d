/**
 * DMS-5.8-01: for SHOW, "The Query string ?Close=URL or ?Continue=URL MUST be present" (5.8).
 * Every SHOW of every answered package is judged: its ServerURI's query must hold a parameter
 * named exactly Close or Continue (the draft's spelling; query names are case-sensitive) whose
 * value is a URL. An absolute URL is the plain reading; a relative one, resolved against the
 * ServerURI, is accepted and recorded. A SHOW without any parameter is DMS-5.5-04's to judge.
 */
import { expectation, responseEvidence } from "../../model/evidence.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import type { Command } from "../../protocol/command-file.ts";
import { MAX_QUOTED, plural, quoted } from "./evidence-limit.ts";
import { answerEvidence, type DmPackageExchange, packageName } from "./session-view.ts";

export const CLAUSE_SHOW = "DMS-5.8-01";

type ShowReading = { ok: true; form: string } | { ok: false; why: string };

export function readShowQuery(serverUri: string): ShowReading {
  let url: URL;
  try {
    url = new URL(serverUri);
  } catch {
    return { ok: false, why: `"${serverUri}" is not a URL` };
  }
  for (const name of ["Close", "Continue"]) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    if (value === "") return { ok: false, why: `?${name}= carries no URL` };
    try {
      new URL(value);
      return { ok: true, form: `?${name}=absolute URL` };
    } catch {
      try {
        new URL(value, url);
        return { ok: true, form: `?${name}=relative URL` };
      } catch {
        return { ok: false, why: `?${name}=${value} is not a URL` };
      }
    }
  }
  const lower = [...url.searchParams.keys()].find((k) => /^(close|continue)$/i.test(k));
  if (lower)
    return {
      ok: false,
      why: `the query names "${lower}", the draft's parameters are "Close" and "Continue"`,
    };
  return { ok: false, why: `"${serverUri}" carries neither ?Close=URL nor ?Continue=URL` };
}

export function checkShowQuery(packages: DmPackageExchange[]): CheckResult {
  const shows: Array<{ p: DmPackageExchange; c: Command; reading: ShowReading }> = [];
  for (const p of packages) {
    if (!p.answered || !p.file) continue;
    for (const c of p.file.commands) {
      if (c.name !== "SHOW" || c.params.length === 0) continue;
      shows.push({ p, c, reading: readShowQuery(c.params[0]!) });
    }
  }
  if (shows.length === 0) return notExercised(CLAUSE_SHOW, "no SHOW command in this session");
  const bad = shows.filter((s) => !s.reading.ok);
  if (bad.length > 0) {
    const first = bad[0]!;
    return fail(
      CLAUSE_SHOW,
      `${plural(bad.length, "SHOW")} of ${shows.length} without a usable ?Close=/?Continue=; first, in the answer to ${packageName(first.p)}: ${(first.reading as { why: string }).why}`,
      quoted(bad).flatMap(({ p, c, reading }) => [
        expectation(
          `SHOW on line ${c.line}`,
          "ServerURI with ?Close=URL or ?Continue=URL",
          `${c.raw} (${(reading as { why: string }).why})`,
        ),
        responseEvidence(p.exchange, `answer to ${packageName(p)}`),
      ]),
    );
  }
  const forms = [...new Set(shows.map((s) => (s.reading as { form: string }).form))].join(", ");
  const carriers = [...new Set(shows.map((s) => s.p))];
  return pass(
    CLAUSE_SHOW,
    `every SHOW (${shows.length}) carries ?Close= or ?Continue=`,
    [
      expectation(
        `the ${plural(shows.length, "SHOW")} of this session`,
        "ServerURI with ?Close=URL or ?Continue=URL",
        [
          ...quoted(shows).map(({ c, reading }) => `${c.raw} (${(reading as { form: string }).form})`),
          ...(shows.length > MAX_QUOTED ? [`… and ${shows.length - MAX_QUOTED} more`] : []),
        ].join("\n          "),
      ),
      ...quoted(carriers).map((p) => answerEvidence(p)),
    ],
    forms,
  );
}
