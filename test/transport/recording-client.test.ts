import { createServer, type Server } from "node:tls";
import { expect } from "chai";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import { createRecordingClient } from "../../harness/transport/recording-client.ts";
import { startRecordingServer } from "../../harness/transport/recording-server.ts";
import { transcriptFromJson, transcriptToJson } from "../../harness/transport/transcript-json.ts";

/** A raw TLS server whose behaviour per connection is scripted: the hostile DM servers. */
async function rawTlsServer(
  pki: TestPki,
  onData: (sock: import("node:tls").TLSSocket) => void,
): Promise<Server> {
  const server = createServer({ cert: pki.valid.chainPem, key: pki.valid.keyPem }, (sock) => {
    sock.on("error", () => undefined);
    sock.once("data", () => onData(sock));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return server;
}
const portOf = (s: Server) => (s.address() as import("node:net").AddressInfo).port;

describe("harness/transport: recording client", () => {
  let pki: TestPki;
  const servers: Server[] = [];
  before(async () => {
    pki = await generateTestPki({ hosts: ["127.0.0.1"] });
  });
  after(() => {
    for (const s of servers) {
      s.close();
    }
  });
  const client = () => createRecordingClient({ caPem: pki.caPem, timeoutMs: 400, bodyLimitBytes: 4096 });

  it("records raw response headers and bytes, and the peer certificate", async () => {
    const server = await startRecordingServer({ tls: { cert: pki.valid.chainPem, key: pki.valid.keyPem } });
    server.route("POST", "/dm", () => ({
      headers: [["content-TYPE", "application/dm20"]],
      body: "MsgID 0\nEND",
    }));
    const c = client();
    const ex = await c.request({ method: "POST", url: `${server.url}/dm`, body: "{}", label: "pkg1" });
    expect(ex.error).to.equal(undefined);
    expect(ex.response!.rawHeaders[0]).to.equal("content-TYPE");
    expect(Buffer.from(ex.response!.body).toString()).to.equal("MsgID 0\nEND");
    expect(c.transcript.tls[0]!.outcome).to.equal("established");
    expect(c.transcript.tls[0]!.peerCertificate!.subject).to.include("CN=127.0.0.1");
    await c.close();
    await server.close();
  });

  it("turns a certificate it must not trust into an error on the exchange, never a throw", async () => {
    const server = await startRecordingServer({
      tls: { cert: pki.wrongHost.chainPem, key: pki.wrongHost.keyPem },
    });
    const c = client();
    const ex = await c.request({ method: "POST", url: `${server.url}/dm`, body: "{}" });
    expect(ex.error?.code).to.equal("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(c.transcript.tls[0]!.outcome).to.equal("handshake-failed");
    await c.close();
    await server.close();
  });

  it("bounds every hostile server: silent, reset mid-response, endless drip, oversized body", async () => {
    const silent = await rawTlsServer(pki, () => undefined);
    const reset = await rawTlsServer(pki, (s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nMsgID");
      s.destroy();
    });
    const drip = await rawTlsServer(pki, (s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      const t = setInterval(() => s.write("x"), 100);
      s.on("close", () => clearInterval(t));
    });
    const huge = await rawTlsServer(pki, (s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Type: application/dm20\r\nContent-Length: 10485760\r\n\r\n");
      s.write(Buffer.alloc(10 * 1024 * 1024, 0x41));
    });
    servers.push(silent, reset, drip, huge);
    const c = client();
    const started = Date.now();
    const [a, b, d, h] = await Promise.all(
      [silent, reset, drip, huge].map((s) =>
        c.request({ method: "POST", url: `https://127.0.0.1:${portOf(s)}/dm`, body: "x" }),
      ),
    );
    expect(Date.now() - started).to.be.below(3000);
    expect(a!.error?.code).to.equal("UND_ERR_HEADERS_TIMEOUT");
    expect(b!.error).to.not.equal(undefined);
    expect(d!.error?.code).to.equal("RESPONSE_TIMEOUT");
    expect(d!.response!.bodyBytesSeen).to.be.above(0);
    expect(h!.error?.code).to.equal("BODY_LIMIT");
    expect(h!.response!.body.length).to.equal(4096);
    await c.close();
  });

  it("round-trips a transcript through JSON, bytes included", async () => {
    const server = await startRecordingServer({ tls: { cert: pki.valid.chainPem, key: pki.valid.keyPem } });
    server.route("*", "/x", () => ({ body: Buffer.from([0, 255, 13, 10]) }));
    const c = client();
    await c.request({ method: "PUT", url: `${server.url}/x`, body: Buffer.from([1, 2, 3]) });
    const back = transcriptFromJson(JSON.parse(JSON.stringify(transcriptToJson(c.transcript))));
    expect([...back.exchanges[0]!.response!.body]).to.deep.equal([0, 255, 13, 10]);
    expect([...back.exchanges[0]!.request.body]).to.deep.equal([1, 2, 3]);
    expect(() => transcriptFromJson({})).to.throw(TypeError);
    await c.close();
    await server.close();
  });
});
