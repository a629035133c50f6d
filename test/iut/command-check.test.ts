/**
 * The pre-flight check of --trigger / --notify-cmd: a program that cannot run (missing, a
 * directory, no execute bit, a missing #! interpreter) is found before the run, with the reason.
 */
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { checkShellCommand } from "../../harness/iut/command-check.ts";

describe("shell command pre-flight check", () => {
  let dir: string;
  const script = async (name: string, text: string, mode: number) => {
    const path = join(dir, name);
    await writeFile(path, text);
    await chmod(path, mode);
    return path;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-command-check-"));
  });

  it("accepts what can run: a program on PATH, a builtin, an executable script, leading assignments", async () => {
    const ok = await script("wake.sh", "#!/bin/sh\necho hi\n", 0o755);
    const envShebang = await script("wake-env.sh", "#!/usr/bin/env sh\necho hi\n", 0o755);
    const noShebang = await script("plain.sh", "echo hi\n", 0o700);
    for (const cmd of [
      "sh -c true",
      "cd /",
      "FOO=1 BAR=2 sh -c true",
      ok,
      `${ok} --wake`,
      envShebang,
      noShebang,
      "(true)",
      `"${ok}"`,
    ])
      expect(await checkShellCommand(cmd), cmd).to.deep.equal({ ok: true });
    expect(await checkShellCommand("./wake.sh", dir)).to.deep.equal({ ok: true });
  });

  it("refuses a file without the execute bit", async () => {
    const path = await script("not-executable.sh", "#!/bin/sh\necho hi\n", 0o644);
    const r = await checkShellCommand(`${path} --wake`);
    expect(r.ok).to.equal(false);
    expect(r.reason).to.equal(`"${path}" is not executable (chmod +x ${path})`);
    expect((await checkShellCommand("./not-executable.sh", dir)).reason).to.match(/is not executable/);
  });

  it("refuses a directory, a missing program and an empty command", async () => {
    const sub = join(dir, "a-directory");
    await mkdir(sub, { recursive: true });
    expect((await checkShellCommand(sub)).reason).to.equal(`"${sub}" is a directory, not a program`);
    expect((await checkShellCommand(join(dir, "missing.sh"))).reason).to.match(/is not found$/);
    expect((await checkShellCommand("dm20-no-such-program --wake")).reason).to.equal(
      '"dm20-no-such-program" is not found',
    );
    expect((await checkShellCommand("  ")).reason).to.equal("the command is empty");
  });

  it("refuses a script whose #! interpreter is missing, directly or through env", async () => {
    const direct = await script("direct.sh", "#!/nonexistent/python9\nprint(1)\n", 0o755);
    expect((await checkShellCommand(direct)).reason).to.equal(
      `the interpreter of "${direct}" (#!/nonexistent/python9): "/nonexistent/python9" is not found`,
    );
    const viaEnv = await script("via-env.sh", "#!/usr/bin/env dm20-no-such-interpreter -x\n", 0o755);
    expect((await checkShellCommand(viaEnv)).reason).to.match(
      /\(#!\/usr\/bin\/env dm20-no-such-interpreter -x\): "dm20-no-such-interpreter" is not found$/,
    );
  });
});
