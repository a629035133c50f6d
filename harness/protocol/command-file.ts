/**
 * The server's response body, application/dm20 (5.5, 5.8): "MsgID <n>" then one command per line,
 * `Command [Param1] … [Param n]`, lines separated by CRLF. The parser is lenient: it always gives
 * the best reading, and every strict deviation as a finding with line/column (see line-file.ts for
 * the layout rules and their interpretations).
 *
 * Keywords are recognised only when written exactly as the draft does (upper case); another case
 * gives `name: null` plus "lowercase-keyword", and its parameters are still checked against the
 * command it spells, so one slip does not hide others.
 */
import { isAbsoluteUrl } from "./absolute-url.ts";
import { parseClientUri } from "./client-uri.ts";
import { type Finding, FindingSink } from "./finding.ts";
import {
  type LineBreaks,
  readLines,
  readMsgId,
  type SerializeLinesOptions,
  serializeLines,
} from "./line-file.ts";
import { encodeUtf8 } from "./utf8.ts";

export const COMMAND_NAMES = ["GET", "PUT", "POST", "DELETE", "EXEC", "SHOW", "DEFAULT", "END"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface Command {
  /** The keyword as written. */
  keyword: string;
  /** Recognised only when written exactly in upper case; otherwise null (and a finding). */
  name: CommandName | null;
  params: string[];
  /** 1-based line number. */
  line: number;
  /** The whole line as written, without its line break. */
  raw: string;
  /** 1-based byte column of each parameter, parallel to `params` (for findings' positions). */
  paramColumns?: number[];
}

export interface CommandFile {
  msgId: number | null;
  msgIdRaw: string | null;
  commands: Command[];
  findings: Finding[];
  lineBreaks: LineBreaks;
  /** True when the last line ends with a line break (accepted, not a finding). */
  finalLineBreak: boolean;
}

export function isCommandName(s: string): s is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(s);
}

export function parseCommandFile(bytes: Uint8Array): CommandFile {
  const sink = new FindingSink();
  const file = readLines(bytes, sink);
  const head = readMsgId(file.lines, sink);
  const commands: Command[] = [];
  for (const line of file.lines.slice(head.bodyFrom)) {
    if (line.blank) continue;
    const [kw, ...rest] = line.tokens;
    const cmd: Command = {
      keyword: kw!.text,
      name: isCommandName(kw!.text) ? kw!.text : null,
      params: rest.map((t) => t.text),
      line: line.number,
      raw: line.raw,
      paramColumns: rest.map((t) => t.column),
    };
    commands.push(cmd);
    for (const f of checkCommandSyntax(cmd)) sink.add({ ...f, offset: line.offset + (f.column ?? 1) - 1 });
  }
  return {
    msgId: head.msgId,
    msgIdRaw: head.msgIdRaw,
    commands,
    findings: sink.finish(),
    lineBreaks: file.lineBreaks,
    finalLineBreak: file.finalLineBreak,
  };
}

type ParamKind = "server" | "client" | "moid";

/** 5.8's parameter lists: count bounds and the kind of each position (the last kind repeats). */
const SIGNATURES: Record<CommandName, { min: number; max: number; kinds: ParamKind[] }> = {
  GET: { min: 1, max: 2, kinds: ["server", "client"] },
  PUT: { min: 2, max: Number.POSITIVE_INFINITY, kinds: ["server", "client"] },
  POST: { min: 2, max: Number.POSITIVE_INFINITY, kinds: ["server", "client"] },
  DELETE: { min: 1, max: 1, kinds: ["client"] },
  EXEC: { min: 1, max: 2, kinds: ["client", "server"] },
  SHOW: { min: 1, max: 1, kinds: ["server"] },
  DEFAULT: { min: 2, max: 2, kinds: ["moid", "server"] },
  END: { min: 0, max: 0, kinds: [] },
};

function describeCount(min: number, max: number): string {
  if (min === max) return min === 0 ? "no parameter" : `exactly ${min}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min}`;
  return `${min} to ${max}`;
}

