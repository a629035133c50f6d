import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { ManualAdapter } from "../../harness/iut/manual-adapter.ts";
import {
  PUSH_DEFAULT_MEDIA,
  PUSH_NOTIFICATION_MEDIA,
  PushAdapter,
  PushDeliveryError,
} from "../../harness/iut/push-adapter.ts";
import type { DeviceStimulus } from "../../harness/runner/run-context.ts";

const BYTES = new Uint8Array([0x05, 0x0c, 0x00, 0x00, 0x03, 0x41, 0xbc, 0x0a]);
const NOTIFY: DeviceStimulus = {
  kind: "notification",
  notification: BYTES,
  serverUrl: "https://h/dm",
  caFile: "/ca.pem",
};
const DEFAULT: DeviceStimulus = {
  kind: "default",
  moid: "oma:mo:oma-mms:1.3",
  initiatedBy: "User",
  caFile: "/ca.pem",
};

interface Received {
  method: string;
  contentType: string | undefined;
  body: Buffer;
}

describe("push adapter", () => {
  let server: http.Server;
  let url: string;
  const received: Received[] = [];
  let status = 204;
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          method: req.method!,
          contentType: req.headers["content-type"],
          body: Buffer.concat(chunks),
        });
        res.writeHead(status).end();
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    received.length = 0;
    status = 204;
  });

  it("POSTs the notification bytes as application/octet-stream", async () => {
    const adapter = new PushAdapter({ url, timeoutMs: 2000 });
    await adapter.wake(NOTIFY);
    await adapter.close();
    expect(received).to.have.length(1);
    expect(received[0]!.method).to.equal("POST");
    expect(received[0]!.contentType).to.equal(PUSH_NOTIFICATION_MEDIA);
    expect([...received[0]!.body]).to.deep.equal([...BYTES]);
  });

  it("POSTs the DEFAULT stimulus as its own JSON media type", async () => {
    const adapter = new PushAdapter({ url, timeoutMs: 2000 });
    await adapter.wake(DEFAULT);
    await adapter.close();
    expect(received[0]!.contentType).to.equal(PUSH_DEFAULT_MEDIA);
    expect(JSON.parse(received[0]!.body.toString())).to.deep.equal({
      stimulus: "default",
      moid: "oma:mo:oma-mms:1.3",
      initiatedBy: "User",
    });
  });

  it("fails wake() when the endpoint refuses or cannot be reached", async () => {
    status = 503;
    const adapter = new PushAdapter({ url, timeoutMs: 2000 });
    const refused = await adapter.wake(NOTIFY).catch((e: Error) => e);
    expect(refused).to.be.instanceOf(PushDeliveryError);
    expect((refused as Error).message).to.include("HTTP 503");
    await adapter.close();
    const nowhere = new PushAdapter({ url: "http://127.0.0.1:1/push", timeoutMs: 2000 });
    const unreachable = await nowhere.wake(NOTIFY).catch((e: Error) => e);
    expect((unreachable as Error).message).to.include("ECONNREFUSED");
    await nowhere.close();
  });
});

describe("manual adapter", () => {
  it("prints the notification hex and URL, or the DEFAULT request, and returns", async () => {
    let text = "";
    const adapter = new ManualAdapter({ out: { write: (t: string) => (text += t) } });
    await adapter.wake(NOTIFY);
    expect(text).to.include("hex: 050c00000341bc0a").and.include("server URL: https://h/dm");
    await adapter.wake(DEFAULT);
    expect(text).to.include("oma:mo:oma-mms:1.3").and.include("initiated by: User");
    await adapter.close();
  });
});
