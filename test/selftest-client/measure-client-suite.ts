/**
 * Times one full run of the client suites against the in-process reference device, with the run's
 * default bounds (10 s per wait, 1.5 s quiet period) unless given: the figure the issue asks for.
 *
 *   /usr/bin/time node --import tsx test/selftest-client/measure-client-suite.ts [timeoutMs] [quietMs]
 */
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { DEFAULT_TIMEOUT_MS } from "../../harness/runner/run-context.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { DEFAULT_QUIET_MS } from "../../harness/server-role/index.ts";
import { clientContext } from "./context.ts";

const timeoutMs = Number(process.argv[2] ?? DEFAULT_TIMEOUT_MS);
const quietMs = Number(process.argv[3] ?? DEFAULT_QUIET_MS);
const device = createReferenceDevice();
const started = performance.now();
const outcomes = await runSuites({
  role: "client",
  context: clientContext(device.adapter, { timeoutMs, quietMs }),
});
const elapsed = performance.now() - started;
await device.adapter.close();
const counts: Record<string, number> = {};
for (const v of clauseVerdicts(outcomes).values()) counts[v] = (counts[v] ?? 0) + 1;
console.log(
  `${outcomes.length} tests, clauses ${JSON.stringify(counts)}; suites ran ${Math.round(elapsed)} ms (timeout ${timeoutMs} ms, quiet ${quietMs} ms)`,
);
