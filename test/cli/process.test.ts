/**
 * The CLI as a process, the way vendors and CI run it: the bin starts, --help exits 0, a set-up
 * error exits 2 with exactly one line on stderr and no stack trace (the stack only with --debug).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { STACK_LINE } from "./capture-io.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function cli(
  args: string[],
  viaBin = false,
): Promise<{ code: number | null; out: string; err: string }> {
  const argv = viaBin ? ["bin/dm20-conformance.js", ...args] : ["--import", "tsx", "harness/cli.ts", ...args];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 30_000,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (err += b));
  const [code] = await once(child, "close");
  return { code, out, err };
}

describe("CLI as a process", function () {
  this.timeout(60_000);

  it("bin/dm20-conformance.js --help exits 0 with the commands", async () => {
    const r = await cli(["--help"], true);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/Usage: dm20-conformance/);
    expect(r.out).to.include("selftest");
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
