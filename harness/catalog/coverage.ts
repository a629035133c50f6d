/**
 * Which suite tests check which clause, derived from the tests' [ID] tags (never kept by hand),
 * and what is wrong with that mapping: tags naming no clause of the catalog, tests filed under the
 * other role's suites, clauses no test checks.
 */
import type { Catalog, Role } from "./catalog.ts";

/** What coverage needs to know about one declared test (harness/runner's SuiteTestInfo fits). */
export interface DeclaredTest {
  title: string;
  fullTitle: string;
  clauses: string[];
  file?: string;
  pending: boolean;
}

export interface Coverage {
  /** Per clause ID (catalog order), the full titles of the non-skipped tests that name it. */
  testsByClause: Map<string, string[]>;
  /** Tags that look like clause IDs but name no clause of the catalog: `[ID] in "title" (file)`. */
  unknownTags: string[];
  /** Tests naming a clause of the other role: `title: ID (role)`. */
  misplaced: string[];
  /** Clause IDs no non-skipped test names. */
  uncovered: string[];
}

/** Anything that looks like a clause tag, well-formed or not, so a typo cannot hide a test. */
const TAG_LIKE = /\[(DM[A-Z]*-[^\]]*)\]/g;

export function coverageOf(
  catalog: Catalog,
  tests: { role: Role; tests: readonly DeclaredTest[] }[],
): Coverage {
  const testsByClause = new Map<string, string[]>(catalog.clauses.map((c) => [c.id, []]));
  const unknownTags: string[] = [];
  const misplaced: string[] = [];
  for (const { role, tests: list } of tests) {
    for (const t of list) {
      for (const m of t.title.matchAll(TAG_LIKE)) {
        const id = m[1]!;
        const clause = catalog.byId(id);
        if (!clause) {
          unknownTags.push(`[${id}] in "${t.fullTitle}" (${t.file ?? "unknown file"})`);
          continue;
        }
        if (clause.role !== role) misplaced.push(`${t.fullTitle}: ${id} binds the ${clause.role}`);
        if (!t.pending && !testsByClause.get(id)!.includes(t.fullTitle))
          testsByClause.get(id)!.push(t.fullTitle);
      }
    }
  }
  const uncovered = [...testsByClause].filter(([, titles]) => titles.length === 0).map(([id]) => id);
  return { testsByClause, unknownTags, misplaced, uncovered };
}
