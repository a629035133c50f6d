/**
 * DMS-5.5-02 ("The HTTP Body MUST be a multi line string there each commands is separated with
 * <CR><LF> character. The first line MUST be: MsgID <MesssageID>") — one observation per answered
 * package — and DMS-5.5-04 ("All other lines MUST have the following format: Command [Param1]
 * [Param2]….[Param n]", with 5.8's parameter counts and kinds) — one observation per command line,
 * whose reading is the command's form, so a PASS lists every form the server was seen to send.
 * The codec finds the deviations; finding-rules.ts says which clause each one breaks.
 *
 * One kind rule the codec cannot know: DEFAULT's ServerURL is where the device opens a DM session,
 * and "When the device connects to the servers URL it MUST use HTTPS" (5.3), so a DEFAULT naming
 * an http URL asks the device for what it must not do — as an http URL in Pkg#0 does (DMS-5.3-01).
 */

import { responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import type { CheckResult, Evidence } from "../../model/verdict.ts";
import { urlScheme } from "../../protocol/absolute-url.ts";
import { parseClientUri } from "../../protocol/client-uri.ts";
import type { Command } from "../../protocol/command-file.ts";
import type { Finding } from "../../protocol/finding.ts";
import { bad, MAX_QUOTED, type Observation, ok, unseen, verdictOf } from "../observations.ts";
import { type FindingRule, ruleOf } from "./finding-rules.ts";
import type { ServerCheckOptions } from "./options.ts";
import { type DmPackageExchange, dmPackages, packageName, unanswered } from "./session-view.ts";

export const CLAUSE_LAYOUT = "DMS-5.5-02";
export const CLAUSE_SYNTAX = "DMS-5.5-04";

function describeFinding(f: Finding): string {
  const at =
    f.line !== undefined ? ` (line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ""})` : "";
  return `${f.code}: ${f.message}${at}`;
}

function byRule(p: DmPackageExchange, rules: FindingRule[]): Finding[] {
  return p.file ? p.findings.filter((f) => rules.includes(ruleOf(f, p.file!))) : [];
}

/** The answer, pointed at the first finding, and the findings listed. */
function findingEvidence(p: DmPackageExchange, findings: Finding[]): Evidence[] {
  const first = findings[0]!;
  const loc = {
    ...(first.line === undefined ? {} : { line: first.line }),
    ...(first.column === undefined ? {} : { column: first.column }),
    ...(first.offset === undefined ? {} : { offset: first.offset }),
  };
  const ev = responseEvidence(p.exchange, `answer to ${packageName(p)}`);
  return [
    { ...ev, ...(Object.keys(loc).length > 0 ? { location: loc } : {}) },
    {
      kind: "expectation",
      label: `findings in the answer to ${packageName(p)}`,
      text: findings.slice(0, MAX_QUOTED).map(describeFinding).join("\n"),
    },
  ];
}

function codes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))];
}

// --- DMS-5.5-02 --------------------------------------------------------------------------------

function observeLayout(p: DmPackageExchange): Observation {
  const broken = byRule(p, ["layout"]);
  if (broken.length > 0) {
    return bad(
      `the answer to ${packageName(p)} breaks the layout (CRLF between lines, first line "MsgID <n>"): ${describeFinding(broken[0]!)}`,
      findingEvidence(p, broken),
    );
  }
  const readings = [p.file!.finalLineBreak ? "a final line break" : "no final line break"];
  const seen = codes(byRule(p, ["reading", "strict-reading"]));
  if (seen.length > 0) readings.push(seen.join(", "));
  return ok(`${packageName(p)}: MsgID ${p.file!.msgId}, CRLF`, readings.join("; "), [
    responseEvidence(p.exchange, `answer to ${packageName(p)}`),
  ]);
}

