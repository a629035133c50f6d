/**
 * Table-driven: each fault switch of the reference server, alone, must make the server suites fail
 * the clause it breaks. A fault the suites cannot catch is a test that cannot fail.
 */
import { expect } from "chai";
import type { Verdict } from "../../harness/model/verdict.ts";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import {
  REFERENCE_SERVER_FAULTS,
  REFERENCE_SERVER_HOSTS,
  startReferenceServer,
} from "../../harness/reference/server/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { serverContext } from "./context.ts";

describe("self-test: every reference-server fault is detected", function () {
  this.timeout(120_000);
  let pki: TestPki;
  const table: Array<{ fault: string; clause: string; verdict: Verdict; ms: number }> = [];

  before(async () => {
    pki = await generateTestPki({ hosts: REFERENCE_SERVER_HOSTS });
  });
  after(() => {
    if (table.length === 0) return;
    const rows = table.map(
      (r) =>
        `      ${r.fault.padEnd(28)} ${r.clause}  ${r.verdict.padEnd(13)} ${String(Math.round(r.ms)).padStart(5)} ms`,
    );
    console.log(
      `\n      fault                        clause      verdict          time\n${rows.join("\n")}\n`,
    );
  });

  for (const fault of REFERENCE_SERVER_FAULTS) {
    it(`${fault.name} -> ${fault.clause} fails`, async () => {
      const server = await startReferenceServer({ faults: [fault.name], pki });
      const started = performance.now();
      try {
        const outcomes = await runSuites({
          role: "server",
          clauses: [fault.clause],
          context: serverContext({
            url: server.url,
            caPem: server.caPem,
            notify: (push, device) => server.notify(push, device),
            // never-end runs to the package bound: keep it small so the table stays fast.
            maxPackages: 20,
          }),
        });
        const verdict = clauseVerdicts(outcomes).get(fault.clause) ?? "not-exercised";
        table.push({ fault: fault.name, clause: fault.clause, verdict, ms: performance.now() - started });
        const messages = outcomes.flatMap((o) =>
          o.results.filter((r) => r.verdict !== "pass").map((r) => r.message),
        );
        expect(verdict, messages.join("\n")).to.equal("fail");
      } finally {
        await server.close();
      }
    });
  }
});
