/**
 * The reference server over HTTPS with a correct device (the engine on undici): every command of
 * the default scenario succeeds, uploads and alerts arrive, the notification is 5.3's layout, and
 * the certificate faults present what they say.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:tls";
import { expect } from "chai";
import { DmDevice, NO_PKG1_FLAGS } from "../../harness/device/index.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import { decodeNotification } from "../../harness/protocol/notification.ts";
import { initialTree, runTestExec, TEST_EXEC_NODE } from "../../harness/reference/device/initial-tree.ts";
import { UndiciHttp } from "../../harness/reference/device/undici-http.ts";
import {
  REFERENCE_SERVER_HOSTS,
  type ReferenceServer,
  startReferenceServer,
} from "../../harness/reference/server/index.ts";

function device(caPem: string) {
  const httpIo = new UndiciHttp({ caPem, timeoutMs: 5000, bodyLimitBytes: 1024 * 1024 });
  const dm = new DmDevice({
    tree: initialTree(DEFAULT_IXIT),
    http: httpIo,
    profile: {
      deviceId: DEFAULT_IXIT.deviceId,
      imei: DEFAULT_IXIT.imei,
      mcc: "262",
      mnc: "01",
      cmcc: "262",
      cmnc: "02",
      show: true,
      unsupportedStatus: 406,
      userAgent: "test",
      maxPackages: 20,
      browserMaxLoads: 8,
    },
    executables: new Map([[TEST_EXEC_NODE, runTestExec]]),
  });
  return { dm, close: () => httpIo.close() };
}

/** A plain-HTTP push endpoint on loopback that keeps what is POSTed to it. */
async function pushSink(): Promise<{ url: string; next: Promise<Buffer>; close(): Promise<void> }> {
  let deliver: (b: Buffer) => void = () => {};
  const next = new Promise<Buffer>((r) => {
    deliver = r;
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.statusCode = 204;
      res.end();
      deliver(Buffer.concat(chunks));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/push`,
    next,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("reference server over HTTPS", function () {
  this.timeout(20_000);
  let pki: TestPki;
  let server: ReferenceServer;
  before(async () => {
    pki = await generateTestPki({ hosts: REFERENCE_SERVER_HOSTS });
    server = await startReferenceServer({ pki });
  });
  after(async () => {
    await server?.close();
  });

  it("runs the default scenario to END with a correct device: every command succeeds", async () => {
    const { dm, close } = device(server.caPem);
    try {
      const result = await dm.runSession(server.url, NO_PKG1_FLAGS);
      expect(result.outcome).to.equal("ended");
      expect(result.packages).to.equal(5);
    } finally {
      await close();
    }
    const statuses = server.events().filter((e) => e.kind === "status");
    expect(statuses).to.have.length(4);
    for (const s of statuses)
      expect(
        s.detail.split(" | ").every((line) => line.startsWith("200")),
        s.detail,
      ).to.equal(true);
    const uploads = server.events().filter((e) => e.kind === "upload");
    expect(uploads.map((u) => u.detail)).to.deep.equal([
      "POST inventory.tnds20",
      "PUT supported.tnds20",
      "PUT mms-settings.tnds20",
      "POST connmo.tnds20",
      "POST devinfo.tnds20",
    ]);
    expect(server.events().filter((e) => e.kind === "alert")).to.have.length(1);
    expect(
      server
        .events()
        .filter((e) => e.kind === "page")
        .map((e) => e.detail),
    ).to.deep.equal([
      `/pages/survey.html?Continue=${new URL(server.url).origin}/pages/thanks.html`,
      "/pages/thanks.html",
      `/pages/welcome.html?Close=${new URL(server.url).origin}/pages/done.html`,
      "/pages/done.html",
    ]);
    // DEFAULT left a URL the device can open a session on, with ?InitiatedBy=.
    const { dm: again, close: close2 } = device(server.caPem);
    try {
      again.state.defaults = { ...dm.state.defaults };
      again.state.pendingAlerts = [...dm.state.pendingAlerts];
      const r = await again.requestConfiguration("oma:mo:oma-mms:1.3", "User");
      expect(r?.outcome).to.equal("ended");
      const initiated = server
        .events()
        .find((e) => e.kind === "pkg1" && e.detail.includes("InitiatedBy=User"));
      expect(initiated).to.not.equal(undefined);
      // The EXEC without ServerURI kept its Generic Alert for the next session's Pkg#1.
      expect(initiated!.alerts).to.have.length(1);
    } finally {
      await close2();
    }
  });

  it("emits a 5.3 notification to a push URL, directly and through /_admin/notify", async () => {
    const sink = await pushSink();
    try {
      await server.notify(sink.url, DEFAULT_IXIT.deviceId, { sendDevDetail: false, uiMode: 2 });
      const decoded = decodeNotification(await sink.next);
      expect(decoded.ok).to.equal(true);
      if (!decoded.ok) return;
      expect(decoded.findings).to.deep.equal([]);
      expect(decoded.notification).to.include({
        url: server.url,
        uiMode: 2,
        sendDevDetail: false,
        initiator: 1,
      });
    } finally {
      await sink.close();
    }
    const sink2 = await pushSink();
    try {
      const admin = new URL("/_admin/notify", server.url);
      admin.searchParams.set("push", sink2.url);
      admin.searchParams.set("device", "IMEI:1");
      const agent = new (await import("undici")).Agent({ connect: { ca: server.caPem } });
      const res = await (await import("undici")).request(admin, { method: "POST", dispatcher: agent });
      expect(res.statusCode).to.equal(200);
      await res.body.dump();
      await agent.close();
      expect(decodeNotification(await sink2.next).ok).to.equal(true);
    } finally {
      await sink2.close();
    }
  });

  it("serves the certificate the fault asks for: wrong host, expired", async () => {
    for (const [fault, code] of [
      ["certificate-wrong-host", "ERR_TLS_CERT_ALTNAME_INVALID"],
      ["certificate-expired", "CERT_HAS_EXPIRED"],
      [undefined, undefined],
    ] as const) {
      const s = await startReferenceServer({ pki, faults: fault ? [fault] : [] });
      try {
        const { port } = new URL(s.url);
        const seen = await new Promise<string | undefined>((resolve) => {
          const socket = connect({
            host: "127.0.0.1",
            port: Number(port),
            ca: s.caPem,
            servername: undefined,
          });
          socket.once("secureConnect", () => {
            socket.end();
            resolve(undefined);
          });
          socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code));
        });
        expect(seen, String(fault)).to.equal(code);
      } finally {
        await s.close();
      }
    }
  });
});
