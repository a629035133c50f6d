/**
 * One `selftest` pass in a worker thread (see selftest-command.ts): a worker has its own module
 * graph, so its own mocha suites, run context, listeners and reference implementation, and its
 * pass runs beside the others instead of after them. It reports each settled clause and each test
 * as it ends, then that it is done; its Allure results go to the run's folder like any pass's.
 *
 * Started early and loaded (selftest-workers.ts), it waits for one message, SelftestWorkerData.
 * Messages to the parent: { settled, pass }, { test }, { ended: pass }, { done, phases? },
 * { failed: { message, stack } }; from it, later: { stop } on a signal.
 */
import { once } from "node:events";
import { parentPort } from "node:worker_threads";
import { loadCatalog } from "../catalog/catalog.ts";
import { keyWorkSettled } from "../pki/test-pki.ts";
import { allureReporterFor } from "../report/allure.ts";
import { type PhaseSpan, phasesOn, recordedPhases } from "../runner/phases.ts";
import type { RunContext } from "../runner/run-context.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { endEverything } from "./interrupt.ts";
import { runSelftestPass, type SelftestPassSpec } from "./selftest-passes.ts";
import type { SettledClause } from "./terminal.ts";

export interface SelftestWorkerData {
  /** Run one after another in this worker. */
  specs: SelftestPassSpec[];
  /** The run's allure-results folder and environment, when Allure is a chosen reporter. */
  allure?: { dir: string; environment: Record<string, string> };
}

/** What the command tells a worker after its passes: stop (a signal came). */
export interface SelftestWorkerCommand {
  stop?: boolean;
}

/** What a worker tells the command, one message at a time. */
export type SelftestWorkerMessage =
  | { settled: SettledClause; pass: SelftestPassSpec["name"] }
  | { test: TestOutcome }
  | { ended: SelftestPassSpec["name"] }
  | { done: true; phases?: { spans: PhaseSpan[]; origin: number } }
  | { failed: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error("selftest-worker.ts runs only as a worker thread");
// Loaded before the command knows what to run (selftest-workers.ts): wait for the passes.
const [{ specs, allure }] = (await once(port, "message")) as [SelftestWorkerData];
const catalog = loadCatalog();
// A signal in the command: stop as the command's own thread does (no further test starts, the
// pass's listeners and run end) and report what was judged. Never terminated mid-pass from
// outside: on Node 20, terminating a worker while a key is being generated aborts the process.
const stop = new AbortController();
const contexts: RunContext[] = [];
port.on("message", (m: SelftestWorkerCommand) => {
  if (m.stop && !stop.signal.aborted) {
    stop.abort();
    for (const ctx of contexts) void endEverything(ctx);
  }
});
try {
  const reporter = allure
    ? allureReporterFor(allure.dir, { catalog, environment: allure.environment })
    : undefined;
  for (const spec of specs) {
    if (stop.signal.aborted) break;
    const pass = spec.name;
    // Each outcome goes to the command as its test ends ({ test }), which is all it needs.
    await runSelftestPass(
      spec,
      {
        catalog,
        ...(reporter ? { reporter } : {}),
        onSettled: (settled) => port.postMessage({ settled, pass } satisfies SelftestWorkerMessage),
        onTest: (test) => port.postMessage({ test } satisfies SelftestWorkerMessage),
        signal: stop.signal,
      },
      (ctx) => {
        contexts.push(ctx);
        // A pass that set up after the stop came ends at once too.
        if (stop.signal.aborted) void endEverything(ctx);
      },
    );
    port.postMessage({ ended: pass } satisfies SelftestWorkerMessage);
  }
  // The command terminates this worker once it has everything: never with a key half made.
  await keyWorkSettled();
  // DM20_PHASES: what this thread timed goes into the command's table.
  const phases = phasesOn() ? { phases: { spans: recordedPhases(), origin: performance.timeOrigin } } : {};
  port.postMessage({ done: true, ...phases } satisfies SelftestWorkerMessage);
} catch (e) {
  const err = e as Error;
  await keyWorkSettled();
  port.postMessage({ failed: { message: err.message, ...(err.stack ? { stack: err.stack } : {}) } });
}
