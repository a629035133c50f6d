/**
 * DMS-5.5-02 (lines separated by CRLF, the first "MsgID <n>") and DMS-5.5-04 (every other line
 * "Command [Param…]" with 5.8's parameter counts and kinds), on every 2xx answer to a DM package.
 * The codec finds the deviations; finding-rules.ts says which clause each one breaks.
 */

import { responseEvidence } from "../../model/evidence.ts";
import type { Evidence } from "../../model/verdict.ts";
import { type CheckResult, fail, notExercised, pass } from "../../model/verdict.ts";
import type { Finding } from "../../protocol/finding.ts";
import { plural, quoted } from "./evidence-limit.ts";
import { type FindingRule, ruleOf } from "./finding-rules.ts";
import { answerEvidence, type DmPackageExchange, packageName } from "./session-view.ts";

export const CLAUSE_LAYOUT = "DMS-5.5-02";
export const CLAUSE_SYNTAX = "DMS-5.5-04";

interface Offence {
  p: DmPackageExchange;
  findings: Finding[];
}

function split(p: DmPackageExchange, rule: FindingRule): Finding[] {
  return p.file ? p.findings.filter((f) => ruleOf(f, p.file!) === rule) : [];
}

function describeFinding(f: Finding): string {
  const at =
    f.line !== undefined ? ` (line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ""})` : "";
  return `${f.code}: ${f.message}${at}`;
}

function offenceEvidence(offences: Offence[]): Evidence[] {
  return quoted(offences).flatMap(({ p, findings }) => {
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
        kind: "expectation" as const,
        label: `findings in the answer to ${packageName(p)}`,
        text: quoted(findings).map(describeFinding).join("\n"),
      },
    ];
  });
}

function readingsOf(packages: DmPackageExchange[]): string {
  const codes = new Map<string, number>();
  const finals = { with: 0, without: 0 };
  for (const p of packages) {
    for (const f of split(p, "reading")) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    if (p.file?.finalLineBreak) finals.with++;
    else finals.without++;
  }
  const parts = [
    finals.with > 0
      ? `${plural(finals.with, "file")} end with a final line break, ${finals.without} without`
      : "no final line break",
  ];
  for (const [code, n] of codes) parts.push(`${code} ×${n}`);
  return parts.join("; ");
}

function judge(
  clause: string,
  rule: FindingRule,
  what: string,
  packages: DmPackageExchange[],
  reading: (judged: DmPackageExchange[]) => string,
): CheckResult {
  const judged = packages.filter((p) => p.answered && p.file);
  if (judged.length === 0) return notExercised(clause, "no DM package was answered with a 2xx response");
  const offences: Offence[] = [];
  for (const p of judged) {
    const findings = split(p, rule);
    if (findings.length > 0) offences.push({ p, findings });
  }
  if (offences.length > 0) {
    const first = offences[0]!;
    return fail(
      clause,
      `${plural(offences.length, "command file")} of ${judged.length} break ${what}; first, the answer to ${packageName(first.p)}: ${describeFinding(first.findings[0]!)}`,
      offenceEvidence(offences),
    );
  }
  return pass(
    clause,
    `all ${plural(judged.length, "command file")} keep ${what}`,
    quoted(judged).map((p) => answerEvidence(p)),
    reading(judged),
  );
}

export function checkCommandFileLayout(packages: DmPackageExchange[]): CheckResult {
  return judge(
    CLAUSE_LAYOUT,
    "layout",
    'the layout (CRLF between lines, first line "MsgID <n>")',
    packages,
    readingsOf,
  );
}

export function checkCommandSyntax(packages: DmPackageExchange[]): CheckResult {
  return judge(
    CLAUSE_SYNTAX,
    "syntax",
    'the command syntax of 5.5/5.8 ("Command [Param…]", parameter counts and kinds)',
    packages,
    (judged) => {
      const names = new Map<string, number>();
      for (const p of judged)
        for (const c of p.file!.commands) names.set(c.keyword, (names.get(c.keyword) ?? 0) + 1);
      const seen = [...names].map(([k, n]) => `${k} ×${n}`).join(", ");
      const readings = readingsOf(judged).split("; ").slice(1);
      return [`commands seen: ${seen || "none"}`, ...readings].join("; ");
    },
  );
}
