/**
 * How a run ends on a signal. SIGINT (Ctrl-C), SIGTERM (a cancelled CI job, `timeout`) and SIGHUP
 * (a closed terminal) are handled alike: no further test starts, every process group the harness
 * started ends (a trigger's, a notify command's), every listener closes, and what was judged so
 * far is written as a partial report; the exit status is then 128 + the signal's number, as a
 * shell reports a process the signal ended. A second signal while that cleanup runs ends the
 * process at once.
 */
import { constants } from "node:os";
import { endAllGroups } from "../iut/process-groups.ts";
import { endRun, type RunContext } from "../runner/run-context.ts";
import { closeOpenListeners } from "../server-role/listener.ts";

export const HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(signal: HandledSignal): number {
  return 128 + constants.signals[signal];
}

/** What `process` offers that RunInterrupt needs (a test passes its own). */
export interface SignalSource {
  on(signal: HandledSignal, listener: () => void): unknown;
  removeListener(signal: HandledSignal, listener: () => void): unknown;
  exit(code: number): never;
}

export class RunInterrupt {
  /** Aborted with the first signal: hand it to the run so that it starts no further test. */
  readonly abort = new AbortController();
  /** The first signal that came, once one did. */
  signal: HandledSignal | undefined;
  private readonly first: Promise<HandledSignal>;
  private readonly handlers = new Map<HandledSignal, () => void>();

  constructor(
    private readonly source: SignalSource = process,
    /** Told of the first signal (one line: what the harness is doing about it). */
    onFirst: (signal: HandledSignal) => void = () => {},
  ) {
    let resolveFirst: (s: HandledSignal) => void = () => {};
    this.first = new Promise((resolve) => {
      resolveFirst = resolve;
    });
    for (const signal of HANDLED_SIGNALS) {
      const handler = () => {
        if (this.signal !== undefined) source.exit(signalExitCode(signal));
        this.signal = signal;
        onFirst(signal);
        this.abort.abort(signal);
        resolveFirst(signal);
      };
      this.handlers.set(signal, handler);
      source.on(signal, handler);
    }
  }

  /**
   * `work`'s result, or undefined as soon as a signal comes (the work then goes on unawaited, its
   * end ignored: what it judged until then is what the caller collected as it came).
   */
  async race<T>(work: Promise<T>): Promise<T | undefined> {
    work.catch(() => undefined);
    return Promise.race([work, this.first.then(() => undefined)]);
  }

  /** The exit status for a run the signal ended (128 + its number), else `code`. */
  exitCode(code: number): number {
    return this.signal ? signalExitCode(this.signal) : code;
  }

  /** Removes the handlers (the run is over); a later signal gets Node's default again. */
  dispose(): void {
    for (const [signal, handler] of this.handlers) this.source.removeListener(signal, handler);
    this.handlers.clear();
  }
}

/** The line printed when the first signal comes. */
export function interruptNotice(signal: HandledSignal): string {
  return `dm20-conformance: ${signal}: stopping; ending the IUT's processes, closing listeners, writing what was judged so far (a second signal ends at once)`;
}

/** How long closing the run's listeners may take before the report is written anyway. */
const CLOSE_BOUND_MS = 2000;

/**
 * After a signal: ends every process group the harness started (each within its grace bound), and
 * runs the run's end-of-run work and closes every listener of the run of `ctx` still open (within
 * CLOSE_BOUND_MS), without waiting for the test under way to end.
 */
export async function endEverything(ctx: RunContext): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_BOUND_MS);
  });
  const close = Promise.all([endRun(ctx), closeOpenListeners(ctx)]);
  await Promise.all([endAllGroups(), Promise.race([close, bound])]);
  clearTimeout(timer);
}

/**
 * The signal handling of a command that has no run context of its own (`monitor`, `interop`): on
 * the first signal every process group the harness started ends (a device's trigger, a server's
 * notify command), and the command resolves at once with 128 + the signal's number; the pair
 * reports already written stay. A second signal ends the process at once. Without a signal it
 * resolves with the work's own exit code.
 */
export async function exitOnSignal(
  io: { err: { write(s: string): unknown } },
  work: () => Promise<number>,
  source: SignalSource = process,
): Promise<number> {
  const interrupt = new RunInterrupt(source, (signal) =>
    io.err.write(
      `dm20-conformance: ${signal}: stopping; ending the IUT's processes (a second signal ends at once)\n`,
    ),
  );
  try {
    const code = await interrupt.race(work());
    if (interrupt.signal) await endAllGroups();
    return interrupt.exitCode(code ?? 1);
  } finally {
    interrupt.dispose();
  }
}
