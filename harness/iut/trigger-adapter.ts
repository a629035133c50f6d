/**
 * Wakes a vendor's device by running their trigger command (IUT contract, "Testing a DM client"):
 * `/bin/sh -c "<command>"` with the stimulus in DM20_* environment variables. The command may run
 * one whole session or start a daemon and return; the harness waits on the wire, not on it.
 *
 * Each wake spawns the command detached in its own process group, so that close() can end
 * everything it started — the shell, the device it ran, and any daemon that stayed in the group —
 * with SIGTERM, then SIGKILL after a short bound. stdout and stderr are kept (the last 64 KiB) as
 * evidence.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { toHex } from "../protocol/notification.ts";
import type { DeviceAdapter, DeviceStimulus } from "../runner/run-context.ts";
import { endGroup, type StartedGroup, trackGroup } from "./process-groups.ts";

export interface TriggerAdapterOptions {
  /** The vendor's shell command. */
  command: string;
  /** Variables added to the command's environment (after the inherited ones, before the contract's). */
  extraEnv?: Record<string, string>;
  cwd?: string;
  /** Output kept for evidence, in bytes (default 64 KiB): the most recent is kept. */
  outputLimitBytes?: number;
  /** How long close() waits after SIGTERM before SIGKILL, in ms (default 2000). */
  killGraceMs?: number;
  /** Sees the command's output as it comes (e.g. to log it live). */
  onOutput?: (text: string, stream: "stdout" | "stderr") => void;
}

/** The command could not be started at all (no shell, bad working directory). */
export class TriggerSpawnError extends Error {
  override name = "TriggerSpawnError";
}

/** The DM20_* variables of the IUT contract for one stimulus. */
export function stimulusEnv(stimulus: DeviceStimulus): Record<string, string> {
  if (stimulus.kind === "notification") {
    return {
      DM20_STIMULUS: "notification",
      DM20_NOTIFICATION: toHex(stimulus.notification),
      DM20_SERVER_URL: stimulus.serverUrl,
      DM20_CA_FILE: stimulus.caFile,
    };
  }
  return {
    DM20_STIMULUS: "default",
    DM20_MOID: stimulus.moid,
    DM20_INITIATED_BY: stimulus.initiatedBy,
    DM20_CA_FILE: stimulus.caFile,
  };
}

/** Every variable the contract defines for a trigger command, whichever the stimulus. */
export const CONTRACT_VARIABLES = [
  "DM20_STIMULUS",
  "DM20_NOTIFICATION",
  "DM20_SERVER_URL",
  "DM20_CA_FILE",
  "DM20_MOID",
  "DM20_INITIATED_BY",
] as const;

/**
 * The trigger's environment: the user's own, passed through (a vendor's DM20_* switches, the
 * reference device's DM20_REF_FAULTS), with the contract's variables set for this stimulus only:
 * one of them inherited from the harness's environment (a DM20_MOID left in the shell) must not
 * reach a stimulus that does not define it.
 */
export function triggerEnv(
  inherited: NodeJS.ProcessEnv,
  stimulus: DeviceStimulus,
  extraEnv: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited, ...extraEnv };
  for (const key of CONTRACT_VARIABLES) delete env[key];
  return Object.assign(env, stimulusEnv(stimulus));
}

/** Keeps the last `limit` bytes of what it is fed. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const excess = this.size - this.limit;
      const first = this.chunks[0]!;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }
  text(): string {
    const body = Buffer.concat(this.chunks).toString("utf8");
    return this.dropped > 0 ? `[... ${this.dropped} earlier bytes not kept]\n${body}` : body;
  }
}

interface Launched extends StartedGroup {
  untrack: () => void;
}

export class TriggerAdapter implements DeviceAdapter {
  private readonly launched: Launched[] = [];
  private readonly tail: OutputTail;
  private readonly exits: string[] = [];
  private closed = false;

  constructor(private readonly opts: TriggerAdapterOptions) {
    this.tail = new OutputTail(opts.outputLimitBytes ?? 64 * 1024);
  }

  describe(): string {
    return `trigger: ${this.opts.command}`;
  }

  async wake(stimulus: DeviceStimulus): Promise<void> {
    if (this.closed) throw new TriggerSpawnError("the run is ending: the device is not woken any more");
    const env = triggerEnv(process.env, stimulus, this.opts.extraEnv);
    const child = spawn("/bin/sh", ["-c", this.opts.command], {
      detached: true,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(this.opts.cwd ? { cwd: this.opts.cwd } : {}),
    });
    try {
      await Promise.race([once(child, "spawn"), once(child, "error").then(([e]) => Promise.reject(e))]);
    } catch (e) {
      throw new TriggerSpawnError(
        `cannot run trigger command "${this.opts.command}": ${(e as Error).message}`,
      );
    }
    for (const stream of ["stdout", "stderr"] as const) {
      child[stream]!.on("data", (chunk: Buffer) => {
        this.tail.push(chunk);
        this.opts.onOutput?.(chunk.toString("utf8"), stream);
      });
    }
    const exited = new Promise<void>((resolve) => {
      // "exit", not "close": a daemon that inherited stdout would hold "close" back indefinitely.
      child.once("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit ${code}`;
        this.exits.push(how);
        // 127/126: the shell could not find or run the command; say so beside the output.
        if (code === 127 || code === 126)
          this.tail.push(Buffer.from(`[trigger: the shell could not run the command (${how})]\n`));
        resolve();
      });
    });
    const group = { child, pgid: child.pid!, exited };
    this.launched.push({ ...group, untrack: trackGroup(group, this.grace()) });
  }

  output(): string {
    return this.tail.text();
  }

  /** How each launched command ended so far ("exit 0", "signal SIGTERM"...), in order of ending. */
  exitStatuses(): string[] {
    return [...this.exits];
  }

  /**
   * Resolves once every command launched so far has exited. Their daemons may live on (close()
   * ends those) and their last output may still be in flight (wait for it with onOutput).
   */
  async settled(): Promise<void> {
    await Promise.all(this.launched.map((l) => l.exited));
  }

  async close(): Promise<void> {
    // A wake after close (a test still running when a signal ended the run) starts nothing.
    this.closed = true;
    const groups = this.launched.splice(0);
    await Promise.all(
      groups.map(async (g) => {
        g.untrack();
        await endGroup(g, this.grace());
      }),
    );
  }

  private grace(): number {
    return this.opts.killGraceMs ?? 2000;
  }
}
