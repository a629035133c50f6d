/**
 * --help says what the commands do: each default it shows is the one a run uses (read back from
 * what a run records and prints), no help names an option its command lacks, every command has an
 * exit-status section, and the README's option table shows the same defaults as `run --help`.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { type ReferenceServer, startReferenceServer } from "../../harness/reference/server/index.ts";
import { captureIo } from "./capture-io.ts";

/** The commands the top-level help lists (every one, so a new command is held to the same rules). */
function commandsOf(top: string): string[] {
  const block = top.split(/^Commands:\n/m)[1]?.split(/\n\n/)[0] ?? "";
  return [...block.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
}

async function cli(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** The options block of a help text: flag (long name) -> its description, wrapped lines joined. */
function optionsOf(help: string): Map<string, string> {
  const block = help.split(/^Options:\n/m)[1]?.split(/\n\n/)[0] ?? "";
  const options = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split("\n")) {
    const m = /^ {2}(?:-\w, )?(--[a-z-]+)(?: <[^>]+>)?\s+(.*)$/.exec(line);
    if (m) {
      current = m[1]!;
      options.set(current, m[2]!);
    } else if (current) options.set(current, `${options.get(current)} ${line.trim()}`);
  }
  return options;
}

/** The "(default: …)" commander shows for each option that has one. */
function defaultsOf(help: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [flag, text] of optionsOf(help)) {
    const m = /\(default: ([^)]*)\)\s*$/.exec(text);
    if (m) out[flag] = m[1]!.replace(/^"(.*)"$/, "$1");
  }
  return out;
}

describe("CLI --help matches behaviour", function () {
  this.timeout(60_000);
  const help: Record<string, string> = {};
  let top = "";
  let commands: string[] = [];
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "dm20-help-"));
    top = (await cli(["--help"])).out;
    commands = commandsOf(top);
    for (const cmd of commands) help[cmd] = (await cli([cmd, "--help"])).out;
  });

  it("every command has an exit-status section naming only options it has", () => {
    expect(commands).to.include.members(["run", "selftest", "pki", "list-clauses", "merge"]);
    for (const cmd of commands) {
      const own = new Set(optionsOf(help[cmd]!).keys());
      const exit = help[cmd]!.split(/^Exit status:\n/m)[1];
      expect(exit, `${cmd} --help has an exit-status section`).to.be.a("string");
      expect(exit, cmd).to.match(/^ {2}0 /m);
      for (const flag of exit!.match(/--[a-z][a-z-]*/g) ?? [])
        expect(own.has(flag), `${cmd} --help's exit status names ${flag}, which ${cmd} lacks`).to.equal(true);
    }
    expect(help.merge).to.not.include("--strict");
  });

  it("no help text names an option that no command has", () => {
    const all = new Set(commands.flatMap((cmd) => [...optionsOf(help[cmd]!).keys()]));
    all.add("--version");
    for (const [cmd, text] of [["(top)", top], ...Object.entries(help)] as const)
      for (const flag of text.match(/--[a-z][a-z-]*/g) ?? [])
        expect(all.has(flag), `${cmd} --help names ${flag}`).to.equal(true);
  });

  it("selftest uses the defaults its --help shows (timeout 5000, quiet 300), and prints them", async () => {
    const shown = defaultsOf(help.selftest!);
    expect(shown).to.include({ "--timeout": "5000", "--quiet-period": "300" });
    const out = join(work, "selftest");
    const r = await cli(["selftest", "--clause", "DMS-5.5-02", "--reporter", "json", "--out", out]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out)
      .to.include(`timeout ${shown["--timeout"]} ms`)
      .and.include(`quiet ${shown["--quiet-period"]} ms`);
    const options = JSON.parse(await readFile(join(out, "report.json"), "utf8")).options;
    expect(options).to.include({
      timeoutMs: Number(shown["--timeout"]),
      quietPeriodMs: Number(shown["--quiet-period"]),
      maxPackages: Number(shown["--max-packages"]),
    });
  });

  describe("run against the reference server", () => {
    let server: ReferenceServer;
    let caFile: string;
    before(async () => {
      server = await startReferenceServer();
      caFile = join(work, "server-ca.pem");
      await writeFile(caFile, server.caPem);
    });
    after(async () => {
      await server?.close();
    });

    it("uses the defaults `run --help` shows, and records every one of them in report.json", async () => {
      const shown = defaultsOf(help.run!);
      expect(shown).to.include.keys("--timeout", "--quiet-period", "--max-packages", "--reporter", "--host");
      const out = join(work, "run");
      const r = await cli([
        "run",
        "--iut",
        "server",
        "--url",
        server.url,
        "--ca",
        caFile,
        "--clause",
        "DMS-5.5-02",
        "--out",
        out,
      ]);
      expect(r.code, r.out + r.err).to.equal(0);
      const options = JSON.parse(await readFile(join(out, "report.json"), "utf8")).options;
      expect(options).to.include({
        timeoutMs: Number(shown["--timeout"]),
        quietPeriodMs: Number(shown["--quiet-period"]),
        maxPackages: Number(shown["--max-packages"]),
      });
      expect(options.reporter.join(",")).to.equal(shown["--reporter"]);
      expect(r.out).to.include(`timeout ${shown["--timeout"]} ms`);
    });
  });

  it("the README's option table shows the defaults of `run --help`", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const shown = defaultsOf(help.run!);
    const table = readme.split("Options common to `run` and `selftest`:")[1]?.split(/\n\n(?!\|)/)[0] ?? "";
    const rows = new Map(
      [...table.matchAll(/^\| `(--[a-z-]+)[^`]*` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]),
    );
    for (const flag of ["--timeout", "--quiet-period", "--max-packages", "--reporter"]) {
      expect(rows.has(flag), `README's table has ${flag}`).to.equal(true);
      expect(rows.get(flag)!.replaceAll("`", ""), `README's default of ${flag}`).to.equal(shown[flag]);
    }
  });
});
