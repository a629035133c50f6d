/** --help on every command (with examples), --version, list-clauses in its three formats, pki. */
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { main } from "../../harness/cli/main.ts";
import { captureIo } from "./capture-io.ts";

async function run(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe("CLI help, list-clauses and pki", function () {
  this.timeout(20_000);
  const catalog = loadCatalog();

  it("--help lists the commands and the exit codes; each command's --help shows its options and examples", async () => {
    const top = await run(["--help"]);
    expect(top.code).to.equal(0);
    for (const cmd of ["run", "selftest", "pki", "list-clauses", "merge"]) expect(top.out).to.include(cmd);
    expect(top.out).to.match(/Exit status:[\s\S]*2\s+usage or set-up error/);
    const expectations: Record<string, string[]> = {
      run: [
        "--iut <role>",
        "--trigger <cmd>",
        "--push <url>",
        "--manual",
        "--url <url>",
        "--ca <file>",
        "--notify-cmd",
        "--clause",
        "--grep",
        "--timeout",
        "--strict",
        "--reporter",
        "--out",
        "--debug",
      ],
      selftest: ["--out", "--clause", "--reporter"],
      pki: ["--out <dir>"],
      "list-clauses": ["--role", "--format"],
      merge: ["<reports...>", "--out <dir>"],
    };
    for (const [cmd, options] of Object.entries(expectations)) {
      const help = await run([cmd, "--help"]);
      expect(help.code, cmd).to.equal(0);
      expect(help.out, cmd).to.include("Examples:");
      expect(help.out, cmd).to.include(`dm20-conformance ${cmd}`);
      for (const o of options) expect(help.out, `${cmd} --help mentions ${o}`).to.include(o);
    }
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    const v = await run(["--version"]);
    expect(v.code).to.equal(0);
    expect(v.out.trim()).to.equal(pkg.version);
  });

  it("list-clauses prints a table of all 45 clauses, and of one role with --role", async () => {
    const all = await run(["list-clauses"]);
    expect(all.code).to.equal(0);
    const rows = all.out.trimEnd().split("\n");
    expect(rows[0]).to.match(/^ID\s+ROLE\s+LEVEL\s+SECTION\s+TESTABILITY\s+TESTS/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).to.deep.equal(catalog.clauses.map((c) => c.id));
    const server = await run(["list-clauses", "--role", "server"]);
    expect(server.out.trimEnd().split("\n").slice(1)).to.have.length(10);
    expect(server.out).to.not.include("DMC-");
  });

  it("list-clauses --format json carries the digest, every field and the tests of each clause", async () => {
    const json = await run(["list-clauses", "--format", "json"]);
    const data = JSON.parse(json.out);
    expect(data.digest).to.equal(catalog.digest);
    expect(data.clauses).to.have.length(45);
    const c = data.clauses.find((x: { id: string }) => x.id === "DMC-5.8-11");
    expect(c).to.include({ role: "client", level: "MUST", testability: "conditional" });
    expect(c.requirement).to.equal(catalog.byId("DMC-5.8-11")!.requirement);
    for (const x of data.clauses) expect(x.tests, x.id).to.be.an("array").that.is.not.empty;
  });

  it("list-clauses --format markdown is one table row per clause, pipes escaped", async () => {
    const md = await run(["list-clauses", "--format", "markdown", "--role", "client"]);
    const rows = md.out.split("\n").filter((l) => /^\| DMC-/.test(l));
    expect(rows).to.have.length(35);
    // Every row has exactly the 7 columns: no unescaped pipe from a quoted sentence.
    for (const r of rows) expect(r.replaceAll("\\|", "").split("|").length, r).to.equal(9);
  });

  it("list-clauses refuses an unknown format", async () => {
    const bad = await run(["list-clauses", "--format", "pdf"]);
    expect(bad.code).to.equal(2);
  });

  it("pki --out writes a CA certificate and prints its fingerprint", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-pki-"));
    const r = await run(["pki", "--out", dir]);
    expect(r.code).to.equal(0);
    const cert = new X509Certificate(await readFile(join(dir, "ca.pem")));
    expect(cert.ca).to.equal(true);
    expect(r.out).to.include(cert.fingerprint256);
    expect(r.out).to.include("ca-key.pem").and.include("--pki");
    expect(await readFile(join(dir, "ca-key.pem"), "utf8")).to.match(/^-----BEGIN PRIVATE KEY-----/);
  });
});
