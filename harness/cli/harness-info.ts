/** The harness's own name and version, as report.json records them (from package.json). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Compiled (npm run build), this module runs from dist/harness/cli/: one folder deeper.
const ROOT_URL = new URL(import.meta.url.endsWith(".js") ? "../../../" : "../../", import.meta.url);
export const PACKAGE_ROOT = fileURLToPath(ROOT_URL);

export function harnessInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT_URL), "utf8")) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}
