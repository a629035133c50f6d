import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { TriggerAdapter, TriggerSpawnError } from "../../harness/iut/trigger-adapter.ts";
import type { DeviceStimulus } from "../../harness/runner/run-context.ts";

const NOTIFY: DeviceStimulus = {
  kind: "notification",
  notification: new Uint8Array([0x05, 0x0c, 0x00, 0x00, 0x03, 0x41, 0xbc, 0x0a]),
  serverUrl: "https://127.0.0.1:1/dm",
  caFile: "/tmp/ca.pem",
};

/** Running (not gone, not a zombie: where PID 1 does not reap orphans, their zombies stay). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Resolves when the adapter's output contains `text`, within the bound. */
function outputContains(lines: string[], text: string, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`no "${text}" in output within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = () => {
      if (lines.join("").includes(text)) {
        clearTimeout(deadline);
        resolve();
      } else setImmediate(check);
    };
    check();
  });
}

describe("trigger adapter", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-trigger-"));
  });

  it("runs the command through the shell with the contract's DM20_* variables, the user's environment and extra env", async () => {
    const out = join(dir, "env-notify.txt");
    // The user's own DM20_* switches pass (the reference device's fault switch, a vendor's);
    // a contract variable left in the harness's environment does not reach a stimulus without it.
    const mine = {
      DM20_MOID: "leaked-from-harness",
      DM20_REF_FAULTS: "statuses-reversed",
      DM20_VENDOR_X: "1",
    };
    Object.assign(process.env, mine);
    const adapter = new TriggerAdapter({
      command: `env | grep -E '^(DM20_|EXTRA_)' | sort > ${out}`,
      extraEnv: { EXTRA_ONE: "1" },
    });
    try {
      await adapter.wake(NOTIFY);
      await adapter.settled();
    } finally {
      for (const key of Object.keys(mine)) delete process.env[key];
      await adapter.close();
    }
    expect((await readFile(out, "utf8")).trim().split("\n")).to.deep.equal([
      "DM20_CA_FILE=/tmp/ca.pem",
      "DM20_NOTIFICATION=050c00000341bc0a",
      "DM20_REF_FAULTS=statuses-reversed",
      "DM20_SERVER_URL=https://127.0.0.1:1/dm",
      "DM20_STIMULUS=notification",
      "DM20_VENDOR_X=1",
      "EXTRA_ONE=1",
    ]);
    expect(adapter.exitStatuses()).to.deep.equal(["exit 0"]);
  });

  it("passes the DEFAULT stimulus as DM20_STIMULUS=default with DM20_MOID and DM20_INITIATED_BY", async () => {
    const out = join(dir, "env-default.txt");
    const adapter = new TriggerAdapter({ command: `env | grep '^DM20_' | sort > ${out}` });
    await adapter.wake({
      kind: "default",
      moid: "oma:mo:oma-mms:1.3",
      initiatedBy: "Device",
      caFile: "/tmp/ca.pem",
    });
    await adapter.settled();
    await adapter.close();
    expect((await readFile(out, "utf8")).trim().split("\n")).to.deep.equal([
      "DM20_CA_FILE=/tmp/ca.pem",
      "DM20_INITIATED_BY=Device",
      "DM20_MOID=oma:mo:oma-mms:1.3",
      "DM20_STIMULUS=default",
    ]);
  });

  it("close() ends the whole process group, including a daemon left behind by a command that returned", async () => {
    const seen: string[] = [];
    const adapter = new TriggerAdapter({
      command: "sleep 30 & echo daemon=$!; exit 0",
      onOutput: (t) => seen.push(t),
    });
    await adapter.wake(NOTIFY);
    await outputContains(seen, "\n");
    await adapter.settled();
    const pid = Number(/daemon=([0-9]+)/.exec(seen.join(""))![1]);
    expect(alive(pid)).to.equal(true);
    await adapter.close();
    expect(alive(pid)).to.equal(false);
  });

  it("close() ends a command still running, and its children, with SIGTERM", async () => {
    const seen: string[] = [];
    const adapter = new TriggerAdapter({
      command: "sleep 30 & echo child=$!; sleep 30",
      onOutput: (t) => seen.push(t),
    });
    await adapter.wake(NOTIFY);
    await outputContains(seen, "\n");
    const pid = Number(/child=([0-9]+)/.exec(seen.join(""))![1]);
    const started = Date.now();
    await adapter.close();
    expect(Date.now() - started).to.be.lessThan(1500);
    expect(alive(pid)).to.equal(false);
    expect(adapter.exitStatuses()).to.deep.equal(["signal SIGTERM"]);
  });

  it("SIGKILLs what ignores SIGTERM after the grace bound", async () => {
    const seen: string[] = [];
    const adapter = new TriggerAdapter({
      command: "trap '' TERM; echo ready; while :; do sleep 0.05; done",
      killGraceMs: 200,
      onOutput: (t) => seen.push(t),
    });
    await adapter.wake(NOTIFY);
    await outputContains(seen, "ready");
    await adapter.close();
    expect(adapter.exitStatuses()).to.deep.equal(["signal SIGKILL"]);
  });

  it("keeps the last 64 KiB of output and says what it dropped", async () => {
    const seen: string[] = [];
    const adapter = new TriggerAdapter({
      command: "head -c 100000 /dev/zero | tr '\\0' 'a'; echo; echo THE-END >&2",
      outputLimitBytes: 1024,
      onOutput: (t) => seen.push(t),
    });
    await adapter.wake(NOTIFY);
    await outputContains(seen, "THE-END");
    await adapter.close();
    const out = adapter.output();
    expect(out).to.match(/^\[\.\.\. [0-9]+ earlier bytes not kept\]\n/);
    expect(out.trimEnd().endsWith("THE-END")).to.equal(true);
    expect(out.length).to.be.lessThan(1100);
  });

  it("says so when the shell cannot find the command", async () => {
    const adapter = new TriggerAdapter({ command: "no-such-device-command-xyz --wake" });
    await adapter.wake(NOTIFY);
    await adapter.settled();
    await adapter.close();
    expect(adapter.exitStatuses()).to.deep.equal(["exit 127"]);
    expect(adapter.output()).to.include("could not run the command");
  });

  it("rejects wake() with a clear error when the command cannot be spawned", async () => {
    const adapter = new TriggerAdapter({ command: "true", cwd: join(dir, "missing-dir") });
    const err = await adapter.wake(NOTIFY).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).to.be.instanceOf(TriggerSpawnError);
    expect(err?.message).to.include("cannot run trigger command");
    await adapter.close();
  });
});
