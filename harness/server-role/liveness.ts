/**
 * A control session with a valid certificate: Pkg#1 answered with END. Negative checks lean on it:
 * a device that sends nothing after a plaintext notification proves nothing unless it does connect
 * when everything is in order. Run once per run (sharedOnce), usually beside the negative cases.
 */

import type { LivenessControl } from "../checks/client/tls.ts";
import type { DeviceSessionView } from "../model/transcript-contract.ts";
import { sharedOnce } from "../runner/run-context.ts";
import { DeviceSession } from "./device-session.ts";

export interface ControlSession extends LivenessControl {
  view: DeviceSessionView;
}

export function controlSession(): Promise<ControlSession> {
  return sharedOnce("server-role.control-session", async () => {
    const s = await DeviceSession.start();
    const view = await s.run([]);
    const pkg1 = view.packages[0];
    return {
      view,
      connected: pkg1 !== undefined,
      ...(pkg1 ? { pkg1: pkg1.exchange } : {}),
      detail: pkg1
        ? `control session: Pkg#1 arrived at ${s.sessionUrl} (exchange #${pkg1.exchange.seq})`
        : `control session: no Pkg#1 at ${s.sessionUrl} within the timeout`,
    };
  });
}
