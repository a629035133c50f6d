/**
 * The line layer shared by command files (5.5) and status files (5.6): both are "a multi line
 * string there each [line] is separated with <CR><LF>", first line "MsgID <n>", other lines
 * space-separated tokens. This module splits the bytes, tokenises each line and reports every
 * deviation of the layout itself; command-file.ts and status-file.ts judge the tokens.
 *
 * Interpretations (see the report / docs/interpretations.md):
 * - One final line break after the last line is ordinary, not a finding (both "separated" and
 *   "terminated" readings are accepted; `finalLineBreak` records which one was seen).
 * - An empty line (or one holding only spaces/tabs) before the last non-blank line is
 *   "empty-line"; blank lines after it (e.g. a second final CRLF) are "trailing-blank-line". The
 *   best reading skips them (`lines` holds the non-blank lines only).
 * - Tokens are separated by single spaces. Runs of spaces ("multiple-spaces") and tabs
 *   ("tab-separator") are findings; the best reading still splits on them.
 * - CR and LF bytes never occur inside a UTF-8 multi-byte sequence, so splitting bytes before
 *   decoding is exact; columns and offsets count bytes.
 *
 * Linear time and no per-blank-line allocation: a 1 MiB body of line breaks must stay fast.
 */
import { type Finding, type FindingCodeInfo, type FindingSink, MAX_FINDINGS_PER_CODE } from "./finding.ts";
import { decodeLenient, firstInvalidUtf8 } from "./utf8.ts";

/** Every code the line layer emits (command and status files alike). */
export const LINE_FILE_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "utf8-bom", about: "the body starts with a UTF-8 byte order mark (not part of the first token)" },
  { code: "lf-line-break", about: "a line ends with a bare LF instead of CRLF" },
  { code: "cr-line-break", about: "a line ends with a bare CR instead of CRLF" },
  { code: "empty-line", about: "an empty or whitespace-only line before the last non-blank line" },
  {
    code: "trailing-blank-line",
    about: "a blank line after the last non-blank line (not the single final CRLF)",
  },
  { code: "leading-space", about: "a line starts with a space or TAB" },
  { code: "trailing-space", about: "a line ends with a space or TAB (Appendix C.3 prints '200 ')" },
  { code: "multiple-spaces", about: "tokens separated by more than one space/TAB" },
  { code: "tab-separator", about: "a TAB used as (part of) a separator" },
  { code: "control-character", about: "a control byte (< 0x20 or 0x7F) inside a token" },
  { code: "invalid-utf8", about: "a line holds bytes that are not UTF-8 (read as U+FFFD)" },
  { code: "missing-msgid", about: "no 'MsgID <n>' first line, or no value on it" },
  { code: "msgid-keyword-case", about: "'MsgID' spelled in another case" },
  { code: "msgid-extra-params", about: "more than one value on the MsgID line" },
  { code: "non-integer-msgid", about: "the MsgID value is not a non-negative decimal integer" },
  {
    code: "findings-truncated",
    about: "more findings of one code than the per-code cap; the count is given",
  },
];

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
  /** 1-based line number; blank lines count. */
  number: number;
  /** Byte offset of the line's first byte (on line 1 that is 0: a BOM counts in columns, not in tokens). */
  offset: number;
  /** The line as written, without its line break (invalid UTF-8 shows as U+FFFD). */
  raw: string;
  /** At least one token. */
  tokens: Token[];
  /** The break that ends this line; null for the last line when the message has no final break. */
  lineBreak: LineBreak | null;
}

