/**
 * How a device may read a command line of a command file, which decides what its status may be:
 *
 * - "known": a 5.8 keyword in upper case with a parameter count 5.8 allows. Its status is the
 *   command's own clause's business.
 * - "unknown-keyword": a keyword 5.8 does not define in any case ("FOO"). Unrecognised by every
 *   reading: 5.8-01's "Optional Feature Not Supported" status is due.
 * - "case-variant": a 5.8 keyword in another case ("put"). The draft writes keywords in upper case
 *   but never says they are case-sensitive: a device may treat it as unrecognised or run it.
 * - "wrong-arity": a 5.8 keyword with a parameter count 5.8 rules out ("DELETE a b"). The draft's
 *   duty is for unrecognised commands; a device may refuse it with any error status, or read it as
 *   unrecognised. Any status is recorded as the reading it shows.
 */
import { type Command, checkCommandSyntax, isCommandName } from "../../protocol/command-file.ts";

export type CommandKind = "known" | "unknown-keyword" | "case-variant" | "wrong-arity";

export function commandKind(cmd: Command): CommandKind {
  if (cmd.name === null) return isCommandName(cmd.keyword.toUpperCase()) ? "case-variant" : "unknown-keyword";
  return checkCommandSyntax(cmd).some((f) => f.code === "param-count") ? "wrong-arity" : "known";
}

/** Not a well-formed 5.8 command: the checks of the command kinds skip it. */
export function isUnrecognised(cmd: Command): boolean {
  return commandKind(cmd) !== "known";
}
