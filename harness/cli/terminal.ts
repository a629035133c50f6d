/**
 * What a test engineer reads while the harness runs: one header line with the IUT and options, one
 * line per clause as it settles, a summary by role and level, the list of failures with their full
 * messages, the outcome and the report paths. Colour only when the sink allows it (see io.ts); in
 * CI logs the same lines come plain, and the verdict word always stands on its own so colour never
 * carries meaning. Every string that came from the IUT goes through terminalText: a terminal never
 * acts on bytes the IUT chose.
 */
import type { Clause } from "../catalog/catalog.ts";
import type { Verdict } from "../model/verdict.ts";
import type { BaselineChange, BaselineComparison } from "../report/baseline.ts";
import { standingReason } from "../report/certification.ts";
import { outcomeSentence } from "../report/outcome-text.ts";
import type { Level, Outcome, Report, ReportClause, Role, VerdictCounts } from "../report/report-model.ts";
import { terminalText } from "../report/visible-text.ts";

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
  const firstLine = terminalText(s.why).split("\n")[0] ?? "";
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

const OUTCOME_STYLE: Record<Outcome, Style> = {
  certified: "green",
  "not-certified": "red",
  incomplete: "yellow",
  partial: "cyan",
};

/** The last words of a run: its outcome, and why when it is not certified. */
export function verdictLine(report: Report, color: boolean): string {
  return paint(color, OUTCOME_STYLE[report.outcome], outcomeSentence(report));
}

function indented(text: string, pad: string): string {
  return terminalText(text)
    .split("\n")
    .map((l) => `${pad}${l}`)
    .join("\n");
}

function entry(n: number, c: ReportClause, color: boolean, body: string[]): string {
  const head = `  ${n}) ${paint(color, "bold", c.id)} ${c.level} ${paint(color, VERDICT_STYLE[c.verdict], c.verdict.toUpperCase())}: ${c.summary ?? c.requirement}`;
  return [head, ...body].join("\n");
}

/**
 * Mocha-style, after the summary: every clause that blocks certification with the full message of
 * each test that gave it its verdict and the label of that test's first evidence; then every
 * clause without evidence, with what the harness waited for. Empty when there is nothing to list.
 */
export function failureList(report: Report, color: boolean): string {
  const out: string[] = [];
  const blocking = report.clauses.filter((c) => c.standing === "blocks");
  if (blocking.length > 0) {
    out.push(paint(color, "red", `Failures (${blocking.length}):`));
    blocking.forEach((c, i) => {
      // A violation the IXIT declares has no failing test: its reason is the declaration.
      const failed = c.verdict === "fail" || c.verdict === "error";
      const tests = failed ? c.tests.filter((t) => t.verdict === c.verdict) : [];
      const body =
        tests.length > 0
          ? tests.flatMap((t) => [
              ...(c.tests.length > 1 ? [`     test: ${terminalText(t.title)}`] : []),
              indented(t.message ?? t.verdict, "     "),
              ...(t.evidence[0]
                ? [paint(color, "gray", `     evidence: ${terminalText(t.evidence[0].label)}`)]
                : []),
            ])
          : [indented(standingReason(c), "     ")];
      out.push(entry(i + 1, c, color, body), "");
    });
  }
  const unproven = report.clauses.filter((c) => c.standing === "unproven");
  if (unproven.length > 0) {
    out.push(
      paint(
        color,
        "yellow",
        `No evidence (${unproven.length}): binding clauses the run could not show to hold`,
      ),
    );
    unproven.forEach((c, i) => {
      out.push(entry(i + 1, c, color, [indented(standingReason(c), "     ")]), "");
    });
  }
  return out.join("\n");
}

/** The baseline's verdict on the run: each regression, and each clause now better than expected. */
export function baselineLines(path: string, cmp: BaselineComparison, color: boolean): string {
  const change = (c: BaselineChange) =>
    `${c.id}: ${c.listed ? `baseline ${c.expected}` : "not in the baseline (expected pass)"}, now ${c.now}`;
  const lines =
    cmp.regressions.length === 0
      ? [paint(color, "green", `BASELINE ${path}: no regression in ${cmp.compared} clauses compared`)]
      : [
          paint(
            color,
            "red",
            `REGRESSION against baseline ${path}: ${cmp.regressions.length} clause${cmp.regressions.length === 1 ? "" : "s"} worse than expected`,
          ),
          ...cmp.regressions.map((c) => `  ${change(c)}`),
        ];
  for (const c of cmp.improvements)
    lines.push(`note: ${change(c)}: better than its baseline (the baseline can be tightened)`);
  return lines.join("\n");
}
