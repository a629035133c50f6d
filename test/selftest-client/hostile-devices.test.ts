/**
 * Hostile devices against the driver: each misbehaves in one way on the wire; the run must still
 * end in a verdict with evidence within its bounds, without a crash, a hang, or a listener left open.
 */
import { expect } from "chai";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { clientContext } from "./context.ts";
import { HostileDevice, type SCRIPTS } from "./hostile-devices.ts";

const TIMEOUT_MS = 1500;

function listeners(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;
}

/** Node lets go of a closed server's handle a moment after close() resolves: wait for it, bounded. */
async function listenersSettleAt(count: number, ms = 2000): Promise<number> {
  const deadline = Date.now() + ms;
  while (listeners() !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return listeners();
}

/** Which clause each hostile device is judged on, and the verdicts it may end in. */
const CASES: Array<{ script: keyof typeof SCRIPTS; clause: string; verdicts: string[] }> = [
  { script: "never connects", clause: "DMC-5.4-01", verdicts: ["not-exercised"] },
  { script: "connects and closes mid-headers", clause: "DMC-5.4-01", verdicts: ["not-exercised"] },
  { script: "sends garbage bytes", clause: "DMC-5.4-01", verdicts: ["not-exercised"] },
  { script: "sends a 50 MiB body", clause: "DMC-5.4-01", verdicts: ["not-exercised", "fail"] },
  { script: "drips one byte a second", clause: "DMC-5.4-01", verdicts: ["not-exercised"] },
  { script: "sends a status file of 100,000 lines", clause: "DMC-5.6-06", verdicts: ["fail"] },
];

describe("selftest-client: hostile devices", function () {
  this.timeout(30_000);

  for (const c of CASES) {
    it(`a device that ${c.script} ends in ${c.verdicts.join(" or ")} for ${c.clause}, with evidence, in bounded time`, async () => {
      const before = listeners();
      const device = new HostileDevice(c.script);
      const started = performance.now();
      let outcomes: Awaited<ReturnType<typeof runSuites>>;
      try {
        outcomes = await runSuites({
          role: "client",
          clauses: [c.clause],
          context: clientContext(device, { timeoutMs: TIMEOUT_MS }),
        });
      } finally {
        await device.close();
      }
      const elapsed = performance.now() - started;
      const verdict = clauseVerdicts(outcomes).get(c.clause);
      expect(c.verdicts, `verdict ${verdict}`).to.include(verdict);
      const results = outcomes
        .flatMap((o) => o.results)
        .filter((r) => r.clause === c.clause && r.verdict !== "pass");
      expect(results.length).to.be.greaterThan(0);
      for (const r of results) expect(r.evidence.length, `${r.verdict}: ${r.message}`).to.be.greaterThan(0);
      // Bounded: a few session timeouts at most, never the 50 MiB or the drip running their course.
      expect(elapsed).to.be.lessThan(TIMEOUT_MS * 6);
      expect(await listenersSettleAt(before), "listeners left open").to.equal(before);
      const shown = results[0]!.evidence.map((e) => e.text.split("\n")[0]!.slice(0, 90)).join(" | ");
      console.log(`      ${c.script}: ${verdict} in ${Math.round(elapsed)} ms; evidence: ${shown}`);
    });
  }
});
