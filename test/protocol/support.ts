/** Test helpers for the codec tests: bytes from text, finding codes at a glance. */
import type { Finding } from "../../harness/protocol/finding.ts";

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

export const codes = (findings: Finding[]): string[] => findings.map((f) => f.code);

export const at = (findings: Finding[], code: string): Array<[number | undefined, number | undefined]> =>
  findings.filter((f) => f.code === code).map((f) => [f.line, f.column]);
