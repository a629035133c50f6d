/**
 * The GitHub Actions job summary (appended to the file GITHUB_STEP_SUMMARY names): the outcome,
 * the verdict counts, and a table of the clauses that block certification or have no evidence,
 * with why. Everything quoted from the IUT is escaped for Markdown and HTML (GitHub renders both)
 * and its control characters made visible.
 */
import escapeHtml from "escape-html";
import type { BaselineComparison } from "./baseline.ts";
import { standingReason } from "./certification.ts";
import { outcomeSentence, outcomeWord } from "./outcome-text.ts";
import type { Report, ReportClause } from "./report-model.ts";
import { visibleControlsOnly } from "./visible-text.ts";

/** A GitHub summary cell holds about a line; the full text is in report.html. */
const CELL_LIMIT = 300;

export function markdownCell(text: string): string {
  const flat = visibleControlsOnly(text)
    .replace(/\r\n|\r|\n/g, " ")
    .trim();
  const cut = flat.length > CELL_LIMIT ? `${flat.slice(0, CELL_LIMIT - 1)}…` : flat;
  // Markdown's own marks first (a backslash escapes them), then markup, then the cell separator.
  return escapeHtml(cut.replace(/([\\`*_[\]])/g, "\\$1")).replaceAll("|", "\\|");
}

function why(c: ReportClause): string {
  if (c.standing === "blocks" && (c.verdict === "fail" || c.verdict === "error")) {
    const t = c.tests.find((x) => x.verdict === c.verdict);
    return t?.message ?? standingReason(c);
  }
  return standingReason(c);
}

export function stepSummaryMarkdown(
  report: Report,
  baseline?: { path: string; cmp: BaselineComparison },
): string {
  const s = report.summary;
  const lines = [
    `### OMA DM 2.0 conformance: ${markdownCell(outcomeWord(report))}`,
    "",
    markdownCell(outcomeSentence(report)),
    "",
    `IUT: ${markdownCell(`${report.iut.role} ${report.iut.target}`)} · ${markdownCell(`${report.harness.name} ${report.harness.version}`)}`,
    "",
    "| pass | fail | error | not-exercised | not-applicable | untestable | total |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${s.pass} | ${s.fail} | ${s.error} | ${s["not-exercised"]} | ${s["not-applicable"]} | ${s.untestable} | ${s.total} |`,
  ];
  const listed = report.clauses.filter((c) => c.standing === "blocks" || c.standing === "unproven");
  if (listed.length > 0) {
    lines.push("", "| clause | level | verdict | standing | why |", "|---|---|---|---|---|");
    for (const c of listed)
      lines.push(`| ${c.id} | ${c.level} | ${c.verdict} | ${c.standing} | ${markdownCell(why(c))} |`);
  }
  if (baseline) {
    const { cmp } = baseline;
    lines.push(
      "",
      cmp.regressions.length === 0
        ? `Baseline ${markdownCell(baseline.path)}: no regression in ${cmp.compared} clauses.`
        : `Baseline ${markdownCell(baseline.path)}: **${cmp.regressions.length} regression${cmp.regressions.length === 1 ? "" : "s"}**: ${cmp.regressions.map((r) => `${r.id} (${r.expected} → ${r.now})`).join(", ")}.`,
    );
    if (cmp.improvements.length > 0)
      lines.push(
        "",
        `Better than the baseline: ${cmp.improvements.map((r) => `${r.id} (${r.expected} → ${r.now})`).join(", ")}.`,
      );
  }
  return `${lines.join("\n")}\n`;
}
