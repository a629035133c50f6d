/**
 * The suites' tests as declared (title, clauses, file), for commands that only list them
 * (list-clauses). Compiled, they come from the index the build wrote beside the compiled suites
 * (dist/suites/tests.json), so listing the catalog never loads mocha nor what the suites import
 * (fastify, undici…); under tsx, from the suites themselves, so an edited suite shows at once.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Role } from "../catalog/catalog.ts";
import type { SuiteTestInfo } from "./suite-runner.ts";

const COMPILED = import.meta.url.endsWith(".js");
export const SUITE_INDEX_FILE = fileURLToPath(new URL("../../suites/tests.json", import.meta.url));

type SuiteIndex = Record<Role, SuiteTestInfo[]>;

/** Every test of one role's suites, as listSuiteTests gives it with no selection. */
export async function declaredSuiteTests(role: Role): Promise<SuiteTestInfo[]> {
  if (COMPILED) {
    const index = JSON.parse(await readFile(SUITE_INDEX_FILE, "utf8")) as SuiteIndex;
    return index[role];
  }
  const { listSuiteTests } = await import("./suite-runner.ts");
  return listSuiteTests(role);
}

/** Run by the build (scripts/build.mjs) on the compiled suites: writes the index read above. */
export async function writeSuiteIndex(): Promise<string> {
  const { listSuiteTests } = await import("./suite-runner.ts");
  const index: SuiteIndex = {
    client: await listSuiteTests("client"),
    server: await listSuiteTests("server"),
  };
  await writeFile(SUITE_INDEX_FILE, `${JSON.stringify(index, null, 1)}\n`);
  return SUITE_INDEX_FILE;
}
