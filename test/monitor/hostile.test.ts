/**
 * A monitor between a hostile side and a reference side: the device never connects, resets
 * mid-body or sends 50 MiB; the server never answers, resets mid-body or answers with 50 MiB.
 * Each ends within the bounds in a verdict against the side that misbehaved, with evidence; the
 * other side is never failed for it; no listener is left open.
 */

import { readFile } from "node:fs/promises";
import { connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { expect } from "chai";
import type { PairSummary } from "../../harness/monitor/pair-report.ts";
import { decodeNotification, encodeNotification } from "../../harness/protocol/notification.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { startReferenceServer } from "../../harness/reference/server/index.ts";
import { pushNotification } from "../../harness/reference/server/notifier.ts";
import type { DeviceAdapter, DeviceStimulus } from "../../harness/runner/run-context.ts";
import { HostileDevice } from "../selftest-client/hostile-devices.ts";
import { HOSTILE, type HostileBehaviour, startHostileServer } from "../selftest-server/hostile-servers.ts";
import { type HarnessCa, harnessCa, MONITOR_TIMEOUT_MS, monitorPair } from "./fixtures.ts";

const TIMEOUT_MS = 1500;
/** Every wait is bounded: a few timeouts per session, two sessions at most. */
const BUDGET_MS = TIMEOUT_MS * 16 + MONITOR_TIMEOUT_MS;

function listeners(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;
}

/** Sends a Pkg#1 head announcing 4 KiB, 100 bytes of it, then resets the TCP connection. */
class ResetMidBodyDevice implements DeviceAdapter {
  private readonly done: Promise<void>[] = [];
  describe() {
    return "hostile device: resets mid-body";
  }
  async wake(s: DeviceStimulus) {
    if (s.kind !== "notification") return;
    const d = decodeNotification(s.notification);
    if (!d.ok) return;
    const url = new URL(d.notification.url);
    const ca = await readFile(s.caFile, "utf8");
    this.done.push(
      new Promise<void>((resolve) => {
        const raw = tcpConnect({ host: url.hostname, port: Number(url.port) });
        raw.on("error", () => resolve());
        const t = tlsConnect({ socket: raw, ca, servername: undefined });
        t.on("error", () => resolve());
        t.once("secureConnect", () => {
          const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/tnds20\r\nX-OMADMDeviceID: IMEI:004401074860001\r\nContent-Length: 4096\r\n\r\n`;
          t.write(head + "{".repeat(100), () => {
            raw.resetAndDestroy();
            resolve();
          });
        });
      }),
    );
  }
  async close() {
    await Promise.all(this.done);
  }
}

/** A response head announcing 4 KiB, 100 bytes of body, then a reset. */
const RESET_MID_BODY: HostileBehaviour = (socket, _track, raw) => {
  socket.write(
    `HTTP/1.1 200 OK\r\nContent-Type: application/dm20\r\nContent-Length: 4096\r\n\r\nMsgID 0\r\n${"G".repeat(90)}`,
    () => raw.resetAndDestroy(),
  );
};

/** A 50 MiB command file, written with backpressure until the peer goes away. */
const FIFTY_MIB: HostileBehaviour = (socket) => {
  const total = 50 * 1024 * 1024;
  socket.write(
    `HTTP/1.1 200 OK\r\nContent-Type: application/dm20\r\nContent-Length: ${total}\r\n\r\nMsgID 0\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, 0x47);
  let sent = 0;
  const pump = () => {
    while (sent < total && !socket.destroyed) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once("drain", pump);
    }
  };
  pump();
};

describe("monitor: hostile sides end in a verdict against them, never a hang", function () {
  this.timeout(120_000);
  let ca: HarnessCa;
  let before0: number;
  before(async () => {
    ca = await harnessCa();
    before0 = listeners();
  });
  after(async () => {
    await ca.dispose();
    expect(listeners(), "listeners left open").to.equal(before0);
  });

  function noFailureOf(summary: PairSummary, side: "device" | "server"): void {
    expect(summary.failures[side], `${side} failures`).to.deep.equal([]);
  }

  const devices: Array<[string, () => DeviceAdapter]> = [
    ["the device never connects", () => new HostileDevice("never connects")],
    ["the device resets mid-body", () => new ResetMidBodyDevice()],
    ["the device sends a 50 MiB body", () => new HostileDevice("sends a 50 MiB body")],
  ];
  for (const [name, make] of devices) {
    it(`${name}: the session is the device's to blame, the server is not failed`, async () => {
      const server = await startReferenceServer();
      const started = performance.now();
      try {
        const { summary } = await monitorPair(
          ca,
          name.replaceAll(" ", "-"),
          make(),
          { url: server.url, caPem: server.caPem, notify: (push, id) => server.notify(push, id) },
          { timeoutMs: TIMEOUT_MS },
        );
        expect(performance.now() - started).to.be.below(BUDGET_MS);
        expect(summary.completed).to.equal(false);
        const blamed = summary.sessions[0]!.blame === "device" || summary.failures.device.length > 0;
        expect(blamed, JSON.stringify(summary.sessions)).to.equal(true);
        noFailureOf(summary, "server");
        expect(summary.verdicts["DMS-5.3-01"]).to.equal("pass");
      } finally {
        await server.close();
      }
    });
  }

  const servers: Array<[string, HostileBehaviour]> = [
    ["the server never answers", HOSTILE["never answers"]!],
    ["the server resets mid-body", RESET_MID_BODY],
    ["the server answers with 50 MiB", FIFTY_MIB],
  ];
  for (const [name, behaviour] of servers) {
    it(`${name}: the server fails its clause, the device's verdicts stand`, async () => {
      const server = await startHostileServer(behaviour, ca.pki.valid);
      const device = createReferenceDevice({ timeoutMs: TIMEOUT_MS * 4 });
      const started = performance.now();
      try {
        const { summary } = await monitorPair(
          ca,
          name.replaceAll(" ", "-"),
          device.adapter,
          {
            url: server.url,
            caPem: ca.pki.caPem,
            notify: (push) =>
              pushNotification(
                push,
                encodeNotification({ url: server.url, sendDevDetail: true }),
                TIMEOUT_MS,
              ),
          },
          { timeoutMs: TIMEOUT_MS },
        );
        expect(performance.now() - started).to.be.below(BUDGET_MS);
        expect(summary.sessions[0]!.blame, summary.sessions[0]!.reason).to.equal("server");
        const failed = summary.failures.server.map((f) => f.clause);
        expect(
          failed.some((c) => c === "DMS-5.6-01" || c === "DMS-5.7-01"),
          failed.join(","),
        ).to.equal(true);
        noFailureOf(summary, "device");
        // The device did what it could: Pkg#1 was judged, and passed.
        expect(summary.verdicts["DMC-5.4-04"]).to.equal("pass");
      } finally {
        await server.close();
      }
    });
  }
});