export interface LineFile {
  /** The non-blank lines, in order. */
  lines: TextLine[];
  /** Number of lines including blank ones (a final line break does not start a line). */
  lineCount: number;
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
    if (sink.wants("utf8-bom")) {
      sink.push({
        code: "utf8-bom",
        message: "body starts with a UTF-8 byte order mark",
        line: 1,
        column: 1,
        offset: 0,
      });
    }
    start = 3;
  }
  const n = bytes.length;
  if (n === start) return { lines, lineCount: 0, lineBreaks: "none", finalLineBreak: false };
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  // Blank lines since the last non-blank one: reported as empty-line once another non-blank line
  // follows, as trailing-blank-line at the end. Only the first few positions are kept (the sink
  // caps each code anyway); the rest are counted.
  const blankNumbers: number[] = [];
  const blankOffsets: number[] = [];
  let blankCount = 0;
  const flushBlank = (code: "empty-line" | "trailing-blank-line") => {
    const build = Math.min(sink.tally(code, blankCount), blankNumbers.length);
    for (let k = 0; k < build; k++) {
      const number = blankNumbers[k]!;
      sink.push({
        code,
        message:
          code === "empty-line"
            ? `line ${number} is empty (or holds only whitespace)`
            : `line ${number} is blank after the last line (a blank line at the end)`,
        line: number,
        column: 1,
        offset: blankOffsets[k]!,
      });
    }
    blankNumbers.length = 0;
    blankOffsets.length = 0;
    blankCount = 0;
  };
  // Bare LF / CR breaks: the first few are built here, all are counted into the sink at the end.
  const bare: Record<"lf" | "cr", Finding[]> = { lf: [], cr: [] };
  let lineStart = start;
  let lineNo = 1;
  let lastBreak: LineBreak | null = null;
  for (let i = start; ; ) {
    let k = i;
    while (k < n && bytes[k] !== CR && bytes[k] !== LF) k++;
    // bytes[lineStart, k) is one line; k is at a break or at the end
    let lineBreak: LineBreak | null = null;
    let breakLen = 0;
    if (k < n) {
      if (bytes[k] === LF) {
        lineBreak = "lf";
        breakLen = 1;
        lf++;
      } else if (k + 1 < n && bytes[k + 1] === LF) {
        lineBreak = "crlf";
        breakLen = 2;
        crlf++;
      } else {
        lineBreak = "cr";
        breakLen = 1;
        cr++;
      }
    }
    // Columns count from the line's first byte: on line 1 that is the BOM, when there is one.
    const lineBase = lineNo === 1 ? 0 : lineStart;
    const line = makeLine(bytes, lineStart, k, lineBase, lineNo, lineBreak, sink);
    if (line === null) {
      if (blankCount < MAX_FINDINGS_PER_CODE) {
        blankNumbers.push(lineNo);
        blankOffsets.push(lineBase);
      }
      blankCount++;
    } else {
      if (blankCount > 0) flushBlank("empty-line");
      lines.push(line);
    }
    if ((lineBreak === "lf" || lineBreak === "cr") && bare[lineBreak].length < MAX_FINDINGS_PER_CODE) {
      bare[lineBreak].push({
        code: lineBreak === "lf" ? "lf-line-break" : "cr-line-break",
        message: `line ${lineNo} ends with a bare ${lineBreak === "lf" ? "LF" : "CR"}, not CRLF`,
        line: lineNo,
        column: k - lineBase + 1,
        offset: k,
      });
    }
    lastBreak = lineBreak;
    if (lineBreak === null) break;
    i = k + breakLen;
    if (i >= n) break; // a final line break does not start another line
    lineStart = i;
    lineNo++;
  }
  flushBlank("trailing-blank-line");
  for (const [kind, total] of [["lf", lf] as const, ["cr", cr] as const]) {
    const build = sink.tally(`${kind}-line-break`, total);
    for (let b = 0; b < build && b < bare[kind].length; b++) sink.push(bare[kind][b]!);
  }
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  let lineBreaks: LineBreaks = "none";
  if (kinds > 1) lineBreaks = "mixed";
  else if (crlf > 0) lineBreaks = "crlf";
  else if (lf > 0) lineBreaks = "lf";
  else if (cr > 0) lineBreaks = "cr";
  return { lines, lineCount: lineNo, lineBreaks, finalLineBreak: lastBreak !== null };
}

/**
 * Tokenises bytes[from, to); null for a blank line. Reports whitespace and encoding findings.
 * `base` is the line's first byte (before `from` only on line 1, by the BOM): columns count from it.
 */
