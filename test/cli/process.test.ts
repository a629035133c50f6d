import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { STACK_LINE } from "./capture-io.ts";
import { startCli } from "./spawn-cli.ts";

async function cli(
  args: string[],
  viaBin = false,
): Promise<{ code: number | null; out: string; err: string }> {
  const argv = viaBin ? ["bin/dm20-conformance.js", ...args] : ["--import", "tsx", "harness/cli.ts", ...args];
  const run = startCli(argv, 30_000);
  const [code] = await run.closed;
  return { code, out: run.out(), err: run.err() };
}

describe("CLI as a process", function () {
  this.timeout(60_000);

  it("bin/dm20-conformance.js --help exits 0 with the commands", async () => {
    const r = await cli(["--help"], true);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/Usage: dm20-conformance/);
    expect(r.out).to.include("selftest");
  });

  it("selftest --grep through the published bin runs each role's own tests only (suites load as ES modules there)", async () => {
    const out = await mkdtemp(join(tmpdir(), "dm20-grep-"));
    const r = await cli(["selftest", "--grep", "CRLF", "--reporter", "json", "--out", out], true);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.not.include("ERROR");
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
    const judged = report.clauses.filter((c: { tests: unknown[] }) => c.tests.length > 0);
    expect(judged.map((c: { id: string; verdict: string }) => `${c.id} ${c.verdict}`)).to.deep.equal([
      "DMC-5.6-04 pass",
      "DMC-5.6-05 pass",
      "DMS-5.5-02 pass",
    ]);
  });

  it("an unreachable server: exit 2, one line on stderr, no stack; --debug adds it", async () => {
    const args = ["run", "--iut", "server", "--url", "https://127.0.0.1:1/dm", "--ca", "/nonexistent/ca.pem"];
    const r = await cli(args);
    expect(r.code).to.equal(2);
    expect(r.err.trimEnd().split("\n")).to.deep.equal([
      "dm20-conformance: --ca /nonexistent/ca.pem: cannot read (ENOENT)",
    ]);
    expect(r.out).to.equal("");
    const d = await cli([...args, "--debug"]);
    expect(d.code).to.equal(2);
    expect(d.err).to.match(STACK_LINE);
  });
});
