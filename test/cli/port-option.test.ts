/**
 * `run --port`: the harness's DM-server listeners stay inside the given range (a device behind a
 * firewall); a range too small for a client run, or with a port in use, is a set-up error found
 * before the run; report.json records --port with every other option the run used.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { listenerPeak } from "../../harness/server-role/listener.ts";
import { CLIENT_RUN_PORTS, PORT_RANGE_KEY } from "../../harness/server-role/port-pool.ts";
import { CLIENT_CLAUSES, clientContext } from "../selftest-client/context.ts";
import { captureIo, STACK_LINE } from "./capture-io.ts";

function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(null));
    s.listen({ host: "127.0.0.1", port, exclusive: true }, () => resolve(s));
  });
}

/** `n` consecutive ports free on 127.0.0.1 right now. */
async function freeRange(n: number): Promise<{ from: number; to: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const from = 20_000 + Math.floor(Math.random() * 40_000);
    const held: Server[] = [];
    for (let p = from; p < from + n; p++) {
      const s = await listenOn(p);
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map((s) => new Promise((done) => s.close(done))));
    if (held.length === n) return { from, to: from + n - 1 };
  }
  throw new Error(`no ${n} consecutive free ports found`);
}

async function usageError(argv: string[]): Promise<string> {
  const c = captureIo();
  const code = await main(argv, c.io);
  expect(code, c.err()).to.equal(2);
  expect(c.err().trimEnd().split("\n"), c.err()).to.have.length(1);
  expect(c.err()).to.not.match(STACK_LINE);
  expect(c.out(), "nothing ran").to.equal("");
  return c.err().trimEnd();
}

describe("CLI run --port", function () {
  this.timeout(60_000);
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "dm20-port-"));
  });

  it("refuses a range too small for a client run, naming the size it needs", async () => {
    const err = await usageError(["run", "--iut", "client", "--manual", "--port", "9000"]);
    expect(err).to.equal(
      `dm20-conformance: --port 9000: a client run holds up to ${CLIENT_RUN_PORTS} listeners at once; give a range of at least ${CLIENT_RUN_PORTS} ports (e.g. --port 9000-${9000 + CLIENT_RUN_PORTS - 1})`,
    );
  });

  it("refuses a malformed range, and --port for a server run", async () => {
    for (const bad of ["x", "0", "70000", "9011-9000", "9000-", "1-2000"])
      expect(await usageError(["run", "--iut", "client", "--manual", "--port", bad])).to.match(/--port/);
    expect(
      await usageError([
        "run",
        "--iut",
        "server",
        "--url",
        "https://127.0.0.1:1/dm",
        "--ca",
        "ca.pem",
        "--port",
        "9000-9020",
      ]),
    ).to.match(/--port is not an option of --iut server/);
  });

  it("names the port of the range that is in use", async () => {
    const range = await freeRange(CLIENT_RUN_PORTS);
    const busyPort = range.from + 5;
    const busy = await listenOn(busyPort);
    try {
      const err = await usageError([
        "run",
        "--iut",
        "client",
        "--manual",
        "--port",
        `${range.from}-${range.to}`,
      ]);
      expect(err).to.equal(
        `dm20-conformance: --port 127.0.0.1:${busyPort}: cannot listen (port ${busyPort} is in use)`,
      );
    } finally {
      await new Promise((done) => busy?.close(done));
    }
  });

  it(`the whole client suite against the reference device certifies inside a pinned range of ${CLIENT_RUN_PORTS} ports`, async () => {
    const range = await freeRange(CLIENT_RUN_PORTS);
    const device = createReferenceDevice();
    const context = clientContext(device.adapter);
    context.shared.set(PORT_RANGE_KEY, range);
    let outcomes: Awaited<ReturnType<typeof runSuites>>;
    try {
      outcomes = await runSuites({ role: "client", context });
    } finally {
      await device.adapter.close();
    }
    const verdicts = clauseVerdicts(outcomes);
    const wrong = CLIENT_CLAUSES.filter(
      (c) => !["pass", "untestable", "not-applicable"].includes(verdicts.get(c) ?? "missing"),
    );
    expect(wrong, outcomes.map((o) => o.error?.message ?? "").join("\n")).to.deep.equal([]);
    // The measured need of a run: CLIENT_RUN_PORTS must keep up with the suites.
    expect(listenerPeak(context)).to.be.at.most(CLIENT_RUN_PORTS);
    const ports = new Set<number>();
    for (const o of outcomes)
      for (const r of o.results)
        for (const e of r.evidence)
          for (const m of (e.text ?? "").matchAll(/https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)\//g))
            ports.add(Number(m[1]));
    expect(ports.size, "the evidence names the listeners' URLs").to.be.greaterThan(0);
    for (const p of ports) expect(p, "a listener's port").to.be.within(range.from, range.to);
  });

  it("a run records --port, --sessions, --pki and every other option in report.json, and its sessions use the range", async () => {
    const range = await freeRange(CLIENT_RUN_PORTS);
    const pki = join(work, "ca");
    expect(await main(["pki", "--out", pki], captureIo().io)).to.equal(0);
    const urls = join(work, "urls.txt");
    const out = join(work, "run");
    const c = captureIo();
    // A device that never answers: the one selected session ends at the (short) timeout.
    const code = await main(
      [
        "run",
        "--iut",
        "client",
        "--trigger",
        `echo "$DM20_SERVER_URL" >> ${urls}`,
        "--port",
        `${range.from}-${range.to}`,
        "--sessions",
        "2",
        "--pki",
        pki,
        "--clause",
        "DMC-5.8.1-01",
        "--timeout",
        "1000",
        "--quiet-period",
        "100",
        "--reporter",
        "json",
        "--out",
        out,
      ],
      c.io,
    );
    expect(code, c.out() + c.err()).to.be.oneOf([0, 1]);
    const options = JSON.parse(await readFile(join(out, "report.json"), "utf8")).options;
    expect(options).to.deep.include({
      iut: "client",
      port: `${range.from}-${range.to}`,
      sessions: 2,
      pki,
      timeoutMs: 1000,
      quietPeriodMs: 100,
      clause: ["DMC-5.8.1-01"],
      host: "127.0.0.1",
      maxPackages: 50,
      strict: false,
      reporter: ["json"],
      out,
    });
    expect(options.trigger).to.include("DM20_SERVER_URL");
    const woken = (await readFile(urls, "utf8")).trim().split("\n");
    expect(woken.length).to.be.greaterThan(0);
    for (const u of woken) expect(Number(new URL(u).port)).to.be.within(range.from, range.to);
  });
});
