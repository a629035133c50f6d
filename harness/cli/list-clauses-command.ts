/**
 * `list-clauses`: the catalog as a table (terminal), JSON (tools) or Markdown (docs), each clause
 * with the suite tests that check it, derived from the suites' [ID] tags.
 */
import { type Catalog, type Clause, loadCatalog, type Role } from "../catalog/catalog.ts";
import { coverageOf } from "../catalog/coverage.ts";
import { declaredSuiteTests } from "../runner/suite-index.ts";
import type { CliIo } from "./io.ts";

export const CLAUSE_FORMATS = ["table", "json", "markdown"] as const;
export type ClauseFormat = (typeof CLAUSE_FORMATS)[number];

export interface ListClausesOptions {
  role?: Role;
  format: ClauseFormat;
}

export interface ListedClause extends Clause {
  /** Full titles of the suite tests that name the clause. */
  tests: string[];
}

export async function listedClauses(catalog: Catalog, role?: Role): Promise<ListedClause[]> {
  const roles: Role[] = role ? [role] : ["client", "server"];
  const tests = await Promise.all(roles.map(async (r) => ({ role: r, tests: await declaredSuiteTests(r) })));
  const coverage = coverageOf(catalog, tests);
  return catalog.clauses
    .filter((c) => !role || c.role === role)
    .map((c) => ({ ...c, tests: coverage.testsByClause.get(c.id) ?? [] }));
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatTable(clauses: readonly ListedClause[], width = 120): string {
  const head = ["ID", "ROLE", "LEVEL", "SECTION", "TESTABILITY", "TESTS", "REQUIREMENT (summary)"];
  const rows = clauses.map((c) => [
    c.id,
    c.role,
    c.level,
    c.section,
    c.testability,
    String(c.tests.length),
    c.summary,
  ]);
  const widths = head.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const room = Math.max(30, width - fixed);
  const line = (r: string[]) =>
    [...r.slice(0, -1).map((cell, i) => cell.padEnd(widths[i]!)), cut(r.at(-1)!, room)].join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

function mdCell(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replace(/\s*\n\s*/g, " ");
}

export function formatMarkdown(clauses: readonly ListedClause[], digest: string): string {
  const lines = [
    `Clause catalog \`${digest}\` (${clauses.length} clauses)`,
    "",
    "| ID | Role | Level | Section | Requirement (the draft's words) | Testability | Tests |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const c of clauses) {
    const testability = c.condition ? `${c.testability}: ${c.condition}` : c.testability;
    lines.push(
      `| ${c.id} | ${c.role} | ${c.level} | ${c.section} | ${mdCell(c.requirement)} | ${mdCell(testability)} | ${c.tests.length} |`,
    );
  }
  return lines.join("\n");
}

export function formatJson(clauses: readonly ListedClause[], digest: string): string {
  return JSON.stringify({ digest, clauses }, null, 2);
}

export async function listClausesCommand(opts: ListClausesOptions, io: CliIo): Promise<number> {
  const catalog = loadCatalog();
  const clauses = await listedClauses(catalog, opts.role);
  const text =
    opts.format === "json"
      ? formatJson(clauses, catalog.digest)
      : opts.format === "markdown"
        ? formatMarkdown(clauses, catalog.digest)
        : formatTable(clauses, Math.max(80, Number(io.env.COLUMNS) || 120));
  io.out.write(`${text}\n`);
  return 0;
}
