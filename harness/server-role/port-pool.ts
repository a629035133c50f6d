/**
 * The ports the harness's DM-server listeners may use. By default each listener takes an ephemeral
 * port; `run --port 9000-9011` pins them to a range (a device on another machine behind a
 * firewall), and each listener takes the lowest free port of it and gives it back on close.
 *
 * A client run holds up to CLIENT_RUN_PORTS listeners at once, however many sessions it runs: the
 * sessions share one DM listener, one https and one http resource origin (shared-listener.ts), and
 * only the negative cases of 5.3 (five invalid certificates, one plain-HTTP session URL) have a
 * listener of their own. A range at least that wide never makes a listener wait, which is what the
 * CLI's pre-flight requires; a narrower one would make a listener wait, bounded, for a port to come
 * free, so the pre-flight refuses it. The range is a PortRange under PORT_RANGE_KEY
 * in the run's shared state.
 */
import { runContext } from "../runner/run-context.ts";

export interface PortRange {
  from: number;
  to: number;
}

export const PORT_RANGE_KEY = "server-role.portRange";
const POOL_KEY = "server-role.portPool";

/**
 * The most listeners a run of the whole client suites holds at once (measured by
 * test/cli/port-option.test.ts against the reference device, which fails when a suite change
 * needs more).
 */
export const CLIENT_RUN_PORTS = 9;

/** Ports of a range, as the option shows it: "9000" or "9000-9011". */
export function rangeText(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

export class PortPool {
  private readonly free: number[] = [];
  private readonly waiting: Array<(port: number) => void> = [];
  private inUse = 0;
  /** The most ports held at once so far. */
  peak = 0;

  constructor(readonly range: PortRange) {
    for (let p = range.from; p <= range.to; p++) this.free.push(p);
  }

  /** The lowest free port; waits up to `timeoutMs` for one to come free, then throws. */
  take(timeoutMs: number): Promise<number> {
    const port = this.free.shift();
    if (port !== undefined) return Promise.resolve(this.held(port));
    return new Promise((resolve, reject) => {
      const give = (p: number) => {
        clearTimeout(timer);
        resolve(this.held(p));
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(give), 1);
        reject(
          new Error(
            `--port ${rangeText(this.range)}: no port of the range came free within ${timeoutMs} ms (the run's other listeners hold all ${this.size()})`,
          ),
        );
      }, timeoutMs);
      this.waiting.push(give);
    });
  }

  /** Gives `port` back: to the listener waiting longest, else to the free list (kept sorted). */
  give(port: number): void {
    this.inUse--;
    const next = this.waiting.shift();
    if (next) {
      next(port);
      return;
    }
    this.free.push(port);
    this.free.sort((a, b) => a - b);
  }

  size(): number {
    return this.range.to - this.range.from + 1;
  }

  private held(port: number): number {
    this.inUse++;
    this.peak = Math.max(this.peak, this.inUse);
    return port;
  }
}

/** The run's port pool, or undefined when listeners take ephemeral ports. */
export function portPool(): PortPool | undefined {
  const shared = runContext().shared;
  const range = shared.get(PORT_RANGE_KEY) as PortRange | undefined;
  if (!range) return undefined;
  let pool = shared.get(POOL_KEY) as PortPool | undefined;
  if (!pool || pool.range !== range) {
    pool = new PortPool(range);
    shared.set(POOL_KEY, pool);
  }
  return pool;
}
