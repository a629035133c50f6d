/**
 * What a test engineer reads while the harness runs: one header line with the IUT and options, one
 * line per clause as it settles, a summary by role and level, the certification verdict and the
 * report paths. Colour only when the sink allows it (a TTY without NO_COLOR); in CI logs the same
 * lines come plain, and the verdict word always stands on its own so colour never carries meaning.
 */
import type { Clause } from "../catalog/catalog.ts";
import type { Verdict } from "../model/verdict.ts";
import type { Level, Report, Role, VerdictCounts } from "../report/report-model.ts";

type Style = "red" | "green" | "yellow" | "gray" | "bold" | "cyan";
// SGR codes (set, reset) for the few styles the output uses.
const SGR: Record<Style, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bold: [1, 22],
};

export function paint(color: boolean, style: Style, text: string): string {
  if (!color) return text;
  const [on, off] = SGR[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

const VERDICT_STYLE: Record<Verdict, Style> = {
  pass: "green",
  fail: "red",
  error: "red",
  "not-exercised": "yellow",
  "not-applicable": "gray",
  untestable: "gray",
};

/** Verdict words padded to one width, so the clause IDs line up. */
export function verdictLabel(verdict: Verdict, color: boolean): string {
  return paint(color, VERDICT_STYLE[verdict], verdict.toUpperCase().padEnd(14));
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** `dm20-conformance 0.1.0 | IUT client (trigger: ./wake.sh) | timeout 10000 ms | ...` */
export function headerLine(parts: { harness: string; iut: string; options: [string, string][] }): string {
  return [parts.harness, `IUT ${parts.iut}`, ...parts.options.map(([k, v]) => `${k} ${v}`)].join(" | ");
}

export interface SettledClause {
  clause: Clause;
  verdict: Verdict;
  tests: number;
  durationMs: number;
  /** The first message that explains a non-pass verdict, if any. */
  why?: string;
}

export function clauseLine(s: SettledClause, color: boolean, width = 120): string {
  const head = `  ${verdictLabel(s.verdict, color)} ${s.clause.id.padEnd(13)} ${s.clause.level.padEnd(8)} `;
  const tail = ` (${s.tests} test${s.tests === 1 ? "" : "s"}, ${Math.round(s.durationMs)} ms)`;
  const room = Math.max(20, width - 40 - tail.length);
  const line = `${head}${cut(s.clause.summary, room)}${paint(color, "gray", tail)}`;
  if (!s.why || s.verdict === "pass") return line;
  const firstLine = s.why.split("\n")[0] ?? "";
  return `${line}\n${" ".repeat(17)}${paint(color, VERDICT_STYLE[s.verdict], `↳ ${cut(firstLine, width - 19)}`)}`;
}

const COLUMNS: [Verdict, string][] = [
  ["pass", "pass"],
  ["fail", "fail"],
  ["error", "error"],
  ["not-exercised", "not-exer."],
  ["not-applicable", "n/a"],
  ["untestable", "untestable"],
];

/** The summary table: clause verdict counts per role and level, with a total row. */
export function summaryTable(report: Report, color: boolean): string {
  const head = ["role", "level", ...COLUMNS.map(([, h]) => h), "total"];
  const rows: string[][] = [];
  const roles: Role[] = ["client", "server"];
  const levels: Level[] = ["MUST", "MUST NOT", "SHOULD", "MAY"];
  const cells = (c: VerdictCounts) => [...COLUMNS.map(([v]) => String(c[v])), String(c.total)];
  for (const role of roles) {
    for (const level of levels) {
      const counts = report.summary.byRoleLevel[role]?.[level];
      if (counts) rows.push([role, level, ...cells(counts)]);
    }
  }
  rows.push(["all", "", ...cells(report.summary)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    `  ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`;
  const styled = (r: string[]) => {
    const line = fmt(r);
    if (!color) return line;
    const bad = Number(r[3]) + Number(r[4]) > 0;
    return bad ? paint(color, "red", line) : line;
  };
  return [paint(color, "bold", fmt(head)), ...rows.map(styled)].join("\n");
}

/** The last words of a run: certified or not, and why not. */
export function verdictLine(report: Report, color: boolean): string {
  if (report.certified) {
    const strict = report.strict ? " (strict: SHOULD clauses count too)" : "";
    return paint(color, "green", `CERTIFIED: no applicable MUST / MUST NOT clause failed or erred${strict}`);
  }
  return paint(
    color,
    "red",
    `NOT CERTIFIED: ${report.blocking.join(", ")} ${report.blocking.length === 1 ? "blocks" : "block"} certification`,
  );
}
