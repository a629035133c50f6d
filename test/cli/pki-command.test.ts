/**
 * `pki --out`: a CA a device trusts across runs is never silently replaced, its key is owner-only
 * from the moment it exists and stays out of git (and so npm packages) by construction.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { captureIo } from "./capture-io.ts";

async function run(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe("CLI pki --out", function () {
  this.timeout(30_000);
  let base: string;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), "dm20-pki-cmd-"));
  });

  it("refuses to replace an existing CA without --force, and replaces it with --force", async () => {
    const dir = join(base, "ca-twice");
    expect((await run(["pki", "--out", dir])).code).to.equal(0);
    const first = await readFile(join(dir, "ca.pem"), "utf8");
    const again = await run(["pki", "--out", dir]);
    expect(again.code).to.equal(2);
    expect(again.err.trimEnd().split("\n")).to.have.length(1);
    expect(again.err).to.match(/^dm20-conformance: --out .*ca-twice: already holds a harness CA.*--force/);
    expect(await readFile(join(dir, "ca.pem"), "utf8")).to.equal(first);
    const forced = await run(["pki", "--out", dir, "--force"]);
    expect(forced.code, forced.err).to.equal(0);
    expect(await readFile(join(dir, "ca.pem"), "utf8")).to.not.equal(first);
    expect((await stat(join(dir, "ca-key.pem"))).mode & 0o777).to.equal(0o600);
  });

  it("writes the key owner-only even over a key file that was world-readable", async () => {
    const dir = join(base, "wide-key");
    await mkdir(dir);
    await writeFile(join(dir, "ca-key.pem"), "old", { mode: 0o644 });
    expect((await run(["pki", "--out", dir, "--force"])).code).to.equal(0);
    expect((await stat(join(dir, "ca-key.pem"))).mode & 0o777).to.equal(0o600);
    expect(await readFile(join(dir, "ca-key.pem"), "utf8")).to.match(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("keeps the folder out of git inside a repository (a .gitignore of *)", async () => {
    const repo = join(base, "repo");
    await mkdir(repo);
    execFileSync("git", ["init", "-q", repo]);
    const r = await run(["pki", "--out", join(repo, "harness-ca")]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include(".gitignore");
    const status = execFileSync("git", ["-C", repo, "status", "--porcelain", "--untracked-files=all"], {
      encoding: "utf8",
    });
    expect(status, "git sees nothing of the CA folder").to.equal("");
    expect(await readFile(join(repo, "harness-ca", ".gitignore"), "utf8")).to.match(/^\*$/m);
  });

  it("refuses a folder holding other files (a .gitignore of * there would hide them) and an --out that is a file", async () => {
    const dir = join(base, "busy");
    await mkdir(dir);
    await writeFile(join(dir, "notes.txt"), "mine");
    const busy = await run(["pki", "--out", dir]);
    expect(busy.code).to.equal(2);
    expect(busy.err).to.match(
      /--out .*busy: .* holds other files \(notes\.txt\): give the CA a folder of its own/,
    );
    const file = await run(["pki", "--out", join(dir, "notes.txt")]);
    expect(file.code).to.equal(2);
    expect(file.err.trimEnd()).to.match(/^dm20-conformance: --out .*notes\.txt is a file, not a folder$/);
  });

  it("has no --host: the CA names no host, each run issues its leaves for its own --host / --public-host", async () => {
    const r = await run(["pki", "--out", join(base, "hosts"), "--host", "harness.lan"]);
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/unknown option '--host'/);
  });
});
