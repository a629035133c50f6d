/**
 * One `selftest` pass in a worker thread (see selftest-command.ts): a worker has its own module
 * graph, so its own mocha suites, run context, listeners and reference implementation, and its
 * pass runs beside the others instead of after them. It reports each settled clause and each test
 * as it ends, then every outcome; its Allure results go to the run's folder like any pass's.
 *
 * Started early and loaded (selftest-workers.ts), it waits for one message, SelftestWorkerData.
 * Messages to the parent: { settled, pass }, { test }, { ended: pass }, { done: outcomes },
 * { failed: { message, stack } }.
 */
import { once } from "node:events";
import { parentPort } from "node:worker_threads";
import { loadCatalog } from "../catalog/catalog.ts";
import { allureReporterFor } from "../report/allure.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { runSelftestPass, type SelftestPassSpec } from "./selftest-passes.ts";
import type { SettledClause } from "./terminal.ts";

export interface SelftestWorkerData {
  /** Run one after another in this worker. */
  specs: SelftestPassSpec[];
  /** The run's allure-results folder and environment, when Allure is a chosen reporter. */
  allure?: { dir: string; environment: Record<string, string> };
}

/** What a worker tells the command, one message at a time. */
export type SelftestWorkerMessage =
  | { settled: SettledClause; pass: SelftestPassSpec["name"] }
  | { test: TestOutcome }
  | { ended: SelftestPassSpec["name"] }
  | { done: TestOutcome[] }
  | { failed: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error("selftest-worker.ts runs only as a worker thread");
// Loaded before the command knows what to run (selftest-workers.ts): wait for the passes.
const [{ specs, allure }] = (await once(port, "message")) as [SelftestWorkerData];
const catalog = loadCatalog();
try {
  const outcomes: TestOutcome[] = [];
  const reporter = allure
    ? allureReporterFor(allure.dir, { catalog, environment: allure.environment })
    : undefined;
  for (const spec of specs) {
    const pass = spec.name;
    outcomes.push(
      ...(await runSelftestPass(spec, {
        catalog,
        ...(reporter ? { reporter } : {}),
        onSettled: (settled) => port.postMessage({ settled, pass } satisfies SelftestWorkerMessage),
        onTest: (test) => port.postMessage({ test } satisfies SelftestWorkerMessage),
      })),
    );
    port.postMessage({ ended: pass } satisfies SelftestWorkerMessage);
  }
  port.postMessage({ done: outcomes } satisfies SelftestWorkerMessage);
} catch (e) {
  const err = e as Error;
  port.postMessage({ failed: { message: err.message, ...(err.stack ? { stack: err.stack } : {}) } });
}
