/**
 * The interop matrix over the bundled references: 2 devices (conformant; Pkg#1 Accept without
 * application/tnds20, DMC-5.4-02) × 2 servers (conformant; MsgID growing by two, DMS-5.5-03).
 * Every cell blames the faulty side for its fault's clause and nothing else; the conformant pair
 * is clean. Then the matrix file's set-up errors, --pair, and merge.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { MatrixFileError, parseMatrix, selectPairs } from "../../harness/interop/matrix-file.ts";
import { mergeMatrices } from "../../harness/interop/merge-matrix.ts";
import { DEMO_OUT, demoRun } from "./demo-run.ts";

const FAULT: Record<string, { side: "device" | "server"; clause: string } | undefined> = {
  "ref-device": undefined,
  "ref-device-accept-fault": { side: "device", clause: "DMC-5.4-02" },
  "ref-server": undefined,
  "ref-server-msgid-fault": { side: "server", clause: "DMS-5.5-03" },
};

describe("interop: the 2 × 2 matrix of the references", function () {
  this.timeout(180_000);

  it("blames each faulty side for its fault's clause and nothing else; the conformant pair is clean; exit 1", async () => {
    const { exitCode, matrix } = await demoRun();
    expect(exitCode).to.equal(1);
    expect(matrix.total).to.equal(4);
    expect(matrix.clean).to.equal(1);
    for (const { summary: p } of matrix.pairs) {
      const cell = `${p.device} × ${p.server}`;
      expect(p.completed, `${cell} completed`).to.equal(true);
      for (const side of ["device", "server"] as const) {
        const fault = FAULT[side === "device" ? p.device : p.server];
        expect(
          p.failures[side].map((f) => f.clause),
          `${cell}: ${side} failures`,
        ).to.deep.equal(fault ? [fault.clause] : []);
      }
    }
  });

  it("writes junit.xml with one testcase per pair and side", async () => {
    await demoRun();
    const xml = await import("node:fs/promises").then((fs) =>
      fs.readFile(join(DEMO_OUT, "junit.xml"), "utf8"),
    );
    expect(xml.match(/<testcase /g)?.length).to.equal(8);
    expect(xml.match(/<failure /g)?.length).to.equal(4);
  });

  it("merge of two runs of the same pairs keeps the grid (reports folded, worst verdict wins)", async () => {
    await demoRun();
    const out = await mkdtemp(join(tmpdir(), "dm20-interop-merge-"));
    try {
      const merged = await mergeMatrices([DEMO_OUT, DEMO_OUT], out);
      expect(merged.total).to.equal(4);
      expect(merged.clean).to.equal(1);
      const cell = merged.pairs.find(
        (p) =>
          p.summary.device === "ref-device-accept-fault" && p.summary.server === "ref-server-msgid-fault",
      )!;
      expect(cell.summary.failures.device.map((f) => f.clause)).to.deep.equal(["DMC-5.4-02"]);
      expect(cell.summary.failures.server.map((f) => f.clause)).to.deep.equal(["DMS-5.5-03"]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("interop: the matrix file", () => {
  const ok = {
    devices: [{ label: "d1", trigger: "./wake.sh" }],
    servers: [{ label: "s1", url: "https://dm.test/dm20", ca: "ca.pem", notify: "DEFAULT" }],
  };
  const error = (input: unknown) => {
    try {
      parseMatrix(input, "interop.json", "/tmp");
    } catch (e) {
      expect(e).to.be.instanceOf(MatrixFileError);
      return (e as Error).message;
    }
    throw new Error("no set-up error");
  };

  it("names an unknown key and where it is", () => {
    expect(error({ ...ok, devices: [{ label: "d1", trigger: "x", trigerr: "y" }] })).to.include(
      'unknown key "trigerr" in devices.0',
    );
  });

  it("names a missing field", () => {
    expect(error({ ...ok, servers: [{ label: "s1", url: "https://x/dm20", ca: "ca.pem" }] })).to.include(
      'servers.0 is missing "notify"',
    );
  });

  it("wants exactly one adapter per device, unique labels", () => {
    expect(error({ ...ok, devices: [{ label: "d1" }] })).to.include(
      "needs exactly one of trigger, push, manual",
    );
    expect(error({ ...ok, devices: [{ label: "d1", trigger: "a", manual: true }] })).to.include(
      "has trigger, manual",
    );
    expect(error({ ...ok, devices: [ok.devices[0], ok.devices[0]] })).to.include(
      'two devices are labelled "d1"',
    );
  });

  it("--pair picks one pair, and an unknown pair is a set-up error", () => {
    const m = parseMatrix(ok, "interop.json", "/tmp");
    expect(selectPairs(m, "d1:s1")).to.have.length(1);
    expect(() => selectPairs(m, "d1:s9")).to.throw(MatrixFileError, /no such pair/);
  });

  it("the CLI exits 2 with one line naming the key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-interop-file-"));
    try {
      const file = join(dir, "interop.json");
      await writeFile(file, JSON.stringify({ ...ok, extra: 1 }));
      let err = "";
      const io = {
        out: { write: () => true },
        err: { write: (s: string) => (err += s) },
        color: false,
        env: process.env,
      };
      expect(await main(["interop", "--matrix", file, "--out", join(dir, "out")], io)).to.equal(2);
      expect(err.trim().split("\n")).to.have.length(1);
      expect(err).to.include('unknown key "extra"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