function makeLine(
  bytes: Uint8Array,
  from: number,
  to: number,
  base: number,
  number: number,
  lineBreak: LineBreak | null,
  sink: FindingSink,
): TextLine | null {
  if (from === to) return null;
  // First pass over the bytes: token bounds, whitespace and control-character findings.
  const bounds: number[] = [];
  let ascii = true;
  let tab = -1;
  let leading = false;
  let trailing = -1;
  let j = from;
  while (j < to) {
    const b = bytes[j]!;
    if (b === SP || b === TAB) {
      const runStart = j;
      while (j < to && (bytes[j] === SP || bytes[j] === TAB)) {
        if (bytes[j] === TAB && tab < 0) tab = j;
        j++;
      }
      if (runStart === from) leading = true;
      else if (j === to) trailing = runStart;
      else if (j - runStart > 1 && sink.wants("multiple-spaces")) {
        sink.push({
          code: "multiple-spaces",
          message: `line ${number} separates tokens with ${j - runStart} whitespace characters`,
          line: number,
          column: runStart - base + 1,
          offset: runStart,
        });
      }
      continue;
    }
    const tokStart = j;
    while (j < to) {
      const c = bytes[j]!;
      if (c === SP || c === TAB) break;
      if (c >= 0x80) ascii = false;
      else if ((c < 0x20 || c === 0x7f) && sink.wants("control-character")) {
        sink.push({
          code: "control-character",
          message: `line ${number} holds control character 0x${c.toString(16).padStart(2, "0")}`,
          line: number,
          column: j - base + 1,
          offset: j,
        });
      }
      j++;
    }
    bounds.push(tokStart, j);
  }
  if (bounds.length === 0) return null; // whitespace only: a blank line
  // ASCII lines (the normal case) are decoded once and sliced: byte and character indices agree.
  const raw = ascii ? asciiString(bytes, from, to) : decodeLenient(bytes.subarray(from, to));
  const tokens: Token[] = [];
  for (let t = 0; t < bounds.length; t += 2) {
    const a = bounds[t]!;
    const b = bounds[t + 1]!;
    tokens.push({
      text: ascii ? raw.slice(a - from, b - from) : decodeLenient(bytes.subarray(a, b)),
      column: a - base + 1,
      offset: a,
    });
  }
  if (!ascii) {
    const bad = firstInvalidUtf8(bytes, from, to);
    if (bad >= 0 && sink.wants("invalid-utf8")) {
      sink.push({
        code: "invalid-utf8",
        message: `line ${number} holds bytes that are not UTF-8 (first at byte ${bad})`,
        line: number,
        column: bad - base + 1,
        offset: bad,
      });
    }
  }
  if (leading && sink.wants("leading-space")) {
    sink.push({
      code: "leading-space",
      message: `line ${number} starts with whitespace`,
      line: number,
      column: from - base + 1,
      offset: from,
    });
  }
  if (tab >= 0 && sink.wants("tab-separator")) {
    sink.push({
      code: "tab-separator",
      message: `line ${number} uses a TAB where the draft separates with a space`,
      line: number,
      column: tab - base + 1,
      offset: tab,
    });
  }
  if (trailing >= 0 && sink.wants("trailing-space")) {
    sink.push({
      code: "trailing-space",
      message: `line ${number} ends with whitespace`,
      line: number,
      column: trailing - base + 1,
      offset: trailing,
    });
  }
  return { number, offset: base, raw, tokens, lineBreak };
}

/** bytes[from, to) as a string when every byte is ASCII: short lines without a TextDecoder call. */
function asciiString(bytes: Uint8Array, from: number, to: number): string {
  if (to - from > 256) return decodeLenient(bytes.subarray(from, to));
  let out = "";
  for (let i = from; i < to; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** Result of reading the first line, "MsgID <n>". */
export interface MsgIdReading {
  msgId: number | null;
  msgIdRaw: string | null;
  /** Index in `lines` of the first line after the MsgID line (0 when there is none). */
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
  const line = lines[0];
  if (!line) {
    sink.add({
      code: "missing-msgid",
      message: "the body holds no line at all, so no MsgID line",
      line: 1,
      column: 1,
    });
    return { msgId: null, msgIdRaw: null, bodyFrom: 0 };
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
    return { msgId: null, msgIdRaw: null, bodyFrom: 0 };
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
      column: first.column + first.text.length,
      offset: first.offset + first.text.length,
    });
    return { msgId: null, msgIdRaw: null, bodyFrom: 1 };
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
  return { msgId, msgIdRaw: value.text, bodyFrom: 1 };
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