/**
 * The 5.8 syntax of one command: keyword, parameter count, and parameter kinds (ServerURI absolute,
 * ClientURI readable, SHOW carrying ?Close= or ?Continue=). Pure; reusable on a Command built by hand.
 */
export function checkCommandSyntax(cmd: Command): Finding[] {
  const out: Finding[] = [];
  const at = (i: number | null) => {
    const column = i === null ? 1 : (cmd.paramColumns?.[i] ?? columnOfParam(cmd, i));
    return { line: cmd.line, column };
  };
  let name: CommandName | null = cmd.name;
  if (name === null) {
    const upper = cmd.keyword.toUpperCase();
    if (isCommandName(upper)) {
      out.push({
        code: "lowercase-keyword",
        message: `"${cmd.keyword}" is written "${upper}" in the draft; keywords are upper case`,
        ...at(null),
      });
      name = upper;
    } else {
      out.push({ code: "unknown-command", message: `"${cmd.keyword}" is not a command of 5.8`, ...at(null) });
      return out;
    }
  }
  const sig = SIGNATURES[name];
  const n = cmd.params.length;
  if (n < sig.min || n > sig.max) {
    out.push({
      code: "param-count",
      message: `${name} takes ${describeCount(sig.min, sig.max)} parameter(s), got ${n}`,
      ...at(n > sig.max ? sig.max : null),
    });
  }
  for (let i = 0; i < n; i++) {
    const kind = sig.kinds[Math.min(i, sig.kinds.length - 1)];
    if (kind === undefined) break;
    const p = cmd.params[i]!;
    if (kind === "server") {
      if (!isAbsoluteUrl(p)) {
        out.push({
          code: "server-uri-not-absolute",
          message: `${name} parameter ${i + 1} must be an absolute ServerURI, got "${p}"`,
          ...at(i),
        });
      } else if (name === "SHOW" && !hasCloseOrContinue(p)) {
        out.push({
          code: "show-missing-close-continue",
          message: `SHOW ServerURI must carry "?Close=URL" or "?Continue=URL", got "${p}"`,
          ...at(i),
        });
      }
    } else if (kind === "client") {
      const uri = parseClientUri(p);
      if (!uri.ok) {
        const why = uri.findings.map((f) => f.message).join("; ");
        out.push({ code: "client-uri-invalid", message: `${name} parameter ${i + 1}: ${why}`, ...at(i) });
      }
    } else if (kind === "moid") {
      if (p.includes("/") || p.includes("?") || !p.includes(":")) {
        out.push({
          code: "moid-invalid",
          message: `${name} parameter ${i + 1} must be a MOID (oma:mo:name:version), got "${p}"`,
          ...at(i),
        });
      }
    }
  }
  return out;
}

function hasCloseOrContinue(url: string): boolean {
  const q = url.indexOf("?");
  if (q < 0) return false;
  return url
    .slice(q + 1)
    .split("&")
    .some((pair) => pair.startsWith("Close=") || pair.startsWith("Continue="));
}

/** Column of parameter i in `raw` when the Command was built without columns (single spaces assumed). */
function columnOfParam(cmd: Command, i: number): number {
  let col = cmd.keyword.length + 2;
  for (let k = 0; k < i; k++) col += cmd.params[k]!.length + 1;
  return col;
}

/**
 * Writes a command file: "MsgID n", then `NAME p1 p2 …` per command, CRLF between lines and, by
 * default, no line break after the last line (the draft: lines "separated with <CR><LF>"; C.2,
 * C.4, C.6 print none after the last command). `finalLineBreak: true` adds one. The name is
 * written as given (fault injection may pass "get"); CR/LF inside a field throw RangeError.
 */
export function serializeCommandFile(
  msgId: number,
  commands: Array<{ name: string; params: string[] }>,
  opts?: SerializeLinesOptions,
): Uint8Array {
  const lines = [`MsgID ${msgId}`, ...commands.map((c) => [c.name, ...c.params].join(" "))];
  return encodeUtf8(serializeLines(lines, opts));
}
