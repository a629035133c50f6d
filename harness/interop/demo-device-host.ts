/**
 * The demo's devices: in-process reference devices behind a loopback HTTP endpoint, woken by a
 * trigger command that forwards its DM20_* variables there — a "daemon device" as the IUT contract
 * allows (the command returns at once, the device keeps its state). One device per pair (DM20_PAIR),
 * so pairs run in parallel without sharing a tree. Starting a TypeScript device process per session
 * takes seconds on a loaded machine; this keeps the demo's 2 × 2 matrix well inside its time.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Ixit } from "../model/ixit.ts";
import { fromHex } from "../protocol/notification.ts";
import { createReferenceDevice, type ReferenceDevice } from "../reference/device/index.ts";
import type { DeviceStimulus } from "../runner/run-context.ts";

export interface DeviceHost {
  /** A trigger command that wakes the device named `label` (its IXIT, its faults) for the pair under way. */
  trigger(label: string, faults: string[], ixit: Partial<Ixit>): string;
  close(): Promise<void>;
}

function stimulusOf(env: Record<string, string>): DeviceStimulus {
  const caFile = env.DM20_CA_FILE ?? "";
  if (env.DM20_STIMULUS === "default") {
    const by = env.DM20_INITIATED_BY === "User" ? "User" : "Device";
    return { kind: "default", moid: env.DM20_MOID ?? "", initiatedBy: by, caFile };
  }
  return {
    kind: "notification",
    notification: fromHex(env.DM20_NOTIFICATION ?? ""),
    serverUrl: env.DM20_SERVER_URL ?? "",
    caFile,
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startDeviceHost(timeoutMs: number): Promise<DeviceHost> {
  const devices = new Map<string, ReferenceDevice>();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://host.invalid");
      const { pair, env } = JSON.parse(await bodyOf(req)) as { pair: string; env: Record<string, string> };
      const faults = (url.searchParams.get("faults") ?? "").split(",").filter(Boolean);
      const ixit = JSON.parse(url.searchParams.get("ixit") ?? "{}") as Partial<Ixit>;
      const key = `${pair}|${url.pathname}`;
      let device = devices.get(key);
      if (!device) {
        device = createReferenceDevice({ faults, ixit, timeoutMs });
        devices.set(key, device);
      }
      await device.adapter.wake(stimulusOf(env));
      res.writeHead(204).end();
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`device host: ${(e as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    trigger(label, faults, ixit) {
      const query = new URLSearchParams({ faults: faults.join(","), ixit: JSON.stringify(ixit) });
      const url = `http://127.0.0.1:${port}/wake/${encodeURIComponent(label)}?${query}`;
      const script = `const env=Object.fromEntries(Object.entries(process.env).filter(([k])=>k.startsWith("DM20_")));fetch(process.argv[1],{method:"POST",body:JSON.stringify({pair:process.env.DM20_PAIR,env})}).then(r=>process.exit(r.ok?0:1),e=>{console.error(e.message);process.exit(1)})`;
      return `node -e '${script}' '${url}'`;
    },
    async close() {
      await Promise.all([...devices.values()].map((d) => d.adapter.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
