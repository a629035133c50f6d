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
import { type Finding, type FindingCodeInfo, FindingSink } from "./finding.ts";
import {
  LINE_FILE_FINDINGS,
  type LineBreaks,
  readLines,
  readMsgId,
  type SerializeLinesOptions,
  serializeLines,
  type Token,
} from "./line-file.ts";
import { encodeUtf8 } from "./utf8.ts";

export const COMMAND_NAMES = ["GET", "PUT", "POST", "DELETE", "EXEC", "SHOW", "DEFAULT", "END"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Every code parseCommandFile can emit: the line layer's, then the 5.8 command syntax. */
export const COMMAND_FILE_FINDINGS: readonly FindingCodeInfo[] = [
  ...LINE_FILE_FINDINGS,
  {
    code: "lowercase-keyword",
    about: "a 5.8 keyword written in another case than upper case (name is null)",
  },
  { code: "unknown-command", about: "a keyword 5.8 does not define" },
  {
    code: "param-count",
    about:
      "a parameter count 5.8 rules out (GET 1-2, PUT/POST >= 2, DELETE 1, EXEC 1-2, SHOW 1, DEFAULT 2, END 0)",
  },
  { code: "server-uri-not-absolute", about: "a ServerURI position holds no absolute URL (scheme://host...)" },
  { code: "client-uri-invalid", about: "a ClientURI position holds something parseClientUri cannot read" },
  { code: "moid-invalid", about: "DEFAULT's first parameter is not a MOID" },
  { code: "show-missing-close-continue", about: "SHOW's ServerURI carries neither ?Close= nor ?Continue=" },
];

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
  let lineOffset = 0;
  let lineTokens: Token[] = [];
  const emit: Emit = (cmd, code, param, message) => {
    if (!sink.wants(code)) return;
    const column = param === null ? 1 : (lineTokens[param + 1]?.column ?? 1);
    sink.push({ code, message: message(), line: cmd.line, column, offset: lineOffset + column - 1 });
  };
  for (let k = head.bodyFrom; k < file.lines.length; k++) {
    const line = file.lines[k]!;
    const tokens = line.tokens;
    const params: string[] = [];
    for (let t = 1; t < tokens.length; t++) params.push(tokens[t]!.text);
    const keyword = tokens[0]!.text;
    const cmd: Command = {
      keyword,
      name: isCommandName(keyword) ? keyword : null,
      params,
      line: line.number,
      raw: line.raw,
    };
    commands.push(cmd);
    lineOffset = line.offset;
    lineTokens = tokens;
    commandFindings(cmd, emit);
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

/** Receives one finding of a command: the parameter index it is about (null: the keyword), text on demand. */
type Emit = (cmd: Command, code: string, param: number | null, message: () => string) => void;

/**
 * The 5.8 syntax of one command: keyword, parameter count, and parameter kinds (ServerURI absolute,
 * ClientURI readable, SHOW carrying ?Close= or ?Continue=). Pure; reusable on a Command built by hand.
 */
export function checkCommandSyntax(cmd: Command): Finding[] {
  // capped like a parsed file: a PUT with 100k bad parameters gives 100 findings and a count
  const sink = new FindingSink();
  const columns = columnsOf(cmd);
  commandFindings(cmd, (c, code, param, message) => {
    if (sink.wants(code))
      sink.push({
        code,
        message: message(),
        line: c.line,
        column: param === null ? 1 : (columns[param] ?? 1),
      });
  });
  return sink.finish();
}

function commandFindings(cmd: Command, emit: Emit): void {
  let name: CommandName | null = cmd.name;
  if (name === null) {
    const upper = cmd.keyword.toUpperCase();
    if (isCommandName(upper)) {
      emit(
        cmd,
        "lowercase-keyword",
        null,
        () => `"${cmd.keyword}" is written "${upper}" in the draft; keywords are upper case`,
      );
      name = upper;
    } else {
      emit(cmd, "unknown-command", null, () => `"${cmd.keyword}" is not a command of 5.8`);
      return;
    }
  }
  const sig = SIGNATURES[name];
  const n = cmd.params.length;
  const cmdName = name;
  if (n < sig.min || n > sig.max) {
    emit(
      cmd,
      "param-count",
      n > sig.max ? sig.max : null,
      () => `${cmdName} takes ${describeCount(sig.min, sig.max)} parameter(s), got ${n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const kind = sig.kinds[Math.min(i, sig.kinds.length - 1)];
    if (kind === undefined) break;
    const p = cmd.params[i]!;
    if (kind === "server") {
      if (!isAbsoluteUrl(p)) {
        emit(
          cmd,
          "server-uri-not-absolute",
          i,
          () => `${cmdName} parameter ${i + 1} must be an absolute ServerURI, got "${p}"`,
        );
      } else if (name === "SHOW" && !hasCloseOrContinue(p)) {
        emit(
          cmd,
          "show-missing-close-continue",
          i,
          () => `SHOW ServerURI must carry "?Close=URL" or "?Continue=URL", got "${p}"`,
        );
      }
    } else if (kind === "client") {
      const uri = parseClientUri(p);
      if (!uri.ok) {
        emit(
          cmd,
          "client-uri-invalid",
          i,
          () => `${cmdName} parameter ${i + 1}: ${uri.findings.map((f) => f.message).join("; ")}`,
        );
      }
    } else if (kind === "moid") {
      if (p.includes("/") || p.includes("?") || !p.includes(":")) {
        emit(
          cmd,
          "moid-invalid",
          i,
          () => `${cmdName} parameter ${i + 1} must be a MOID (oma:mo:name:version), got "${p}"`,
        );
      }
    }
  }
}

function hasCloseOrContinue(url: string): boolean {
  const q = url.indexOf("?");
  if (q < 0) return false;
  return url
    .slice(q + 1)
    .split("&")
    .some((pair) => pair.startsWith("Close=") || pair.startsWith("Continue="));
}

/** Parameter columns of a Command built without them (single spaces assumed). */
function columnsOf(cmd: Command): number[] {
  const out: number[] = [];
  let col = cmd.keyword.length + 2;
  for (const p of cmd.params) {
    out.push(col);
    col += p.length + 1;
  }
  return out;
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
