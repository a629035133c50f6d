/**
 * Contract helpers shared by the decoder table: each returns the violations it sees as strings
 * (empty: held), so one input can break several rules and the report names each.
 */
import {
  type Finding,
  type FindingCodeInfo,
  MAX_FINDINGS_PER_CODE,
  positionOf,
} from "../../../harness/protocol/finding.ts";

export type Violations = string[];

const isPosInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1;

export interface FindingRules {
  catalogue: readonly FindingCodeInfo[];
  /** Size of the input (bytes or UTF-16 units): offsets may not pass it, columns not pass it + 1. */
  size: number;
  /** "line": line and column required; "offset": offset, line and column; "none": as given. */
  positions: "offset" | "line" | "none";
  /** When given, line/column must be where positionOf puts the offset in these bytes. */
  placeIn?: Uint8Array;
}

/** The shape every finding list owes: catalogued codes, messages, positions in range, the per-code cap. */
export function checkFindings(findings: unknown, rules: FindingRules): Violations {
  if (!Array.isArray(findings)) return ["findings is not an array"];
  const out: Violations = [];
  const known = new Set(rules.catalogue.map((c) => c.code));
  const perCode = new Map<string, number>();
  for (const f of findings as Finding[]) {
    if (typeof f !== "object" || f === null) {
      out.push("a finding is not an object");
      continue;
    }
    if (typeof f.code !== "string" || !known.has(f.code))
      out.push(`finding code "${f.code}" is not catalogued`);
    if (typeof f.message !== "string" || f.message.length === 0) out.push(`finding ${f.code} has no message`);
    perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
    if (f.code === "findings-truncated") continue;
    if (f.line !== undefined && !isPosInt(f.line)) out.push(`finding ${f.code}: line ${f.line}`);
    if (f.column !== undefined && !isPosInt(f.column)) out.push(`finding ${f.code}: column ${f.column}`);
    if (f.column !== undefined && f.line === undefined && f.column > rules.size + 1)
      out.push(`finding ${f.code}: column ${f.column} past the end (${rules.size})`);
    if (f.offset !== undefined && (!Number.isSafeInteger(f.offset) || f.offset < 0 || f.offset > rules.size))
      out.push(`finding ${f.code}: offset ${f.offset} outside 0..${rules.size}`);
    if (rules.positions !== "none" && (f.line === undefined || f.column === undefined))
      out.push(`finding ${f.code} has no line/column`);
    if (rules.positions === "offset" && f.offset === undefined) out.push(`finding ${f.code} has no offset`);
    if (rules.placeIn && f.offset !== undefined && f.line !== undefined && f.column !== undefined) {
      const p = positionOf(rules.placeIn, f.offset);
      if (p.line !== f.line || p.column !== f.column)
        out.push(
          `finding ${f.code}: offset ${f.offset} is ${p.line}:${p.column}, the finding says ${f.line}:${f.column}`,
        );
    }
  }
  for (const [code, n] of perCode) {
    if (code !== "findings-truncated" && n > MAX_FINDINGS_PER_CODE)
      out.push(`${n} findings of ${code}, over the cap`);
  }
  return out;
}

export function expectThat(out: Violations, cond: boolean, what: string): void {
  if (!cond) out.push(what);
}

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
