/**
 * Set-up and usage errors: exit 2, one line on stderr naming the reason, no stack trace unless
 * --debug, and nothing started. Run in-process through main() (the same code the bin runs).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { generateTestPki } from "../../harness/pki/test-pki.ts";
import { captureIo, STACK_LINE } from "./capture-io.ts";

async function expectUsageError(argv: string[], reason: RegExp): Promise<void> {
  const c = captureIo();
  const code = await main(argv, c.io);
  expect(code, `exit code of ${argv.join(" ")}; stderr: ${c.err()}`).to.equal(2);
  const lines = c.err().trimEnd().split("\n");
  expect(lines, c.err()).to.have.length(1);
  expect(lines[0]).to.match(/^dm20-conformance: /);
  expect(lines[0]).to.match(reason);
  expect(c.err()).to.not.match(STACK_LINE);
  expect(c.out(), "nothing printed on stdout: no header, no test ran").to.equal("");
}

function listen(server: Server): Promise<number> {
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => done((server.address() as { port: number }).port)),
  );
}

describe("CLI usage and set-up errors (exit 2, one line)", function () {
  this.timeout(20_000);
  let dir: string;
  let caFile: string;
  let closedPort: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-cli-"));
    caFile = join(dir, "ca.pem");
    await writeFile(caFile, (await generateTestPki({ hosts: ["127.0.0.1"] })).caPem);
    const s = createServer();
    closedPort = await listen(s);
    await new Promise((done) => s.close(done));
  });

  const server = (url: string, ...more: string[]) => [
    "run",
    "--iut",
    "server",
    "--url",
    url,
    "--ca",
    caFile,
    ...more,
  ];

  it("an invalid IXIT names the key", async () => {
    const ixit = join(dir, "ixit.json");
    await writeFile(ixit, JSON.stringify({ deviceId: "IMEI:1", colour: "blue" }));
    await expectUsageError(
      server(`https://127.0.0.1:${closedPort}/dm`, "--ixit", ixit),
      /IXIT file .*ixit\.json: unknown key "colour"/,
    );
  });

  it("a missing IXIT file", async () => {
    await expectUsageError(server("https://127.0.0.1:1/dm", "--ixit", join(dir, "nope.json")), /ENOENT/);
  });

  it("an unknown clause ID, and a clause of the other role", async () => {
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--clause", "DMS-9.9-01"),
      /--clause DMS-9\.9-01: no such clause/,
    );
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--clause", "DMS-5.5-01,DMC-5.4-01"),
      /DMC-5\.4-01: a client clause, but this run tests the server/,
    );
  });

  it("an empty or blank selection or value (--clause ,  --grep ''  --out ''  --reporter ,) instead of silently meaning all", async () => {
    await expectUsageError(["selftest", "--clause", ","], /--clause names no clause ID/);
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--clause", " , "),
      /--clause names no clause ID/,
    );
    await expectUsageError(["selftest", "--grep", ""], /--grep must not be empty/);
    await expectUsageError(["selftest", "--grep", "   "], /--grep must not be empty/);
    await expectUsageError(["selftest", "--out", ""], /--out must not be empty/);
    await expectUsageError(["selftest", "--reporter", ","], /--reporter names no format/);
    await expectUsageError(server("https://127.0.0.1:1/dm", "--ixit", ""), /--ixit must not be empty/);
    await expectUsageError(["run", "--iut", "client", "--trigger", " "], /--trigger must not be empty/);
    await expectUsageError(["pki", "--out", ""], /--out must not be empty/);
    await expectUsageError(["merge", "a.json", "--out", ""], /--out must not be empty/);
  });

  it("a --grep that selects no test", async () => {
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--grep", "no test has this title"),
      /no server test matches/,
    );
  });

  it("an unreachable --url", async () => {
    await expectUsageError(
      server(`https://127.0.0.1:${closedPort}/dm`),
      /unreachable \(connection refused\)/,
    );
  });

  it("a --url whose port does not speak TLS", async () => {
    const plain = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    const port = await listen(plain);
    try {
      await expectUsageError(server(`https://127.0.0.1:${port}/dm`), /TLS refused/);
    } finally {
      plain.close();
    }
  });

  it("an http:// --url, a --ca that holds no certificate", async () => {
    await expectUsageError(server("http://127.0.0.1:1/dm"), /--url .* must be https/);
    const notPem = join(dir, "not.pem");
    await writeFile(notPem, "hello");
    await expectUsageError(
      ["run", "--iut", "server", "--url", "https://127.0.0.1:1/dm", "--ca", notPem],
      /--ca .*not\.pem: no PEM certificate/,
    );
  });

  it("a trigger command that is not there", async () => {
    await expectUsageError(
      ["run", "--iut", "client", "--trigger", "dm20-no-such-program --wake"],
      /--trigger: "dm20-no-such-program" is not found/,
    );
  });

  it("a trigger that cannot run: not executable, a directory, a missing #! interpreter", async () => {
    const script = join(dir, "wake-not-executable.sh");
    await writeFile(script, "#!/bin/sh\necho woken\n", { mode: 0o644 });
    await expectUsageError(
      ["run", "--iut", "client", "--trigger", `${script} --now`],
      /--trigger: ".*wake-not-executable\.sh" is not executable \(chmod \+x/,
    );
    await expectUsageError(
      ["run", "--iut", "client", "--trigger", dir],
      /--trigger: ".*" is a directory, not a program/,
    );
    const orphan = join(dir, "wake-no-interpreter.sh");
    await writeFile(orphan, "#!/nonexistent/bin/python9\n", { mode: 0o755 });
    await expectUsageError(
      ["run", "--iut", "client", "--trigger", orphan],
      /--trigger: the interpreter of .*: "\/nonexistent\/bin\/python9" is not found/,
    );
    // The same check guards --notify-cmd, before the server is even probed.
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--notify-cmd", script),
      /--notify-cmd: ".*wake-not-executable\.sh" is not executable/,
    );
  });

  it("an --out that is a file, or cannot be made (/proc/nope/out, /proc/self/x), before anything runs, for every command", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "not a folder");
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--out", file],
      /^dm20-conformance: --out .*a-file is a file, not a folder$/,
    );
    await expectUsageError(
      ["selftest", "--out", join(file, "sub")],
      /--out .*: .*a-file is a file, not a folder$/,
    );
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--out", "/proc/nope/out"],
      /^dm20-conformance: --out \/proc\/nope\/out: cannot create it \(ENOENT at \/proc\/nope\)$/,
    );
    await expectUsageError(
      ["pki", "--out", "/proc/self/x"],
      /^dm20-conformance: --out \/proc\/self\/x: cannot create it/,
    );
    await expectUsageError(
      ["merge", join(dir, "none.json"), "--out", "/proc/nope/out"],
      /^dm20-conformance: --out \/proc\/nope\/out: cannot create it/,
    );
    await expectUsageError(
      ["merge", join(dir, "none.json"), "--out", file],
      /--out .*a-file is a file, not a folder$/,
    );
    const monitor = ["monitor", "--upstream", "https://127.0.0.1:9/dm", "--upstream-ca", file];
    await expectUsageError(
      [...monitor, "--default-moid", "urn:oma:mo:x:1.0", "--manual", "--out", "/proc/nope/out"],
      /^dm20-conformance: --out \/proc\/nope\/out: cannot create it/,
    );
    await expectUsageError(
      ["interop", "--matrix", join(dir, "none.json"), "--out", file],
      /^dm20-conformance: --out .*a-file is a file, not a folder$/,
    );
  });

  it("a --host that is not an address of this machine, and a --push nobody listens on", async () => {
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--host", "192.0.2.1"],
      /--host 192\.0\.2\.1: cannot listen/,
    );
    await expectUsageError(
      ["run", "--iut", "client", "--push", `http://127.0.0.1:${closedPort}/push`],
      /--push .* unreachable/,
    );
  });

  it("options of the wrong role, none or two ways to wake a device", async () => {
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--url", "https://x/"],
      /--url is not an option of --iut client/,
    );
    await expectUsageError(["run", "--iut", "client"], /exactly one of --trigger/);
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--trigger", "true"],
      /exactly one of --trigger/,
    );
    await expectUsageError(["run", "--iut", "server", "--ca", caFile], /needs --url/);
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--sessions", "1"),
      /--sessions is not an option of --iut server/,
    );
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--pki", "/nonexistent-dm20-ca"],
      /--pki: \/nonexistent-dm20-ca\/ca\.pem: ENOENT/,
    );
    await expectUsageError(
      ["run", "--iut", "client", "--manual", "--sessions", "0"],
      /--sessions must be a positive whole number/,
    );
  });

  it("commander's own errors come as one line too: bad choice, bad number, unknown command or option", async () => {
    await expectUsageError(["run", "--iut", "phone"], /argument 'phone' is invalid/);
    await expectUsageError(
      server("https://127.0.0.1:1/dm", "--timeout", "soon"),
      /--timeout must be a positive whole number/,
    );
    await expectUsageError(
      ["selftest", "--reporter", "pdf"],
      /"pdf" is not one of json, junit, html, allure/,
    );
    await expectUsageError(["launch"], /unknown command 'launch'/);
    await expectUsageError(["selftest", "--colour"], /unknown option '--colour'/);
  });

  it("--debug adds the stack trace", async () => {
    const c = captureIo();
    const code = await main(server(`https://127.0.0.1:${closedPort}/dm`, "--debug"), c.io);
    expect(code).to.equal(2);
    expect(c.err()).to.match(/UsageError: --url .* unreachable/);
    expect(c.err()).to.match(STACK_LINE);
  });
});
