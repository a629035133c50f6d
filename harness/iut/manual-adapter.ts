/**
 * `--manual`: the harness cannot wake the device itself, so it tells the operator what to deliver
 * (the notification as hex, and its URL) and goes on to wait on the wire for the device.
 */
import { toHex } from "../protocol/notification.ts";
import type { DeviceAdapter, DeviceStimulus } from "../runner/run-context.ts";

export interface ManualAdapterOptions {
  /** Where the instructions go (default: process.stderr). */
  out?: { write(text: string): unknown };
}

export function manualInstructions(stimulus: DeviceStimulus): string {
  if (stimulus.kind === "notification") {
    return [
      "[dm20] Deliver this Pkg#0 notification to the device now.",
      `[dm20]   hex: ${toHex(stimulus.notification)}`,
      `[dm20]   server URL: ${stimulus.serverUrl}`,
      `[dm20]   CA the device must trust: ${stimulus.caFile}`,
      "",
    ].join("\n");
  }
  return [
    `[dm20] Make the device request configuration for ${stimulus.moid} now (initiated by: ${stimulus.initiatedBy}).`,
    `[dm20]   CA the device must trust: ${stimulus.caFile}`,
    "",
  ].join("\n");
}

export class ManualAdapter implements DeviceAdapter {
  constructor(private readonly opts: ManualAdapterOptions = {}) {}

  describe(): string {
    return "manual";
  }

  async wake(stimulus: DeviceStimulus): Promise<void> {
    (this.opts.out ?? process.stderr).write(manualInstructions(stimulus));
  }

  async close(): Promise<void> {}
}
