/**
 * How the harness asks the server under test for a notification (DMS-5.3-01): the IUT contract's
 * `--notify-cmd`, a shell command run with DM20_PUSH_URL and DM20_DEVICE_ID, or — for a server
 * in the same process, such as the bundled reference server in the self-tests — a hook function
 * put into the run's shared state under NOTIFY_HOOK_KEY. Both deliver to the same sink.
 */
import { spawn } from "node:child_process";
import { trackGroup } from "../iut/process-groups.ts";

/** Key in runContext().shared of an in-process NotifyHook (takes precedence over --notify-cmd). */
export const NOTIFY_HOOK_KEY = "client-role.notify-hook";

export type NotifyHook = (pushUrl: string, deviceId: string) => Promise<void>;

export interface TriggerOutcome {
  /** One line on what ran and how it ended, for the transcript. */
  summary: string;
}

export interface NotifyTrigger {
  describe(): string;
  /** Asks for the notification; resolves when the request is made (not necessarily delivered). */
  trigger(pushUrl: string, deviceId: string, timeoutMs: number): Promise<TriggerOutcome>;
}

export function hookTrigger(hook: NotifyHook): NotifyTrigger {
  return {
    describe: () => "in-process notify hook",
    async trigger(pushUrl, deviceId) {
      try {
        await hook(pushUrl, deviceId);
        return { summary: "notify hook returned" };
      } catch (e) {
        return { summary: `notify hook failed: ${(e as Error).message}` };
      }
    },
  };
}

/** Most output of the notify command kept as evidence. */
export const NOTIFY_OUTPUT_LIMIT = 4096;

/**
 * Runs the command in its own process group and waits for it to exit, at most `timeoutMs`; then
 * the whole group is ended, so a command that never returns cannot outlive the test.
 */
export function commandTrigger(command: string): NotifyTrigger {
  return {
    describe: () => `notify command: ${command}`,
    trigger(pushUrl, deviceId, timeoutMs) {
      return new Promise((resolve) => {
        let output = "";
        const keep = (chunk: Buffer) => {
          if (output.length < NOTIFY_OUTPUT_LIMIT) output += chunk.toString("utf8");
        };
        const child = spawn("sh", ["-c", command], {
          env: { ...process.env, DM20_PUSH_URL: pushUrl, DM20_DEVICE_ID: deviceId },
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        });
        child.stdout.on("data", keep);
        child.stderr.on("data", keep);
        // Tracked until it ends, so that a run stopped by a signal ends this group too.
        const exited = new Promise<void>((done) => child.once("exit", () => done()));
        const untrack =
          child.pid !== undefined ? trackGroup({ child, pgid: child.pid, exited }, 2000) : () => {};
        const endGroup = () => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
          } catch {
            // already gone
          }
        };
        const timer = setTimeout(() => {
          untrack();
          endGroup();
          resolve({
            summary: `still running after ${timeoutMs} ms, ended; output: ${output.slice(0, NOTIFY_OUTPUT_LIMIT)}`,
          });
        }, timeoutMs);
        child.on("error", (e) => {
          clearTimeout(timer);
          resolve({ summary: `could not run: ${e.message}` });
        });
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          untrack();
          endGroup();
          const how = signal ? `killed by ${signal}` : `exit ${code}`;
          resolve({ summary: `${how}${output ? `; output: ${output.slice(0, NOTIFY_OUTPUT_LIMIT)}` : ""}` });
        });
      });
    },
  };
}
