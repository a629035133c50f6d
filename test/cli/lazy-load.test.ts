/**
 * The compiled command loads only what a command needs: `--help`, `list-clauses` and `pki` start
 * without mocha, fastify, undici or allure (issue 11: start-up is what a user feels first). Runs
 * the published bin (dist/, built by `npm test` / `npm run build`) with a module hook that records
 * every file the process imports; a package counts as loaded when a file of it under node_modules
 * was imported, or when a compiled chunk that was imported carries its bundled code (esbuild marks
 * each bundled file with a `// node_modules/<package>/…` comment).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HOOK = fileURLToPath(new URL("./record-imports.mjs", import.meta.url));
const HEAVY = ["mocha", "fastify", "undici", "allure", "allure-js-commons", "allure-mocha"];

/** The packages (of HEAVY) the bin imported while running `args`, and its exit code. */
async function heavyLoaded(args: string[], cwd: string): Promise<{ code: number | null; heavy: string[] }> {
  const log = join(cwd, "imports.log");
  const child = spawn(process.execPath, ["--import", HOOK, join(ROOT, "bin/dm20-conformance.js"), ...args], {
    cwd,
    env: { ...process.env, DM20_IMPORT_LOG: log, NO_COLOR: "1" },
    stdio: "ignore",
  });
  const [code] = (await once(child, "close")) as [number | null];
  const urls = existsSync(log) ? (await readFile(log, "utf8")).split("\n").filter(Boolean) : [];
  const found = new Set<string>();
  for (const url of new Set(urls)) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) {
      if (HEAVY.includes(m[1]!)) found.add(m[1]!);
      continue;
    }
    if (!url.includes("/dist/")) continue;
    const code = await readFile(fileURLToPath(url), "utf8");
    for (const p of HEAVY) if (code.includes(`// node_modules/${p}/`)) found.add(p);
  }
  return { code, heavy: [...found].sort() };
}

describe("compiled CLI: lazy loading", function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    if (!existsSync(join(ROOT, "dist/harness/cli.js")))
      throw new Error("dist/ is missing: run `npm run build`");
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-lazy-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const args of [
    ["--help"],
    ["list-clauses"],
    ["list-clauses", "--format", "json"],
    ["pki", "--out", "ca"],
  ]) {
    it(`${args.join(" ")} loads none of ${HEAVY.join(", ")}`, async () => {
      const r = await heavyLoaded(args, dir);
      expect(r.code).to.equal(0);
      expect(r.heavy).to.deep.equal([]);
    });
  }

  it("the recorder sees them when a command does load them (selftest of one clause)", async () => {
    const r = await heavyLoaded(
      ["selftest", "--clause", "DMS-5.5-02", "--reporter", "json", "--out", "out"],
      dir,
    );
    expect(r.code).to.equal(0);
    expect(r.heavy).to.include.members(["mocha", "fastify", "undici"]);
  });
});
