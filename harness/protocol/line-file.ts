/**
 * The line layer shared by command files (5.5) and status files (5.6): both are "a multi line
 * string there each [line] is separated with <CR><LF>", first line "MsgID <n>", other lines
 * space-separated tokens. This module splits the bytes, tokenises each line and reports every
 * deviation of the layout itself; command-file.ts and status-file.ts judge the tokens.
 *
 * Interpretations (see the report / docs/interpretations.md):
 * - One final line break after the last line is ordinary, not a finding (both "separated" and
 *   "terminated" readings are accepted; `finalLineBreak` records which one was seen).
 * - An empty line (or one holding only spaces/tabs) before the last line is "empty-line"; empty
 *   lines at the end (i.e. a second final break) are "trailing-blank-line". Such lines are skipped
 *   by the best reading.
 * - Tokens are separated by single spaces. Runs of spaces ("multiple-spaces") and tabs
 *   ("tab-separator") are findings; the best reading still splits on them.
 * - CR and LF bytes never occur inside a UTF-8 multi-byte sequence, so splitting bytes before
 *   decoding is exact; columns and offsets count bytes.
 */
import type { FindingSink } from "./finding.ts";
import { decodeLenient, firstInvalidUtf8 } from "./utf8.ts";

export type LineBreaks = "crlf" | "lf" | "cr" | "mixed" | "none";
export type LineBreak = "crlf" | "lf" | "cr";

export interface Token {
  text: string;
  /** 1-based byte column within the line. */
  column: number;
  /** 0-based byte offset within the message. */
  offset: number;
}

export interface TextLine {
  /** 1-based line number; empty lines count. */
  number: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** The line as written, without its line break (invalid UTF-8 shows as U+FFFD). */
  raw: string;
  tokens: Token[];
  /** True for a line that is empty or holds only spaces/tabs. */
  blank: boolean;
  /** The break that ends this line; null for the last line when the message has no final break. */
  lineBreak: LineBreak | null;
}

export interface LineFile {
  lines: TextLine[];
  lineBreaks: LineBreaks;
  /** True when the last line is followed by a line break. */
  finalLineBreak: boolean;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

/** Splits and tokenises; adds layout findings to `sink`. Linear in the input, never throws. */
export function readLines(bytes: Uint8Array, sink: FindingSink): LineFile {
  const lines: TextLine[] = [];
  let start = 0;
  // A UTF-8 BOM is not part of the first token (but is reported: the draft's bodies are plain text).
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    sink.add({
      code: "utf8-bom",
      message: "body starts with a UTF-8 byte order mark",
      line: 1,
      column: 1,
      offset: 0,
    });
    start = 3;
  }
  if (bytes.length === start) return { lines: [], lineBreaks: "none", finalLineBreak: false };
  const seen = new Set<LineBreak>();
  let i = start;
  let lineStart = start;
  let lineNo = 1;
  const n = bytes.length;
  while (i <= n) {
    let lineBreak: LineBreak | null = null;
    let breakLen = 0;
    if (i < n) {
      const b = bytes[i]!;
      if (b === CR) {
        if (i + 1 < n && bytes[i + 1] === LF) {
          lineBreak = "crlf";
          breakLen = 2;
        } else {
          lineBreak = "cr";
          breakLen = 1;
        }
      } else if (b === LF) {
        lineBreak = "lf";
        breakLen = 1;
      } else {
        i++;
        continue;
      }
    }
    // i is at a line break or at the end of input.
    if (lineBreak === null && i === lineStart && lines.length > 0) break; // final break: no more line
    lines.push(makeLine(bytes, lineStart, i, lineNo, lineBreak, sink));
    if (lineBreak !== null) {
      seen.add(lineBreak);
      if (lineBreak !== "crlf") {
        sink.add({
          code: lineBreak === "lf" ? "lf-line-break" : "cr-line-break",
          message: `line ${lineNo} ends with a bare ${lineBreak === "lf" ? "LF" : "CR"}, not CRLF`,
          line: lineNo,
          column: i - lineStart + 1,
          offset: i,
        });
      }
    }
    if (i >= n) break;
    i += breakLen;
    lineStart = i;
    lineNo++;
  }
  const finalLineBreak = lines.length > 0 && lines[lines.length - 1]!.lineBreak !== null;
  reportBlankLines(lines, sink);
  let lineBreaks: LineBreaks = "none";
  if (seen.size > 1) lineBreaks = "mixed";
  else if (seen.size === 1) lineBreaks = [...seen][0]!;
  return { lines, lineBreaks, finalLineBreak };
}

