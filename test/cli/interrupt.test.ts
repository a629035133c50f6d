/**
 * A run stopped by a signal (SIGTERM from a cancelled CI job or `timeout`, SIGHUP, Ctrl-C): every
 * trigger's process group ends, what was judged so far is written as a partial report, and the
 * exit status is 128 + the signal's number; a second signal ends the process at once. Tested on
 * the real command in a child process, and RunInterrupt on its own.
 */
import { spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import {
  type HandledSignal,
  RunInterrupt,
  type SignalSource,
  signalExitCode,
} from "../../harness/cli/interrupt.ts";
import { startReferenceServer } from "../../harness/reference/server/index.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Live (not zombie) processes whose process group is one of `pgids`. */
function membersOf(pgids: Set<number>): number[] {
  const alive: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^[0-9]+$/.test(d))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (pgids.has(Number(fields[2])) && fields[0] !== "Z") alive.push(Number(pid));
  }
  return alive;
}

function killGroups(pgids: Set<number>): void {
  for (const g of pgids) {
    try {
      process.kill(-g, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** Resolves once `file` lists at least `n` pids (one per trigger launched), bounded by the test's timeout. */
async function pidsIn(file: string, n: number): Promise<Set<number>> {
  for (;;) {
    if (existsSync(file)) {
      const pids = readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number);
      if (pids.length >= n) return new Set(pids);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `run --iut client` with a trigger that records its pid (its process group) and never returns. */
function startRun(dir: string, trigger: string) {
  const child = spawn(
    process.execPath,
    [
      "bin/dm20-conformance.js",
      "run",
      "--iut",
      "client",
      "--trigger",
      trigger,
      "--out",
      join(dir, "out"),
      "--reporter",
      "json",
      // Long enough that the silent device never ends the run before the signal does.
      "--timeout",
      "120000",
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (err += b));
  const closed = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, closed, out: () => out, err: () => err };
}

describe("a run stopped by a signal", function () {
  this.timeout(90_000);

  // SIGHUP and SIGINT take the same path (RunInterrupt below shows each is handled).
  for (const signal of ["SIGTERM"] as const) {
    it(`${signal}: no trigger process is left, report.json holds what was judged, exit ${signalExitCode(signal)}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "dm20-signal-"));
      const pidFile = join(dir, "pids");
      const run = startRun(dir, `echo $$ >> ${pidFile}; sleep 10000`);
      let groups = new Set<number>();
      try {
        // Several sessions start at once: wait until a few triggers are sleeping.
        groups = await pidsIn(pidFile, 3);
        expect(membersOf(groups).length).to.be.greaterThan(0);
        run.child.kill(signal);
        const [code] = await run.closed;
        expect(code, run.out() + run.err()).to.equal(signalExitCode(signal));
        // Every trigger launched, including any launched while the signal was being handled.
        groups = await pidsIn(pidFile, 1);
        expect(membersOf(groups), "trigger processes left behind").to.deep.equal([]);
        expect(run.err()).to.include(`${signal}: stopping`);
        const report = JSON.parse(await readFile(join(dir, "out", "report.json"), "utf8"));
        expect(report.interrupted).to.equal(signal);
        expect(report.certified).to.equal(false);
        expect(report.clauses.length).to.be.greaterThan(0);
        expect(report.warnings.join("\n")).to.include(`stopped by ${signal}`);
      } finally {
        killGroups(groups);
        if (run.child.exitCode === null) run.child.kill("SIGKILL");
      }
    });
  }

  it("a second signal during the cleanup ends the process at once, without waiting for the report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-signal-twice-"));
    const pidFile = join(dir, "pids");
    // Ignores SIGTERM: the cleanup waits its grace bound before SIGKILL, time for a second signal.
    const run = startRun(dir, `trap '' TERM; echo $$ >> ${pidFile}; while :; do sleep 1; done`);
    let groups = new Set<number>();
    try {
      groups = await pidsIn(pidFile, 1);
      run.child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill("SIGTERM");
      const [code] = await run.closed;
      expect(code, run.err()).to.equal(signalExitCode("SIGTERM"));
      expect(existsSync(join(dir, "out", "report.json")), "exited before the report").to.equal(false);
    } finally {
      killGroups(groups);
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  });
});

describe("monitor stopped by a signal", function () {
  this.timeout(60_000);

  it("SIGTERM: the device's trigger ends with it, exit 143", async () => {
    const server = await startReferenceServer();
    const dir = await mkdtemp(join(tmpdir(), "dm20-monitor-signal-"));
    const pidFile = join(dir, "pids");
    await writeFile(join(dir, "ca.pem"), server.caPem);
    const child = spawn(
      process.execPath,
      [
        "bin/dm20-conformance.js",
        "monitor",
        ...["--upstream", server.url, "--upstream-ca", join(dir, "ca.pem")],
        ...["--default-moid", "urn:oma:mo:oma-dm-devinfo:1.0"],
        ...["--trigger", `echo $$ >> ${pidFile}; sleep 10000`],
        ...["--timeout", "120000", "--out", join(dir, "out")],
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (b) => (err += b));
    const closed = once(child, "close") as Promise<[number | null]>;
    let groups = new Set<number>();
    try {
      groups = await pidsIn(pidFile, 1);
      child.kill("SIGTERM");
      const [code] = await closed;
      expect(code, err).to.equal(signalExitCode("SIGTERM"));
      expect(membersOf(groups), "trigger processes left behind").to.deep.equal([]);
      expect(err).to.include("SIGTERM: stopping");
    } finally {
      killGroups(groups);
      if (child.exitCode === null) child.kill("SIGKILL");
      await server.close();
    }
  });
});

describe("RunInterrupt", () => {
  class FakeProcess extends EventEmitter implements SignalSource {
    exits: number[] = [];
    exit(code: number): never {
      this.exits.push(code);
      return undefined as never;
    }
    override on(signal: HandledSignal, listener: () => void): this {
      return super.on(signal, listener);
    }
    override removeListener(signal: HandledSignal, listener: () => void): this {
      return super.removeListener(signal, listener);
    }
  }

  it("on the first signal: aborts, ends the race, tells once; on a second: exits with 128 + its number", async () => {
    const proc = new FakeProcess();
    const told: string[] = [];
    const interrupt = new RunInterrupt(proc, (s) => told.push(s));
    const never = new Promise<string>(() => {});
    const raced = interrupt.race(never);
    proc.emit("SIGHUP");
    expect(await raced).to.equal(undefined);
    expect(interrupt.abort.signal.aborted).to.equal(true);
    expect(interrupt.signal).to.equal("SIGHUP");
    expect(interrupt.exitCode(0)).to.equal(129);
    expect(told).to.deep.equal(["SIGHUP"]);
    proc.emit("SIGINT");
    expect(proc.exits).to.deep.equal([130]);
    interrupt.dispose();
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) expect(proc.listenerCount(s), s).to.equal(0);
  });

  it("without a signal: the work's result, and its own exit code", async () => {
    const interrupt = new RunInterrupt(new FakeProcess());
    expect(await interrupt.race(Promise.resolve("done"))).to.equal("done");
    expect(interrupt.exitCode(1)).to.equal(1);
    expect(signalExitCode("SIGTERM")).to.equal(143);
    interrupt.dispose();
  });
});
