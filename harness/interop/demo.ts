/**
 * `npm run interop:demo [-- --out DIR]`: a 2 × 2 interop event of the bundled references, run the
 * way a real event runs. Two reference servers listen on loopback (conformant, and one whose MsgID
 * grows by two: DMS-5.5-03), each with its CA file and a notify command; two reference devices
 * are woken by trigger commands (conformant, and one whose Pkg#1 Accept lacks application/tnds20:
 * DMC-5.4-02) — daemon devices in this process (demo-device-host.ts); `referenceDeviceTrigger`
 * gives the one-process-per-session form instead. The matrix file is written beside the results and handed to
 * `dm20-conformance interop`, which writes matrix.html. Both faults are visible to a passive
 * monitor, and neither disturbs the other side.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../cli/harness-info.ts";
import type { CliIo } from "../cli/io.ts";
import { main } from "../cli/main.ts";
import { defaultOutDir } from "../cli/output-dir.ts";
import type { Ixit } from "../model/ixit.ts";
import { type ReferenceServer, startReferenceServer } from "../reference/server/index.ts";
import { startDeviceHost } from "./demo-device-host.ts";

/** Generous for loopback: a notify command is a Node process, which takes a second on a loaded machine. */
export const DEMO_TIMEOUT_MS = 8000;

/** Each device has its own X-OMADMDeviceID (its IXIT says so): a server keys its sessions by it. */
export const DEMO_DEVICES = [
  {
    label: "ref-device",
    faults: [] as string[],
    ixit: { deviceId: "IMEI:004401074860001", imei: "004401074860001" },
  },
  {
    label: "ref-device-accept-fault",
    faults: ["pkg1-accept-without-tnds20"],
    ixit: { deviceId: "IMEI:004401074860019", imei: "004401074860019" },
  },
];
export const DEMO_SERVERS = [
  { label: "ref-server", faults: [] as string[] },
  { label: "ref-server-msgid-fault", faults: ["msgid-step-two"] },
];

/** The reference device as an external process, one per session, its state kept per pair. */
export function referenceDeviceTrigger(faults: string[]): string {
  const main = join(PACKAGE_ROOT, "harness/reference/device/main.ts");
  const env = [
    `DM20_REF_STATE="$DM20_PAIR_DIR/device-state.json"`,
    ...(faults.length ? [`DM20_REF_FAULTS=${faults.join(",")}`] : []),
  ];
  return `${env.join(" ")} node --import tsx '${main}'`;
}

/** Makes a reference server push Pkg#0 to DM20_PUSH_URL through its admin endpoint (Node's fetch, no curl needed). */
export function referenceNotifyCommand(server: ReferenceServer, caFile: string): string {
  const admin = `${new URL(server.url).origin}/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID`;
  const script = `fetch(process.argv[1],{method:"POST"}).then(r=>process.exit(r.ok?0:1),e=>{console.error(e.message);process.exit(1)})`;
  return `NODE_EXTRA_CA_CERTS='${caFile}' node -e '${script}' "${admin}"`;
}

/** Writes interop.json for the references into `dir`; the servers must be running. */
export async function writeDemoMatrix(
  dir: string,
  servers: ReferenceServer[],
  deviceTrigger: (label: string, faults: string[], ixit: Partial<Ixit>) => string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const d of DEMO_DEVICES)
    await writeFile(join(dir, `${d.label}-ixit.json`), `${JSON.stringify(d.ixit, null, 2)}\n`);
  const entries = [];
  for (const [i, s] of DEMO_SERVERS.entries()) {
    const caFile = join(dir, `${s.label}-ca.pem`);
    await writeFile(caFile, servers[i]!.caPem);
    entries.push({
      label: s.label,
      url: servers[i]!.url,
      ca: `${s.label}-ca.pem`,
      notify: referenceNotifyCommand(servers[i]!, caFile),
    });
  }
  const matrix = {
    devices: DEMO_DEVICES.map((d) => ({
      label: d.label,
      trigger: deviceTrigger(d.label, d.faults, d.ixit),
      ixit: `${d.label}-ixit.json`,
    })),
    servers: entries,
  };
  const file = join(dir, "interop.json");
  await writeFile(file, `${JSON.stringify(matrix, null, 2)}\n`);
  return file;
}

/** Starts the demo's servers, runs the matrix through the CLI, stops the servers; resolves with the exit code. */
export async function runDemo(outDir: string, extraArgs: string[] = [], io?: CliIo): Promise<number> {
  const servers = await Promise.all(DEMO_SERVERS.map((s) => startReferenceServer({ faults: s.faults })));
  const host = await startDeviceHost(DEMO_TIMEOUT_MS);
  try {
    const file = await writeDemoMatrix(join(outDir, "setup"), servers, (label, faults, ixit) =>
      host.trigger(label, faults, ixit),
    );
    return await main(
      [
        "interop",
        "--matrix",
        file,
        "--out",
        outDir,
        "--jobs",
        "4",
        "--timeout",
        String(DEMO_TIMEOUT_MS),
        "--quiet-period",
        "300",
        ...extraArgs,
      ],
      io,
    );
  } finally {
    await host.close();
    await Promise.all(servers.map((s) => s.close()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--out");
  const outDir = resolve(
    at > 0 ? process.argv[at + 1]! : defaultOutDir(process.cwd(), "interop-demo", new Date()),
  );
  const started = performance.now();
  const code = await runDemo(outDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`interop demo: ${seconds} s wall time; open ${join(outDir, "matrix.html")}\n`);
  // The demo's matrix has a faulty device and a faulty server by design: exit 1 is its expected result.
  process.exitCode = code === 1 ? 0 : code;
}
