/**
 * The bundled reference DM server: conformant by default, one clause broken per fault switch.
 * It serves a scenario folder (scenario.ts) over HTTPS with certificates from its own test PKI.
 *
 *   const server = await startReferenceServer({ faults: ["msgid-stuck"] });
 *   // POST Pkg#1 to server.url, trusting server.caPem
 *   await server.notify(pushUrl, "IMEI:004401074860001");
 *   await server.close();
 */
import { generateTestPki, type TestPki } from "../../pki/test-pki.ts";
import { DmService } from "./dm-service.ts";
import { behaviourForFaults } from "./faults.ts";
import { buildApp, DM_PATH } from "./http-app.ts";
import { buildNotification, type NotifyFlags, pushNotification } from "./notifier.ts";
import { DEFAULT_SCENARIO_DIR, loadScenario } from "./scenario.ts";
import { type ServerEvent, ServerLog } from "./server-log.ts";

export { type LawfulVariation, REFERENCE_SERVER_FAULTS, REFERENCE_SERVER_VARIATIONS } from "./faults.ts";
export { DEFAULT_NOTIFY_FLAGS, type NotifyFlags } from "./notifier.ts";
export { DEFAULT_SCENARIO_DIR } from "./scenario.ts";
export type { ServerEvent } from "./server-log.ts";

export const REFERENCE_SERVER_HOSTS = ["127.0.0.1", "localhost"];

export interface ReferenceServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** Names from REFERENCE_SERVER_FAULTS. */
  faults?: string[];
  /** Scenario folder (default: scenarios/default). */
  scenarioDir?: string;
  /** Reuse a PKI (one generated with REFERENCE_SERVER_HOSTS) instead of generating one. */
  pki?: TestPki;
  /** Bound on delivering a notification (default 10000 ms). */
  notifyTimeoutMs?: number;
}

export interface ReferenceServer {
  /** The DM URL to POST Pkg#1 to, e.g. https://127.0.0.1:41443/dm20. */
  url: string;
  /** The CA that issued the server's certificate. */
  caPem: string;
  /** Emits Pkg#0 for `deviceId` to `pushUrl` (POST, application/octet-stream). */
  notify(pushUrl: string, deviceId: string, flags?: NotifyFlags): Promise<void>;
  /** What the server saw and did so far. */
  events(): ServerEvent[];
  /** Calls `listener` for each event from now on; returns the unsubscribe function. */
  onEvent(listener: (e: ServerEvent) => void): () => void;
  close(): Promise<void>;
}

export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const behaviour = behaviourForFaults(opts.faults ?? []);
  const [scenario, pki] = await Promise.all([
    loadScenario(opts.scenarioDir ?? DEFAULT_SCENARIO_DIR),
    opts.pki ? Promise.resolve(opts.pki) : generateTestPki({ hosts: REFERENCE_SERVER_HOSTS }),
  ]);
  const leaf = pki[behaviour.certificate ?? "valid"];
  const host = opts.host ?? "127.0.0.1";
  let base = "";
  const log = new ServerLog();
  const dm = new DmService(scenario, behaviour, () => base, log);
  const notifyTimeoutMs = opts.notifyTimeoutMs ?? 10_000;

  const notify = async (pushUrl: string, deviceId: string, flags: NotifyFlags = {}): Promise<void> => {
    const bytes = buildNotification(`${base}${DM_PATH}`, flags, behaviour);
    log.add({ kind: "notification", deviceId, detail: `${pushUrl} ${Buffer.from(bytes).toString("hex")}` });
    await pushNotification(pushUrl, bytes, notifyTimeoutMs);
  };

  const app = buildApp(
    { cert: leaf.chainPem, key: leaf.keyPem, handshakeTimeout: 10_000 },
    { scenario, dm, log, base: () => base, notify },
  );
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("reference server: no TCP address");
  base = `https://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  return {
    url: `${base}${DM_PATH}`,
    caPem: pki.caPem,
    notify,
    events: () => log.events(),
    onEvent: (listener) => log.onEvent(listener),
    close: () => app.close(),
  };
}
