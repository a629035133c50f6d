/**
 * Which clause each codec finding on a command file breaks, or that it breaks none and is only
 * recorded as the reading the server showed. One table, so the readings are reviewable in one
 * place (docs/interpretations.md lists them); a unit test keeps it in step with the codec's codes.
 *
 * - Layout (DMS-5.5-02): "each commands is separated with <CR><LF>", first line "MsgID <n>".
 *   A final CRLF is accepted (line-file.ts does not report it); an empty line is not a line of
 *   either kind and fails here, as does a first line spelled otherwise than "MsgID".
 * - Syntax (DMS-5.5-04): "Command [Param1] … [Param n]" with 5.8's counts and kinds for 5.8's
 *   commands; a TAB, leading whitespace or a control character fail.
 * - Readings: trailing whitespace (the draft's own C.3 prints "200 "), runs of spaces (the tokens
 *   are still unambiguous), an unknown command (5.8 foresees them: the device answers "Optional
 *   Feature Not Supported"), bytes that are not UTF-8 (the draft names no charset).
 * - Strict readings (recorded; fail only under --strict): a 5.8 keyword in another case ("get" is
 *   not a 5.8 command, so it is an unrecognised one, which 5.8 foresees; its parameters are then
 *   not 5.8's business), a DEFAULT MOID without ":" (the draft defines no MOID grammar; a "/" or
 *   "?" still fails: that is a ClientURI, not a MOID).
 * - SHOW's query (DMS-5.8-01) has a check of its own, so its finding is left out here.
 */
import type { CommandFile } from "../../protocol/command-file.ts";
import type { Finding } from "../../protocol/finding.ts";

export type FindingRule = "layout" | "syntax" | "reading" | "strict-reading" | "show";

export const COMMAND_FILE_FINDING_RULES: Record<string, FindingRule> = {
  "lf-line-break": "layout",
  "cr-line-break": "layout",
  "empty-line": "layout",
  "trailing-blank-line": "layout",
  "utf8-bom": "layout",
  "missing-msgid": "layout",
  "msgid-keyword-case": "layout",
  "msgid-extra-params": "layout",
  "non-integer-msgid": "layout",
  "lowercase-keyword": "strict-reading",
  "param-count": "syntax",
  "server-uri-not-absolute": "syntax",
  "client-uri-invalid": "syntax",
  "moid-invalid": "syntax",
  "tab-separator": "syntax",
  "leading-space": "syntax",
  "control-character": "syntax",
  "trailing-space": "reading",
  "multiple-spaces": "reading",
  "unknown-command": "reading",
  "invalid-utf8": "reading",
  "findings-truncated": "reading",
  "show-missing-close-continue": "show",
};

/** Whitespace findings are syntax on a command line but layout on the MsgID line. */
const LINE_DEPENDENT = new Set(["tab-separator", "leading-space", "control-character"]);
/** Findings about a command's parameters: not judged on a line whose keyword is not a 5.8 command. */
const PARAMETER_FINDINGS = new Set([
  "param-count",
  "server-uri-not-absolute",
  "client-uri-invalid",
  "moid-invalid",
]);

/**
 * The rule a finding falls under in this file. A code the table does not know is a reading: the
 * harness fails only what it has been told the draft rules out (and the unit test flags the gap).
 */
export function ruleOf(finding: Finding, file: CommandFile): FindingRule {
  const rule = COMMAND_FILE_FINDING_RULES[finding.code] ?? "reading";
  const command = finding.line === undefined ? undefined : file.commands.find((c) => c.line === finding.line);
  if (LINE_DEPENDENT.has(finding.code) && finding.line !== undefined) {
    return command ? "syntax" : "layout";
  }
  if (command && command.name === null && PARAMETER_FINDINGS.has(finding.code)) return "strict-reading";
  if (finding.code === "moid-invalid" && command) {
    const moid = command.params[0] ?? "";
    if (moid !== "" && !moid.includes("/") && !moid.includes("?")) return "strict-reading";
  }
  return rule;
}
