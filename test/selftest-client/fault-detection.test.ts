/**
 * Table-driven: each fault switch of the reference device, alone, must make the client suites fail
 * the clause it breaks (only the suites naming that clause run). A fault the suites cannot catch is
 * a test that cannot fail. The detection table is printed. One more run goes through the external
 * process (main.ts) behind the trigger contract, with a fault set through its environment.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { Verdict } from "../../harness/model/verdict.ts";
import {
  createReferenceDevice,
  REFERENCE_DEVICE_FAULT_NEEDS,
  REFERENCE_DEVICE_FAULTS,
} from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { clientContext, NO_SIM_IXIT } from "./context.ts";
import { runExternalReferenceDevice } from "./external-device.ts";

/** Faults make the device miss things, so waits run to their bound: keep the bound small. */
const FAULT_TIMEOUT_MS = 1500;

describe("selftest-client: every reference-device fault is detected", function () {
  this.timeout(60_000);
  const table: Array<{ fault: string; clause: string; verdict: Verdict | "(none)"; ms: number }> = [];

  after(() => {
    if (table.length === 0) return;
    const w = Math.max(...table.map((r) => r.fault.length));
    const lines = table.map(
      (r) =>
        `      ${r.fault.padEnd(w)}  ${r.clause.padEnd(13)}  ${r.verdict.padEnd(8)} ${String(r.ms).padStart(5)} ms`,
    );
    console.log(
      `\n      fault-detection table (client suites vs reference device)\n      ${"fault".padEnd(w)}  clause         verdict\n${lines.join("\n")}\n`,
    );
  });

  for (const fault of REFERENCE_DEVICE_FAULTS) {
    it(`${fault.name} fails ${fault.clause}`, async () => {
      const needs = REFERENCE_DEVICE_FAULT_NEEDS[fault.name] ?? {};
      const device = createReferenceDevice({ faults: [fault.name], ...needs });
      const started = performance.now();
      try {
        const outcomes = await runSuites({
          role: "client",
          clauses: [fault.clause],
          context: clientContext(device.adapter, {
            timeoutMs: FAULT_TIMEOUT_MS,
            ...(needs.noSim || needs.noCellular ? { ixit: NO_SIM_IXIT } : {}),
          }),
        });
        const verdict = clauseVerdicts(outcomes).get(fault.clause) ?? "(none)";
        table.push({
          fault: fault.name,
          clause: fault.clause,
          verdict,
          ms: Math.round(performance.now() - started),
        });
        expect(verdict, `${fault.name}: ${fault.description}`).to.equal("fail");
        // The FAIL quotes the wire.
        const failed = outcomes
          .flatMap((o) => o.results)
          .filter((r) => r.clause === fault.clause && r.verdict === "fail");
        expect(
          failed.every((r) => r.evidence.length > 0),
          "every FAIL carries evidence",
        ).to.equal(true);
      } finally {
        await device.adapter.close();
      }
    });
  }

  it("through the external-process trigger path: a conformant run passes and msgid-off-by-one fails DMC-5.6-04", async function () {
    this.timeout(90_000);
    const run = async (faults: string) => {
      const dir = await mkdtemp(join(tmpdir(), "dm20-client-trigger-"));
      try {
        const { outcomes, output } = await runExternalReferenceDevice({
          dir,
          env: { DM20_REF_FAULTS: faults },
          clauses: ["DMC-5.6-04"],
        });
        return { verdicts: clauseVerdicts(outcomes), output };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    const good = await run("");
    expect(good.verdicts.get("DMC-5.6-04")).to.equal("pass");
    expect(good.output).to.match(/\[ref-device\] result: ended/);
    const bad = await run("msgid-off-by-one");
    expect(bad.verdicts.get("DMC-5.6-04")).to.equal("fail");
    expect(bad.output).to.match(/\[ref-device\] result: ended/);
  });
});