function makeLine(
  bytes: Uint8Array,
  from: number,
  to: number,
  number: number,
  lineBreak: LineBreak | null,
  sink: FindingSink,
): TextLine {
  const bad = firstInvalidUtf8(bytes, from, to);
  if (bad >= 0) {
    sink.add({
      code: "invalid-utf8",
      message: `line ${number} holds bytes that are not UTF-8 (first at byte ${bad})`,
      line: number,
      column: bad - from + 1,
      offset: bad,
    });
  }
  const tokens: Token[] = [];
  let j = from;
  let sawTab = false;
  while (j < to) {
    const b = bytes[j]!;
    if (b === SP || b === TAB) {
      const runStart = j;
      while (j < to && (bytes[j] === SP || bytes[j] === TAB)) {
        if (bytes[j] === TAB && !sawTab) {
          sawTab = true;
          sink.add({
            code: "tab-separator",
            message: `line ${number} uses a TAB where the draft separates with a space`,
            line: number,
            column: j - from + 1,
            offset: j,
          });
        }
        j++;
      }
      if (runStart === from) {
        if (j < to) {
          sink.add({
            code: "leading-space",
            message: `line ${number} starts with whitespace`,
            line: number,
            column: 1,
            offset: from,
          });
        }
      } else if (j === to) {
        sink.add({
          code: "trailing-space",
          message: `line ${number} ends with whitespace`,
          line: number,
          column: runStart - from + 1,
          offset: runStart,
        });
      } else if (j - runStart > 1) {
        sink.add({
          code: "multiple-spaces",
          message: `line ${number} separates tokens with ${j - runStart} whitespace characters`,
          line: number,
          column: runStart - from + 1,
          offset: runStart,
        });
      }
      continue;
    }
    const tokStart = j;
    while (j < to && bytes[j] !== SP && bytes[j] !== TAB) {
      const c = bytes[j]!;
      if (c < 0x20 || c === 0x7f) {
        sink.add({
          code: "control-character",
          message: `line ${number} holds control character 0x${c.toString(16).padStart(2, "0")}`,
          line: number,
          column: j - from + 1,
          offset: j,
        });
      }
      j++;
    }
    tokens.push({
      text: decodeLenient(bytes.subarray(tokStart, j)),
      column: tokStart - from + 1,
      offset: tokStart,
    });
  }
  return {
    number,
    offset: from,
    raw: decodeLenient(bytes.subarray(from, to)),
    tokens,
    blank: tokens.length === 0,
    lineBreak,
  };
}

function reportBlankLines(lines: TextLine[], sink: FindingSink): void {
  let lastContent = -1;
  for (let k = lines.length - 1; k >= 0; k--) {
    if (!lines[k]!.blank) {
      lastContent = k;
      break;
    }
  }
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line.blank) continue;
    const what = line.raw.length === 0 ? "is empty" : "holds only whitespace";
    if (k > lastContent && lastContent >= 0) {
      sink.add({
        code: "trailing-blank-line",
        message: `line ${line.number} ${what} after the last line (a blank line at the end)`,
        line: line.number,
        column: 1,
        offset: line.offset,
      });
    } else {
      sink.add({
        code: "empty-line",
        message: `line ${line.number} ${what}`,
        line: line.number,
        column: 1,
        offset: line.offset,
      });
    }
  }
}

/** Result of reading the first line, "MsgID <n>". */
export interface MsgIdReading {
  msgId: number | null;
  msgIdRaw: string | null;
  /** Index in `lines` of the first line after the MsgID line (all lines when there is none). */
  bodyFrom: number;
}

/** True when `s` is a non-empty run of ASCII digits (no sign, no spaces): linear, no regex. */
export function isDecimalDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Reads the "MsgID <n>" line: the first non-blank line. "MsgID" is matched exactly; another case
 * ("msgid") is read but reported ("msgid-keyword-case"). Without it: "missing-msgid" and every line
 * is a command/status line.
 */
export function readMsgId(lines: TextLine[], sink: FindingSink): MsgIdReading {
  let k = 0;
  while (k < lines.length && lines[k]!.blank) k++;
  const line = lines[k];
  if (!line) {
    sink.add({
      code: "missing-msgid",
      message: "the body holds no line at all, so no MsgID line",
      line: 1,
      column: 1,
    });
    return { msgId: null, msgIdRaw: null, bodyFrom: lines.length };
  }
  const first = line.tokens[0]!;
  if (first.text.toLowerCase() !== "msgid") {
    sink.add({
      code: "missing-msgid",
      message: `the first line is not "MsgID <n>" (it starts with "${first.text}")`,
      line: line.number,
      column: first.column,
      offset: first.offset,
    });
    return { msgId: null, msgIdRaw: null, bodyFrom: k };
  }
  if (first.text !== "MsgID") {
    sink.add({
      code: "msgid-keyword-case",
      message: `the first line writes "${first.text}", the draft writes "MsgID"`,
      line: line.number,
      column: first.column,
      offset: first.offset,
    });
  }
  const value = line.tokens[1];
  if (!value) {
    sink.add({
      code: "missing-msgid",
      message: "the MsgID line carries no value",
      line: line.number,
      column: line.raw.length + 1,
    });
    return { msgId: null, msgIdRaw: null, bodyFrom: k + 1 };
  }
  for (const extra of line.tokens.slice(2)) {
    sink.add({
      code: "msgid-extra-params",
      message: `the MsgID line carries more than one value ("${extra.text}")`,
      line: line.number,
      column: extra.column,
      offset: extra.offset,
    });
  }
  let msgId: number | null = null;
  if (isDecimalDigits(value.text) && Number.isSafeInteger(Number(value.text))) msgId = Number(value.text);
  else {
    sink.add({
      code: "non-integer-msgid",
      message: `MsgID "${value.text}" is not a non-negative decimal integer`,
      line: line.number,
      column: value.column,
      offset: value.offset,
    });
  }
  return { msgId, msgIdRaw: value.text, bodyFrom: k + 1 };
}

export interface SerializeLinesOptions {
  /** Between lines; default CRLF as the draft requires. */
  lineBreak?: "\r\n" | "\n";
  /** Also end the last line with the line break; default false (the draft says "separated"). */
  finalLineBreak?: boolean;
}

/** Joins lines; throws RangeError when a line holds CR or LF (it would change the line structure). */
export function serializeLines(lines: string[], opts: SerializeLinesOptions = {}): string {
  for (const l of lines) {
    if (l.includes("\r") || l.includes("\n"))
      throw new RangeError(`a line may not hold CR or LF: ${JSON.stringify(l)}`);
  }
  const br = opts.lineBreak ?? "\r\n";
  return lines.join(br) + (opts.finalLineBreak ? br : "");
}
