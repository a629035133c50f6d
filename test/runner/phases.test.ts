/**
 * The phase profile (DM20_PHASES): spans per kind, their sum and the wall time they cover
 * together (sessions overlap, so the sum alone would overstate what they cost), and the table a
 * run prints. Driven through a real selftest of one clause, so every instrumented phase shows.
 */
import { expect } from "chai";
import {
  addPhases,
  coveredMs,
  type PhaseSpan,
  phasesOn,
  phaseTable,
  recordedPhases,
  resetPhases,
} from "../../harness/runner/phases.ts";

describe("phase profile", () => {
  it("is on only when DM20_PHASES is set to something other than 0", () => {
    expect(phasesOn({})).to.equal(false);
    expect(phasesOn({ DM20_PHASES: "" })).to.equal(false);
    expect(phasesOn({ DM20_PHASES: "0" })).to.equal(false);
    expect(phasesOn({ DM20_PHASES: "1" })).to.equal(true);
  });

  it("counts overlapping spans once in the wall time, and gaps not at all", () => {
    expect(coveredMs([])).to.equal(0);
    expect(
      coveredMs([
        { from: 0, to: 10 },
        { from: 5, to: 15 },
        { from: 20, to: 30 },
      ]),
    ).to.equal(25);
    expect(
      coveredMs([
        { from: 0, to: 100 },
        { from: 10, to: 20 },
        { from: 30, to: 40 },
      ]),
    ).to.equal(100);
  });

  it("prints one row per kind in order of first start, with sum, wall time and the slowest session", () => {
    const spans: PhaseSpan[] = [
      { kind: "start-up", label: "", from: 0, to: 400 },
      { kind: "session", label: "a", from: 500, to: 800 },
      { kind: "session", label: "b", from: 600, to: 1100 },
      { kind: "quiet", label: "end-of-run watch", from: 1100, to: 1400 },
    ];
    const table = phaseTable(spans, 1500);
    const rows = table.split("\n").filter((l) => /^ {2}[a-z-]+ +\d/.test(l));
    expect(rows.map((r) => r.trim().split(/ +/).slice(0, 4))).to.deep.equal([
      ["start-up", "1", "400", "400"],
      ["session", "2", "800", "600"],
      ["quiet", "1", "300", "300"],
    ]);
    expect(table).to.include("1.50 s since the process started");
    expect(table).to.include("slowest session: b (500 ms)");
  });

  it("DM20_PHASES=spans lists every span but the listeners', by start, with its thread", () => {
    const spans: PhaseSpan[] = [
      { kind: "session", label: "late", from: 900, to: 1000, thread: "worker" },
      { kind: "listener", label: "127.0.0.1:0", from: 10, to: 20 },
      { kind: "pki", label: "127.0.0.1 localhost", from: 100, to: 200 },
    ];
    const list = phaseTable(spans, 1500, true)
      .split("spans (DM20_PHASES=spans):\n")[1]!
      .trimEnd()
      .split("\n");
    expect(list.map((l) => l.trim().split(/ +/))).to.deep.equal([
      ["100", "200", "100", "main", "pki", "127.0.0.1", "localhost"],
      ["900", "1000", "100", "worker", "session", "late"],
    ]);
    expect(phaseTable(spans, 1500, false)).to.not.include("spans (");
  });

  it("takes a worker's spans onto this thread's clock, marked with the thread", () => {
    const saved = process.env.DM20_PHASES;
    process.env.DM20_PHASES = "1";
    resetPhases();
    try {
      // A worker whose clock started 250 ms after this thread's: its 100 ms is this thread's 350.
      addPhases([{ kind: "pass", label: "w", from: 100, to: 300 }], performance.timeOrigin + 250, "worker");
      expect(recordedPhases()).to.deep.equal([
        { kind: "pass", label: "w", from: 350, to: 550, thread: "worker" },
      ]);
    } finally {
      if (saved === undefined) delete process.env.DM20_PHASES;
      else process.env.DM20_PHASES = saved;
      resetPhases();
    }
  });

  describe("a self-test with DM20_PHASES set", function () {
    this.timeout(60_000);
    const saved = process.env.DM20_PHASES;
    let printed = "";

    before(async () => {
      process.env.DM20_PHASES = "1";
      resetPhases();
      const { main } = await import("../../harness/cli/main.ts");
      const { captureIo } = await import("../cli/capture-io.ts");
      const c = captureIo();
      const { mkdtemp } = await import("node:fs/promises");
      const { tmpdir } = await import("node:os");
      const { join } = await import("node:path");
      const out = join(await mkdtemp(join(tmpdir(), "dm20-phases-")), "out");
      expect(
        await main(
          ["selftest", "--clause", "DMC-5.5-02,DMS-5.7-01", "--out", out, "--reporter", "json"],
          c.io,
        ),
      ).to.equal(0);
      printed = c.err();
    });

    after(() => {
      if (saved === undefined) delete process.env.DM20_PHASES;
      else process.env.DM20_PHASES = saved;
      resetPhases();
    });

    it("records start-up, the PKI, listeners, sessions of both roles, quiet windows, passes and the report", () => {
      const kinds = new Set(recordedPhases().map((s) => s.kind));
      for (const k of ["start-up", "pki", "listener", "session", "quiet", "pass", "report"])
        expect(kinds.has(k), k).to.equal(true);
      expect(recordedPhases().some((s) => s.kind === "session" && s.label.startsWith("notified"))).to.equal(
        true,
      );
    });

    it("prints the table on stderr", () => {
      expect(printed).to.match(/phases \(DM20_PHASES\): [\d.]+ s since the process started/);
      expect(printed).to.match(/\n {2}session +\d+ +\d+ +\d+/);
    });
  });
});
