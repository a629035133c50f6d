/**
 * Hostile servers: never answers, resets mid-response, HTML instead of a command file, a 10 MiB
 * response, an endless stream, one byte a second. Each must give verdicts within the timeout: the packages it broke
 * fail DMS-5.6-01 / DMS-5.7-01 (or the 5.5 clauses), nothing errs, nothing hangs.
 */
import { expect } from "chai";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import { REFERENCE_SERVER_HOSTS } from "../../harness/reference/server/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { serverContext } from "./context.ts";
import { HOSTILE, startHostileServer } from "./hostile-servers.ts";

const TIMEOUT_MS = 1000;

/** The clause each hostile server must at least fail. */
const EXPECTED_FAIL: Record<string, string> = {
  "never answers": "DMS-5.6-01",
  "resets mid-response": "DMS-5.6-01",
  "HTML instead of a command file": "DMS-5.5-01",
  "10 MiB response": "DMS-5.7-01",
  "endless stream": "DMS-5.7-01",
  "one byte a second": "DMS-5.6-01",
};

describe("self-test: hostile servers give verdicts, never a hang", function () {
  this.timeout(60_000);
  let pki: TestPki;
  before(async () => {
    pki = await generateTestPki({ hosts: REFERENCE_SERVER_HOSTS });
  });

  for (const [name, behaviour] of Object.entries(HOSTILE)) {
    it(`${name}: ${EXPECTED_FAIL[name]} fails within the timeout`, async () => {
      const server = await startHostileServer(behaviour, pki.valid);
      const started = performance.now();
      try {
        const outcomes = await runSuites({
          role: "server",
          context: serverContext({ url: server.url, caPem: pki.caPem, timeoutMs: TIMEOUT_MS }),
          // The informative probes are exercised against the reference server; here the clauses.
          grep: /\[DMS-/,
        });
        const elapsed = performance.now() - started;
        const verdicts = clauseVerdicts(outcomes);
        expect(verdicts.get(EXPECTED_FAIL[name]!), JSON.stringify(Object.fromEntries(verdicts))).to.equal(
          "fail",
        );
        expect([...verdicts.values()]).to.not.include("error");
        expect(verdicts.get("DMS-5.3-02")).to.equal("pass");
        // Every wait is bounded (a whole response by 3 timeouts), sessions run in parallel and the
        // probes after them: a handful of timeouts in all, not one per package or per byte.
        expect(elapsed).to.be.below(TIMEOUT_MS * 12);
      } finally {
        await server.close();
      }
    });
  }
});
