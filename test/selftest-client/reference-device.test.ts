/**
 * The client suites against the bundled reference device, in process: every testable DMC clause
 * must pass; DMC-5.8-13 is untestable; DMC-5.8.1-02 (TBD) is not applicable to a device with a SIM
 * and is shown in a second run of a device without SIM and 3GPP connection.
 */
import { expect } from "chai";
import { quotesTheWire } from "../../harness/model/evidence.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites, type TestOutcome } from "../../harness/runner/suite-runner.ts";
import { CLIENT_CLAUSES, clientContext, NO_SIM_IXIT } from "./context.ts";

function failures(outcomes: TestOutcome[]): string {
  return outcomes
    .filter((o) => o.state !== "passed")
    .map((o) => `${o.title}: ${o.error?.message ?? JSON.stringify(o.verdicts)}`)
    .join("\n");
}

describe("selftest-client: the client suites against the reference device", function () {
  this.timeout(60_000);

  it("passes every testable DMC clause (DMC-5.8-13 untestable, DMC-5.8.1-02 not applicable with a SIM)", async () => {
    const device = createReferenceDevice();
    const started = performance.now();
    try {
      const outcomes = await runSuites({ role: "client", context: clientContext(device.adapter) });
      const verdicts = clauseVerdicts(outcomes);
      const expected = Object.fromEntries(
        CLIENT_CLAUSES.map((c) => [
          c,
          c === "DMC-5.8-13" ? "untestable" : c === "DMC-5.8.1-02" ? "not-applicable" : "pass",
        ]),
      );
      expect(
        Object.fromEntries(CLIENT_CLAUSES.map((c) => [c, verdicts.get(c)])),
        failures(outcomes),
      ).to.deep.equal(expected);
      // Every result carries a message; every non-pass says why; every pass quotes the wire it judged.
      for (const o of outcomes)
        for (const r of o.results)
          expect(r.message, `${o.title} ${r.clause}`).to.be.a("string").and.not.empty;
      const passesWithoutWire = outcomes.flatMap((o) =>
        o.results
          .filter((r) => r.verdict === "pass" && !quotesTheWire(r))
          .map(
            (r) => `${o.title} ${r.clause}: evidence ${r.evidence.map((e) => e.kind).join(", ") || "none"}`,
          ),
      );
      expect(passesWithoutWire).to.deep.equal([]);
    } finally {
      await device.adapter.close();
    }
    console.log(
      `      client suites against the reference device: ${Math.round(performance.now() - started)} ms`,
    );
  });

  it("passes DMC-5.8.1-02 on a device without SIM and 3GPP connection, declared so in the IXIT", async () => {
    const device = createReferenceDevice({ noSim: true, noCellular: true });
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8.1-01", "DMC-5.8.1-02"],
        context: clientContext(device.adapter, { ixit: NO_SIM_IXIT }),
      });
      const verdicts = clauseVerdicts(outcomes);
      expect(verdicts.get("DMC-5.8.1-02"), failures(outcomes)).to.equal("pass");
      expect(verdicts.get("DMC-5.8.1-01"), failures(outcomes)).to.equal("pass");
      const tbd = outcomes.flatMap((o) => o.results).find((r) => r.clause === "DMC-5.8.1-02")!;
      expect(tbd.message).to.match(/\[MCC\] → TBD/);
    } finally {
      await device.adapter.close();
    }
  });

  it("judges optional features by the IXIT: SHOW unsupported is not applicable and its status is 5.8-01's, no executable node is not applicable", async () => {
    const device = createReferenceDevice({ ixit: { show: false } });
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8-01", "DMC-5.8-11", "DMC-5.8-12", "DMC-5.8-13"],
        context: clientContext(device.adapter, { ixit: { show: false, exec: null } }),
      });
      const verdicts = clauseVerdicts(outcomes);
      expect(verdicts.get("DMC-5.8-12"), failures(outcomes)).to.equal("not-applicable");
      expect(verdicts.get("DMC-5.8-13"), failures(outcomes)).to.equal("not-applicable");
      expect(verdicts.get("DMC-5.8-01"), failures(outcomes)).to.equal("pass");
      expect(outcomes.flatMap((o) => o.results).find((r) => r.clause === "DMC-5.8-01")!.reading).to.match(
        /SHOW/,
      );
      expect(verdicts.get("DMC-5.8-11")).to.equal("not-applicable");
    } finally {
      await device.adapter.close();
    }
  });

  it("fails DMC-5.8-01 when the IXIT declares SHOW unsupported but the device runs it", async () => {
    const device = createReferenceDevice();
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8-01"],
        context: clientContext(device.adapter, { ixit: { show: false } }),
      });
      expect(clauseVerdicts(outcomes).get("DMC-5.8-01")).to.equal("fail");
    } finally {
      await device.adapter.close();
    }
  });

  it("fails DMC-5.8-13 when the IXIT declares the browser can reach the DM tree", async () => {
    const device = createReferenceDevice();
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8-13"],
        context: clientContext(device.adapter, { ixit: { browserIsolated: false } }),
      });
      expect(clauseVerdicts(outcomes).get("DMC-5.8-13")).to.equal("fail");
    } finally {
      await device.adapter.close();
    }
  });

  it("fails the TBD clause when the IXIT declares no SIM but the device has one", async () => {
    const device = createReferenceDevice();
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8.1-02"],
        context: clientContext(device.adapter, { ixit: NO_SIM_IXIT }),
      });
      expect(clauseVerdicts(outcomes).get("DMC-5.8.1-02")).to.equal("fail");
    } finally {
      await device.adapter.close();
    }
  });
});
