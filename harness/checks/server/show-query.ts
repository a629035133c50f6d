/**
 * DMS-5.8-01: for SHOW, "The Query string ?Close=URL or ?Continue=URL MUST be present" (5.8).
 * One observation per SHOW of every answered package: its ServerURI's query must hold a parameter
 * named exactly Close or Continue (the draft's spelling; query names are case-sensitive) whose
 * value is a URL. Readings, recorded: an absolute URL (the plain reading) or a relative one
 * (resolved against the ServerURI); the parameter first in the query or after others; both Close
 * and Continue present. A SHOW without any parameter is DMS-5.5-04's to judge. A server that sends
 * no SHOW leaves the clause not exercised (SHOW is the server's choice).
 */
import { expectation } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { canParseUrl, parseUrlSafely } from "../../protocol/absolute-url.ts";
import type { Command } from "../../protocol/command-file.ts";
import { bad, type Observation, ok, plural, unseen, verdictOf } from "../observations.ts";
import type { ServerCheckOptions } from "./options.ts";
import {
  answerEvidence,
  type DmPackageExchange,
  dmPackages,
  packageName,
  unanswered,
} from "./session-view.ts";

export const CLAUSE_SHOW = "DMS-5.8-01";

type ShowReading = { ok: true; form: string } | { ok: false; why: string };

function urlForm(name: string, value: string, base: URL): ShowReading {
  if (value === "") return { ok: false, why: `?${name}= carries no URL` };
  if (canParseUrl(value)) return { ok: true, form: `?${name}=absolute URL` };
  if (canParseUrl(value, base.href)) return { ok: true, form: `?${name}=relative URL` };
  return { ok: false, why: `?${name}=${value} is not a URL` };
}

export function readShowQuery(serverUri: string): ShowReading {
  // Never URL.canParse then new URL: on Node 20 the two disagree on Latin-1 text (absolute-url.ts).
  const url = parseUrlSafely(serverUri);
  if (url === null) return { ok: false, why: `"${serverUri}" is not a URL` };
  const keys = [...url.searchParams.keys()];
  const named = keys.filter((k) => k === "Close" || k === "Continue");
  if (named.length === 0) {
    const other = keys.find((k) => /^(close|continue)$/i.test(k));
    return other
      ? { ok: false, why: `the query names "${other}", the draft's parameters are "Close" and "Continue"` }
      : { ok: false, why: `"${serverUri}" carries neither ?Close=URL nor ?Continue=URL` };
  }
  const forms: string[] = [];
  for (const name of new Set(named)) {
    const r = urlForm(name, url.searchParams.get(name)!, url);
    if (!r.ok) return r;
    forms.push(r.form);
  }
  if (keys[0] !== named[0]) forms.push(`after other query parameters`);
  return { ok: true, form: forms.join(" and ") };
}

function observe(p: DmPackageExchange, c: Command): Observation {
  const reading = readShowQuery(c.params[0]!);
  const label = `SHOW on line ${c.line} of the answer to ${packageName(p)}`;
  if (!reading.ok) {
    return bad(`"${c.raw}" (${label}) has no usable ?Close= or ?Continue=: ${reading.why}`, [
      expectation(label, "ServerURI with ?Close=URL or ?Continue=URL", `${c.raw} (${reading.why})`),
      answerEvidence(p),
    ]);
  }
  return ok(`${c.raw}`, reading.form, [
    expectation(label, "ServerURI with ?Close=URL or ?Continue=URL", `${c.raw} (${reading.form})`),
    answerEvidence(p),
  ]);
}

export function checkShowQuery(transcript: Transcript, _options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  const answered = packages.filter((p) => p.answered && p.file);
  const obs = answered.flatMap((p) =>
    p.file!.commands.filter((c) => c.name === "SHOW" && c.params.length > 0).map((c) => observe(p, c)),
  );
  if (obs.length === 0) {
    obs.push(
      answered.length > 0
        ? unseen(`the server sent no SHOW in its ${plural(answered.length, "answer")} of this session`)
        : unanswered(packages),
    );
  }
  return verdictOf(CLAUSE_SHOW, "SHOW commands", obs);
}
