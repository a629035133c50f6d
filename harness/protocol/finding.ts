/**
 * A strict deviation seen in a message. Parsers never throw on what an IUT sent: they return their
 * best reading plus findings, and the checks decide which findings fail which clause.
 *
 * Positions: `line` and `column` are 1-based, `offset` is 0-based; all three count BYTES of the
 * message as received (not UTF-16 units), so they point at the wire even when it is not UTF-8.
 */
export interface Finding {
  /** Stable kebab-case identifier, e.g. "lf-line-break", "trailing-space", "duplicate-key". */
  code: string;
  message: string;
  line?: number;
  column?: number;
  offset?: number;
}

/** One entry of a codec's finding catalogue: every code it can emit, with what the code means. */
export interface FindingCodeInfo {
  code: string;
  about: string;
}

/** Most findings any one code may contribute: a 1 MiB body of LF lines must not yield 10^5 objects. */
export const MAX_FINDINGS_PER_CODE = 100;

/**
 * Collects findings, keeping at most MAX_FINDINGS_PER_CODE of each code; past the cap it counts
 * and `finish()` appends one "findings-truncated" finding per capped code, so nothing is hidden.
 */
export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly counts = new Map<string, number>();

  /** Adds a finding (counted against its code's cap). */
  add(finding: Finding): void {
    if (this.wants(finding.code)) this.findings.push(finding);
  }

  /**
   * Counts one finding of `code` and says whether to build it. Hot paths (one finding per line of
   * a 1 MiB body) call this first and only then build the message: `if (sink.wants(c)) sink.push(...)`.
   */
  wants(code: string): boolean {
    return this.tally(code, 1) === 1;
  }

  /** Counts `n` findings of `code` at once; returns how many of them (the first ones) to build. */
  tally(code: string, n: number): number {
    const before = this.counts.get(code) ?? 0;
    this.counts.set(code, before + n);
    return Math.max(0, Math.min(n, MAX_FINDINGS_PER_CODE - before));
  }

  /** Adds a finding already counted by wants(). */
  push(finding: Finding): void {
    this.findings.push(finding);
  }

  /** The findings in message order (by offset; those without one last), then truncation notes. */
  finish(): Finding[] {
    const at = (f: Finding) => f.offset ?? Number.POSITIVE_INFINITY;
    this.findings.sort((a, b) => at(a) - at(b));
    for (const [code, n] of this.counts) {
      if (n > MAX_FINDINGS_PER_CODE) {
        this.findings.push({
          code: "findings-truncated",
          message: `${n - MAX_FINDINGS_PER_CODE} more "${code}" findings not listed (${n} in all)`,
        });
      }
    }
    return this.findings;
  }
}

/** 1-based line and byte column of a byte offset; CRLF, LF and a lone CR each end a line. Linear. */
export function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
