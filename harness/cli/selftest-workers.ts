/**
 * The worker threads a compiled `selftest` runs passes in (selftest-worker.ts), started before
 * the command's own modules load: a worker spends ~0.4 s loading its module graph (mocha,
 * fastify, the suites), and doing that while this thread loads the same graph takes it off the
 * self-test's critical path. A worker waits, loaded, for the passes it is to run, so set-up
 * errors found meanwhile still come before any work; unused workers are ended.
 *
 * Deliberately light: node:worker_threads only, so `main.ts` can call it before importing the
 * command. Only compiled code starts workers (a Node 20 worker does not inherit tsx's loader).
 */
import { Worker } from "node:worker_threads";

const WORKER_URL = new URL("./selftest-worker.js", import.meta.url);

/** Whether this is the compiled command (dist/), where passes may run in workers. */
export const WORKERS_AVAILABLE = import.meta.url.endsWith(".js");

interface Preloaded {
  worker: Worker;
  /** Set when it failed or ended before a pass was given to it: it is not handed out then. */
  gone?: boolean;
}

const waiting: Preloaded[] = [];

/** Starts `n` workers loading now (compiled only); the command takes them with takeWorker(). */
export function preloadWorkers(n: number): void {
  if (!WORKERS_AVAILABLE) return;
  for (let i = 0; i < n; i++) {
    const p: Preloaded = { worker: new Worker(WORKER_URL) };
    // Listened to from the start: an 'error' event nobody listens to would end the process, and a
    // worker that died while waiting would never answer. takeWorker() starts a fresh one instead,
    // whose failure then reaches the pass that waits on it.
    p.worker.once("error", () => (p.gone = true));
    p.worker.once("exit", () => (p.gone = true));
    waiting.push(p);
  }
}

/** A preloaded worker still alive, or a new one. */
export function takeWorker(): Worker {
  for (let p = waiting.shift(); p; p = waiting.shift()) if (!p.gone) return p.worker;
  return new Worker(WORKER_URL);
}

/** Ends the workers no pass took (a set-up error, a selection that needs fewer). */
export async function endUnusedWorkers(): Promise<void> {
  await Promise.all(waiting.splice(0).map((p) => p.worker.terminate()));
}
