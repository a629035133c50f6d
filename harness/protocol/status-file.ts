/**
 * The device's status body, application/dm20status (5.6): "MsgID <n>" then one status per line,
 * `<StatusCode> [Param1] … [Param n]`, StatusCode "a string format of the integer value" (read as:
 * ASCII decimal digits, no sign). Lenient like command-file.ts: best reading plus findings.
 * Appendix C.3 writes "200 " with a trailing space: that is a "trailing-space" finding and the
 * status still reads as code 200 with no parameter.
 */
import { type Finding, type FindingCodeInfo, FindingSink } from "./finding.ts";
import {
  isDecimalDigits,
  LINE_FILE_FINDINGS,
  type LineBreaks,
  readLines,
  readMsgId,
  type SerializeLinesOptions,
  serializeLines,
} from "./line-file.ts";
import { encodeUtf8 } from "./utf8.ts";

/** Every code parseStatusFile can emit: the line layer's, then the 5.6 status syntax. */
export const STATUS_FILE_FINDINGS: readonly FindingCodeInfo[] = [
  ...LINE_FILE_FINDINGS,
  { code: "non-decimal-status-code", about: "a StatusCode that is not ASCII decimal digits (code is null)" },
  { code: "status-code-leading-zero", about: "a StatusCode with a leading zero (read as its value)" },
];

export interface StatusLine {
  /** The decimal value; null when the code is not decimal digits. */
  code: number | null;
  codeRaw: string;
  params: string[];
  line: number;
  raw: string;
}

export interface StatusFile {
  msgId: number | null;
  msgIdRaw: string | null;
  statuses: StatusLine[];
  findings: Finding[];
  lineBreaks: LineBreaks;
  /** True when the last line ends with a line break (accepted, not a finding). */
  finalLineBreak: boolean;
}

export function parseStatusFile(bytes: Uint8Array): StatusFile {
  const sink = new FindingSink();
  const file = readLines(bytes, sink);
  const head = readMsgId(file.lines, sink);
  const statuses: StatusLine[] = [];
  for (let k = head.bodyFrom; k < file.lines.length; k++) {
    const line = file.lines[k]!;
    const [first, ...rest] = line.tokens;
    const codeRaw = first!.text;
    let code: number | null = null;
    if (isDecimalDigits(codeRaw) && Number.isSafeInteger(Number(codeRaw))) {
      code = Number(codeRaw);
      if (codeRaw.length > 1 && codeRaw.startsWith("0")) {
        if (sink.wants("status-code-leading-zero")) {
          sink.push({
            code: "status-code-leading-zero",
            message: `status code "${codeRaw}" has a leading zero`,
            line: line.number,
            column: first!.column,
            offset: first!.offset,
          });
        }
      }
    } else {
      if (sink.wants("non-decimal-status-code")) {
        sink.push({
          code: "non-decimal-status-code",
          message: `status code "${codeRaw}" is not the decimal string of an integer`,
          line: line.number,
          column: first!.column,
          offset: first!.offset,
        });
      }
    }
    statuses.push({ code, codeRaw, params: rest.map((t) => t.text), line: line.number, raw: line.raw });
  }
  return {
    msgId: head.msgId,
    msgIdRaw: head.msgIdRaw,
    statuses,
    findings: sink.finish(),
    lineBreaks: file.lineBreaks,
    finalLineBreak: file.finalLineBreak,
  };
}

/**
 * Writes a status file: "MsgID n", then `code p1 …` per status; CRLF between lines, no final line
 * break unless `finalLineBreak: true` (same choice as serializeCommandFile).
 */
export function serializeStatusFile(
  msgId: number,
  statuses: Array<{ code: number; params?: string[] }>,
  opts?: SerializeLinesOptions,
): Uint8Array {
  const lines = [`MsgID ${msgId}`, ...statuses.map((s) => [String(s.code), ...(s.params ?? [])].join(" "))];
  return encodeUtf8(serializeLines(lines, opts));
}
