/**
 * One scenario that exercises every clause the reference device's faults can break, against
 * local servers: the trace it leaves (every request the servers saw, in order) is the device's
 * observable behaviour. The fault tests run it once per fault and compare with the fault-free run.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import { encodeNotification } from "../../harness/protocol/notification.ts";
import { createReferenceDevice, type ReferenceDeviceOptions } from "../../harness/reference/device/index.ts";
import type { DeviceStimulus } from "../../harness/runner/run-context.ts";
import { MiniServer, type Seen } from "./mini-server.ts";

export interface Servers {
  certs: TestPki;
  caFile: string;
  /** Valid certificate: DM sessions, SHOW pages, DEFAULT target. */
  dm: MiniServer;
  /** Plain http: GET files, PUT/POST uploads, Generic Alerts, and a plaintext "DM server". */
  files: MiniServer;
  expired: MiniServer;
  wrongHost: MiniServer;
  untrusted: MiniServer;
  selfSigned: MiniServer;
}

export async function startServers(): Promise<Servers> {
  const certs = await generateTestPki({ hosts: ["127.0.0.1", "localhost"] });
  const caFile = join(tmpdir(), `dm20-ref-ca-${process.pid}-${Date.now()}.pem`);
  await writeFile(caFile, certs.caPem);
  const [dm, files, expired, wrongHost, untrusted, selfSigned] = await Promise.all([
    MiniServer.start(certs.valid),
    MiniServer.start(),
    MiniServer.start(certs.expired),
    MiniServer.start(certs.wrongHost),
    MiniServer.start(certs.untrustedIssuer),
    MiniServer.start(certs.selfSigned),
  ]);
  return {
    certs,
    caFile,
    dm: dm!,
    files: files!,
    expired: expired!,
    wrongHost: wrongHost!,
    untrusted: untrusted!,
    selfSigned: selfSigned!,
  };
}

export async function stopServers(s: Servers): Promise<void> {
  await Promise.all([s.dm, s.files, s.expired, s.wrongHost, s.untrusted, s.selfSigned].map((m) => m.close()));
}

export function notify(
  url: string,
  caFile: string,
  flags: { devDetail?: boolean; supportedMo?: boolean; instances?: boolean } = {},
): DeviceStimulus {
  return {
    kind: "notification",
    notification: encodeNotification({
      url,
      sendDevDetail: flags.devDetail ?? false,
      sendSupportedMOs: flags.supportedMo ?? false,
      sendAllMOInstances: flags.instances ?? false,
    }),
    serverUrl: url,
    caFile,
  };
}

export const MMS3_DOC = JSON.stringify({
  TNDS20: [{ MOID: "oma:mo:oma-mms:1.3", Path: "/3", MmscUrl: "http://mmsc.new.example/" }],
});
export const CONNMO_DOC = JSON.stringify({
  TNDS20: [{ MOID: "oma:mo:oma-connmo:1.0", Path: "/MMS", Name: "MMS", NAP: { Apn: "mms" } }],
});

/** The rich session's command files; {dm} and {files} are the servers' base URLs. */
export function richScript(dm: string, files: string): string[] {
  return [
    [
      "MsgID 5",
      `GET ${files}/files/mms3.tnds20?imei=[IMEI]&mcc=[MCC]&cmcc=[CMCC] oma:mo:oma-mms:1.3/3`,
      `GET ${files}/files/connmo-mms.tnds20`,
      `PUT ${files}/up/put oma:mo:oma-mms:1.3/3 oma:mo:oma-mms:1.3/1?Levels=1 oma:mo:oma-connmo:1.0/Internet`,
      `POST ${files}/up/star-instances *?Levels=1`,
      `POST ${files}/up/star *`,
      "DELETE oma:mo:oma-mms:1.3/1",
      `POST ${files}/up/after-delete *?Levels=1`,
      `EXEC oma:mo:oma-test-exec:1.0/Run ${files}/alert`,
      `SHOW ${dm}/show/start?Close=${dm}/show/done`,
      "DELETE oma:mo:oma-mms:1.3/9",
      "FOO bar",
      `DEFAULT oma:mo:oma-mms:1.3 ${dm}/cfg`,
    ].join("\r\n"),
    ["MsgID 6", "DELETE oma:mo:oma-connmo:1.0/MMS", "END"].join("\r\n"),
  ];
}

