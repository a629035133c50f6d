/**
 * The package as a vendor gets it (issue 11): `npm pack`, install the tarball into an empty
 * project, and use only the installed command there — selftest, both roles of `run` against the
 * bundled references started as commands, and the offline Allure report. Also what the tarball
 * must not carry (tests, CI scripts, keys, reports, TypeScript sources) and that the install
 * prints no engine warning on this Node.
 *
 * The dependencies come from npm's cache (--prefer-offline): `npm ci` of this repository has just
 * put every one of them there, so the registry is asked only for metadata it lacks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Ran {
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env } });
  return collect(child);
}

async function collect(child: ChildProcess): Promise<Ran> {
  let out = "";
  child.stdout?.on("data", (b) => (out += b));
  child.stderr?.on("data", (b) => (out += b));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, out };
}

describe("the npm package, installed into an empty project", function () {
  this.timeout(180_000);
  let dir: string;
  let project: string;
  let files: string[];
  let install: Ran;
  const bin = () => join(project, "node_modules/.bin/dm20-conformance");

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-package-"));
    // npm pack runs `prepare` (the build) first, as it would before a publish.
    const pack = await run("npm", ["pack", "--json", "--pack-destination", dir], ROOT);
    expect(pack.code, pack.out).to.equal(0);
    const manifest = JSON.parse(pack.out.slice(pack.out.indexOf("[\n"))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    files = manifest[0]!.files.map((f) => f.path);
    project = join(dir, "project");
    await run("mkdir", [project], dir);
    await writeFile(join(project, "package.json"), '{ "name": "vendor-project", "private": true }\n');
    install = await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", join(dir, manifest[0]!.filename)],
      project,
    );
    expect(install.code, install.out).to.equal(0);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("carries the compiled command and no tests, CI scripts, keys, reports or TypeScript", () => {
    expect(files).to.include.members([
      "bin/dm20-conformance.js",
      "dist/harness/cli.js",
      "dist/harness/reference/device/main.js",
      "dist/suites/tests.json",
      "dist/harness/catalog/scr.json",
      "package.json",
      "README.md",
    ]);
    expect(files.filter((f) => /^dist\/suites\/(client|server)\/.+\.spec\.js$/.test(f))).to.have.length.above(
      5,
    );
    // The report's JSON Schema ships where the README says, beside the compiled copy.
    expect(files).to.include("harness/report/report.schema.json");
    const unwanted = files.filter(
      (f) =>
        (/^(test|\.ci|reports|scripts|vectors|suites|harness)\//.test(f) &&
          f !== "harness/report/report.schema.json") ||
        /\.(ts|pem|key|p12|pfx)$/.test(f) ||
        /node_modules/.test(f),
    );
    expect(unwanted).to.deep.equal([]);
  });

  it("installs without an engine warning on this Node", () => {
    expect(install.out).to.not.include("EBADENGINE");
  });

  it("npx dm20-conformance selftest certifies both references and writes the reports", async () => {
    const r = await run(
      "npx",
      ["--no-install", "dm20-conformance", "selftest", "--out", "selftest"],
      project,
    );
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include("CERTIFIED");
    expect(existsSync(join(project, "selftest/report.html"))).to.equal(true);
    expect(existsSync(join(project, "selftest/allure-results"))).to.equal(true);
  });

  it("dm20-conformance allure builds the offline Allure report of that run", async () => {
    const r = await run(bin(), ["allure", "selftest"], project);
    expect(r.code, r.out).to.equal(0);
    expect(existsSync(join(project, "selftest/allure-report/index.html"))).to.equal(true);
  });

  it("run --iut server against `dm20-conformance reference-server` certifies it", async () => {
    const server = spawn(bin(), ["reference-server", "--port", "0", "--ca-out", "ref-ca.pem", "--quiet"], {
      cwd: project,
    });
    try {
      let printed = "";
      server.stdout.on("data", (b) => (printed += b));
      await new Promise<void>((ready, failed) => {
        server.stdout.on("data", () => {
          if (printed.includes("notify:")) ready();
        });
        server.once("exit", (code) => failed(new Error(`reference-server exited ${code}: ${printed}`)));
      });
      const url = /DM URL: (\S+)/.exec(printed)![1]!;
      const notify = /--notify-cmd '(.+)'/.exec(printed)![1]!;
      const r = await run(
        bin(),
        [
          "run",
          "--iut",
          "server",
          "--url",
          url,
          "--ca",
          "ref-ca.pem",
          "--notify-cmd",
          notify,
          "--out",
          "server",
        ],
        project,
      );
      expect(r.code, r.out).to.equal(0);
      expect(r.out).to.include("CERTIFIED");
    } finally {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
  });

  it("run --iut client with `dm20-conformance reference-device` as the trigger passes its clauses", async () => {
    const trigger = `DM20_REF_STATE=${join(project, "device.json")} ${bin()} reference-device`;
    const clauses = "DMC-5.4-01,DMC-5.6-04,DMC-5.8-01";
    const r = await run(
      bin(),
      [
        "run",
        "--iut",
        "client",
        "--trigger",
        trigger,
        "--clause",
        clauses,
        "--reporter",
        "json",
        "--out",
        "client",
      ],
      project,
    );
    expect(r.code, r.out).to.equal(0);
    const report = JSON.parse(await readFile(join(project, "client/report.json"), "utf8"));
    // The tests of these clauses judge a neighbour or two as well: every clause judged must pass.
    const judged = report.clauses.filter((c: { tests: unknown[] }) => c.tests.length > 0);
    const lines = judged.map((c: { id: string; verdict: string }) => `${c.id} ${c.verdict}`);
    expect(lines).to.include.members(clauses.split(",").map((c) => `${c} pass`));
    expect(lines.filter((l: string) => !l.endsWith(" pass"))).to.deep.equal([]);
  });
});
