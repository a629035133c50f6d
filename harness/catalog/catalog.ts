/**
 * The clause catalog: the draft's Static Conformance Requirements as the harness reads them (all
 * 45 clauses of the SCR outline), loaded from scr.json. Reports carry the catalog's digest so that
 * `merge` can refuse to combine verdicts judged against different catalogs.
 *
 * The catalog is data, not code, so vendors and other tools can read it without the harness; this
 * module only types it, validates it once, and derives the digest.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Role = "client" | "server";
export type Level = "MUST" | "MUST NOT" | "SHOULD" | "MAY";
export type Testability = "tested" | "conditional" | "untestable";

export const ROLES: readonly Role[] = ["client", "server"];
export const LEVELS: readonly Level[] = ["MUST", "MUST NOT", "SHOULD", "MAY"];
export const TESTABILITIES: readonly Testability[] = ["tested", "conditional", "untestable"];

/** DMC- binds the device, DMS- the server; then the draft's section; then a two-digit sequence. */
export const CLAUSE_ID_PATTERN = /^DM[CS]-[0-9]+(?:\.[0-9]+)*-[0-9]{2}$/;

/**
 * Where one `requirement` quotes non-adjacent passages of the draft, they are joined with this
 * (the usual mark for an elision in a quotation); each part occurs verbatim in the draft.
 */
export const QUOTE_SEPARATOR = " […] ";

export interface Clause {
  id: string;
  /** The side that must comply. */
  role: Role;
  level: Level;
  section: string;
  /** The draft's own normative sentence(s), verbatim; elisions marked with QUOTE_SEPARATOR. */
  requirement: string;
  /** The SCR outline's paraphrase. */
  summary: string;
  testability: Testability;
  /** The IXIT declaration (or option) a conditional or untestable clause depends on. */
  condition?: string;
  /** Where the draft is ambiguous: the reading used and the option that changes it. */
  interpretation?: string;
}

export interface Catalog {
  readonly clauses: readonly Clause[];
  byId(id: string): Clause | undefined;
  /** `sha256:<hex>` of the canonical catalog (clause order kept, keys sorted, no whitespace). */
  readonly digest: string;
}

export const CATALOG_FILE = fileURLToPath(new URL("./scr.json", import.meta.url));

export class CatalogError extends Error {
  override name = "CatalogError";
}

const KEYS: ReadonlySet<string> = new Set([
  "id",
  "role",
  "level",
  "section",
  "requirement",
  "summary",
  "testability",
  "condition",
  "interpretation",
]);

function nonEmptyString(v: unknown): v is string {
  return typeof v === "string" && v.trim().length > 0;
}

/** Checks one raw entry and returns it typed; any defect names the clause and the field. */
function parseClause(raw: unknown, index: number): Clause {
  const where = `scr.json clause #${index + 1}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new CatalogError(`${where}: not an object`);
  const r = raw as Record<string, unknown>;
  const id = nonEmptyString(r.id) ? r.id : undefined;
  const at = id ? `${where} (${id})` : where;
  for (const key of Object.keys(r))
    if (!KEYS.has(key)) throw new CatalogError(`${at}: unknown field "${key}"`);
  if (!id || !CLAUSE_ID_PATTERN.test(id)) throw new CatalogError(`${at}: id is not a clause ID`);
  if (!ROLES.includes(r.role as Role)) throw new CatalogError(`${at}: role must be client or server`);
  const expectedRole: Role = id.startsWith("DMC-") ? "client" : "server";
  if (r.role !== expectedRole)
    throw new CatalogError(`${at}: a ${id.slice(0, 3)} clause binds the ${expectedRole}`);
  if (!LEVELS.includes(r.level as Level))
    throw new CatalogError(`${at}: level must be one of ${LEVELS.join(", ")}`);
  if (!TESTABILITIES.includes(r.testability as Testability)) {
    throw new CatalogError(`${at}: testability must be one of ${TESTABILITIES.join(", ")}`);
  }
  for (const field of ["section", "requirement", "summary"] as const) {
    if (!nonEmptyString(r[field])) throw new CatalogError(`${at}: ${field} missing`);
  }
  if (!id.slice(4).startsWith(`${r.section}-`))
    throw new CatalogError(`${at}: section ${r.section} is not the ID's`);
  for (const field of ["condition", "interpretation"] as const) {
    if (r[field] !== undefined && !nonEmptyString(r[field]))
      throw new CatalogError(`${at}: ${field} is empty`);
  }
  if (r.testability !== "tested" && r.condition === undefined) {
    throw new CatalogError(`${at}: a ${r.testability} clause must name its condition`);
  }
  return Object.freeze({ ...(r as unknown as Clause) });
}

/** Canonical JSON: object keys sorted, arrays in order, no whitespace. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The digest of a list of clauses; only the clauses count, not the file's title or layout. */
export function catalogDigest(clauses: readonly Clause[]): string {
  return `sha256:${createHash("sha256").update(canonical(clauses)).digest("hex")}`;
}

/** Builds a catalog from parsed scr.json content; throws CatalogError on any defect. */
export function parseCatalog(json: unknown): Catalog {
  const list = (json as { clauses?: unknown } | null)?.clauses;
  if (!Array.isArray(list)) throw new CatalogError("scr.json: no clauses array");
  const clauses = Object.freeze(list.map(parseClause));
  const index = new Map<string, Clause>();
  for (const c of clauses) {
    if (index.has(c.id)) throw new CatalogError(`scr.json: clause ${c.id} is listed twice`);
    index.set(c.id, c);
  }
  const digest = catalogDigest(clauses);
  return Object.freeze({ clauses, digest, byId: (id: string) => index.get(id) });
}

/**
 * Loads harness/catalog/scr.json. Immutable and cheap (45 entries), so each call reads the file
 * afresh rather than caching in module state.
 */
export function loadCatalog(file = CATALOG_FILE): Catalog {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CatalogError(`clause catalog ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`clause catalog ${file}: ${(e as Error).message}`);
  }
  return parseCatalog(json);
}

/** The passages a requirement quotes (one, or several joined by QUOTE_SEPARATOR). */
export function quotedPassages(requirement: string): string[] {
  return requirement.split(QUOTE_SEPARATOR);
}