function routeFiles(s: Servers): void {
  s.files
    .route("GET", "/files/mms3.tnds20", { headers: { "Content-Type": "application/tnds20" }, body: MMS3_DOC })
    .route("GET", "/files/connmo-mms.tnds20", {
      headers: { "Content-Type": "application/tnds20" },
      body: CONNMO_DOC,
    })
    .route("*", "/up/put", { status: 204 })
    .route("*", "/up/star-instances", { status: 204 })
    .route("*", "/up/star", { status: 204 })
    .route("*", "/up/after-delete", { status: 204 })
    .route("POST", "/alert", { status: 204 });
  s.dm
    .route("GET", "/show/start", { status: 302, headers: { Location: "/show/page" } })
    .route("GET", "/show/page", {
      headers: { "Content-Type": "text/html" },
      body: `<html><head><meta http-equiv="refresh" content="0;url=/show/done"></head></html>`,
    })
    .route("GET", "/show/done", { body: "thanks" });
}

const TRACE_HEADERS = ["content-type", "accept", "x-omadmdeviceid"];

function traceOf(server: string, seen: Seen[]): string[] {
  return seen.map((r) => {
    const heads = TRACE_HEADERS.map((h) => `${h}=${r.headers[h] ?? "-"}`).join(" ");
    return `${server} ${r.method} ${r.target} ${heads}\n${r.body}`;
  });
}

/**
 * Every request the servers saw, as one string each. Runs, in order: the rich session (DevDetail + MO list asked), a bare session, a session asking
 * for instances, a DEFAULT request, then notifications to the bad-certificate servers and to a
 * plaintext URL. Each step waits for the device to go idle.
 */
export async function runScenario(s: Servers, opts: ReferenceDeviceOptions): Promise<string[]> {
  for (const m of [s.dm, s.files, s.expired, s.wrongHost, s.untrusted, s.selfSigned]) m.reset();
  routeFiles(s);
  s.dm.session("/dm/rich", richScript(s.dm.base, s.files.base));
  s.dm.session("/dm/bare", ["MsgID 0\r\nEND"]);
  s.dm.session("/dm/instances", ["MsgID 0\r\nEND"]);
  s.dm.session("/cfg", ["MsgID 0\r\nEND"]);
  s.files.session("/dm/plain", ["MsgID 0\r\nEND"]);
  for (const bad of [s.expired, s.wrongHost, s.untrusted, s.selfSigned])
    bad.session("/dm", ["MsgID 0\r\nEND"]);

  const device = createReferenceDevice({ timeoutMs: 3000, noCellular: true, ...opts });
  const step = async (stimulus: DeviceStimulus) => {
    await device.adapter.wake(stimulus);
    await device.idle();
  };
  const dmUrl = (p: string) => s.dm.url(p);
  const trace: string[] = [];
  const mark = () => {
    trace.push(...traceOf("dm", s.dm.seen.splice(0)), ...traceOf("files", s.files.seen.splice(0)));
  };
  try {
    await step(notify(dmUrl("/dm/rich"), s.caFile, { devDetail: true, supportedMo: true }));
    mark();
    await step(notify(dmUrl("/dm/bare"), s.caFile));
    await step(notify(dmUrl("/dm/instances"), s.caFile, { supportedMo: true, instances: true }));
    await step({ kind: "default", moid: "oma:mo:oma-mms:1.3", initiatedBy: "User", caFile: s.caFile });
    mark();
    for (const [name, bad] of [
      ["expired", s.expired],
      ["wrong-host", s.wrongHost],
      ["untrusted", s.untrusted],
      ["self-signed", s.selfSigned],
    ] as const) {
      await step(notify(bad.url("/dm"), s.caFile));
      trace.push(...traceOf(name, bad.seen.splice(0)));
    }
    await step(notify(s.files.url("/dm/plain"), s.caFile));
    mark();
  } finally {
    await device.adapter.close();
  }
  return trace;
}