export function checkCommandFileLayout(
  transcript: Transcript,
  _options: ServerCheckOptions = {},
): CheckResult {
  const packages = dmPackages(transcript);
  const judged = packages.filter((p) => p.answered && p.file);
  const obs = judged.length > 0 ? judged.map(observeLayout) : [unanswered(packages)];
  return verdictOf(CLAUSE_LAYOUT, "command files' layout", obs);
}

// --- DMS-5.5-04 --------------------------------------------------------------------------------

/** The 5.8 form a command takes: which optional parameters it carries, in the draft's words. */
export function commandForm(c: Command): string {
  const n = c.params.length;
  switch (c.name) {
    case "GET":
      return n === 2 ? "GET ServerURI ClientURI" : "GET ServerURI";
    case "PUT":
    case "POST": {
      const uris = c.params.slice(1).map((u) => parseClientUri(u));
      const kinds = [
        ...(uris.some((u) => u.star) ? ["*"] : []),
        ...(uris.some((u) => !u.star) ? ["MOID"] : []),
        ...(uris.some((u) => u.levels !== null) ? ["?Levels=n"] : []),
      ];
      return `${c.name} ServerURI ${n - 1 === 1 ? "ClientURI" : "ClientURI1..N"} (${kinds.join(", ")})`;
    }
    case "EXEC":
      return n === 2 ? "EXEC ClientURI ServerURI" : "EXEC ClientURI";
    case "SHOW":
      return /[?&]Continue=/.test(c.params[0] ?? "") ? "SHOW ServerURI?Continue=" : "SHOW ServerURI?Close=";
    case null:
      return `unrecognised command ${c.keyword}`;
    default:
      return c.params.length === 0
        ? c.name
        : `${c.name} ${c.params.length === 1 ? "ClientURI" : "MOID ServerURL"}`;
  }
}

/** DEFAULT's ServerURL opens a DM session, which must be HTTPS (5.3). */
function kindFindings(c: Command): Finding[] {
  if (c.name !== "DEFAULT" || c.params.length !== 2) return [];
  const scheme = urlScheme(c.params[1]!);
  if (scheme === null || scheme === "https") return [];
  return [
    {
      code: "default-url-not-https",
      message: `DEFAULT's ServerURL is where the device opens a DM session, which 5.3 requires over HTTPS; got a ${scheme} URL "${c.params[1]}"`,
      line: c.line,
      column: c.keyword.length + c.params[0]!.length + 3,
    },
  ];
}

function observeCommand(p: DmPackageExchange, c: Command, strict: boolean): Observation {
  const onLine = p.findings.filter((f) => f.line === c.line);
  const rules = strict ? (["syntax", "strict-reading"] as FindingRule[]) : (["syntax"] as FindingRule[]);
  const broken = [...onLine.filter((f) => rules.includes(ruleOf(f, p.file!))), ...kindFindings(c)];
  const where = `line ${c.line} of the answer to ${packageName(p)}`;
  if (broken.length > 0) {
    return bad(
      `"${c.raw}" (${where}) is not "Command [Param…]" with 5.8's parameters: ${describeFinding(broken[0]!)}`,
      findingEvidence(p, broken),
    );
  }
  const readings = codes(onLine.filter((f) => ["reading", "strict-reading"].includes(ruleOf(f, p.file!))));
  return ok(`${c.keyword} (${where})`, [commandForm(c), ...readings].join(": "), [
    responseEvidence(p.exchange, `answer to ${packageName(p)}`),
  ]);
}

export function checkCommandSyntax(transcript: Transcript, options: ServerCheckOptions = {}): CheckResult {
  const packages = dmPackages(transcript);
  const judged = packages.filter((p) => p.answered && p.file);
  const obs = judged.flatMap((p) =>
    p.file!.commands.map((c) => observeCommand(p, c, options.strict ?? false)),
  );
  if (obs.length === 0) {
    obs.push(
      judged.length > 0
        ? unseen(`the server's ${judged.length} answer(s) held no command line`)
        : unanswered(packages),
    );
  }
  return verdictOf(CLAUSE_SYNTAX, "command lines", obs);
}
