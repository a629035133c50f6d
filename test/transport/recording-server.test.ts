import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { expect } from "chai";
import { Agent, request } from "undici";
import { headerValue } from "../../harness/model/transcript.ts";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import { type RecordingServer, startRecordingServer } from "../../harness/transport/recording-server.ts";

describe("harness/transport: recording server", () => {
  let pki: TestPki;
  let server: RecordingServer;
  before(async () => {
    pki = await generateTestPki({ hosts: ["127.0.0.1"] });
  });
  beforeEach(async () => {
    server = await startRecordingServer({
      tls: { cert: pki.valid.chainPem, key: pki.valid.keyPem },
      requestTimeoutMs: 600,
      unansweredTimeoutMs: 600,
      bodyLimitBytes: 1024,
    });
  });
  afterEach(() => server.close());

  it("records a request as received (header order and case, body bytes) and lets a script answer it", async () => {
    const agent = new Agent({ connect: { ca: pki.caPem } });
    const answered = request(`${server.url}/dm?x=1`, {
      dispatcher: agent,
      method: "POST",
      headers: ["X-OMADMDeviceID", "IMEI:004401074860001", "Content-Type", "application/tnds20"],
      body: Buffer.from([0x7b, 0x0d, 0x0a, 0x7d]),
    });
    const pending = await server.nextRequest(2000);
    expect(pending).to.not.equal(null);
    const req = pending!.exchange.request;
    expect(req.target).to.equal("/dm?x=1");
    expect(req.rawHeaders).to.include.members(["X-OMADMDeviceID", "Content-Type"]);
    expect(req.rawHeaders.indexOf("X-OMADMDeviceID")).to.be.below(req.rawHeaders.indexOf("Content-Type"));
    expect([...req.body]).to.deep.equal([0x7b, 0x0d, 0x0a, 0x7d]);
    pending!.respond({ headers: [["Content-Type", "application/dm20"]], body: "MsgID 0\r\nEND" });
    const res = await answered;
    expect(res.statusCode).to.equal(200);
    expect(await res.body.text()).to.equal("MsgID 0\r\nEND");
    expect(headerValue(pending!.exchange.response!, "content-type")).to.equal("application/dm20");
    await agent.close();
    const conn = await server.nextConnection(2000);
    expect(conn?.outcome).to.equal("established");
    expect(conn?.requests).to.equal(1);
  });

  it("answers routed endpoints itself and leaves other requests to the script", async () => {
    server.route("GET", "/doc.tnds20", () => ({
      body: "{}",
      headers: { "Content-Type": "application/tnds20" },
    }));
    const agent = new Agent({ connect: { ca: pki.caPem } });
    const res = await request(`${server.url}/doc.tnds20`, { dispatcher: agent });
    expect(await res.body.text()).to.equal("{}");
    expect(await server.nextRequest(100)).to.equal(null);
    await agent.close();
  });

  it("records a client that rejects the certificate as a failed handshake with no request", async () => {
    const other = await generateTestPki({ hosts: ["127.0.0.1"] });
    const agent = new Agent({ connect: { ca: other.caPem } });
    const err = await request(`${server.url}/dm`, { dispatcher: agent }).catch((e) => e);
    expect(err).to.be.instanceOf(Error);
    const conn = await server.nextConnection(2000);
    expect(conn?.outcome).to.equal("handshake-failed");
    expect(conn?.requests).to.equal(0);
    expect(server.transcript.exchanges).to.have.length(0);
    await agent.close();
  });

  it("records a completed handshake closed without a request (the curl-like rejection)", async () => {
    const sock = tlsConnect({ host: "127.0.0.1", port: server.port, ca: pki.caPem }, () => sock.end());
    sock.on("error", () => undefined);
    const conn = await server.nextConnection(2000);
    expect(conn?.outcome).to.equal("established-no-request");
  });

  it("tells garbage bytes apart from TLS", async () => {
    const sock = netConnect(server.port, "127.0.0.1", () => sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    sock.on("error", () => undefined);
    const conn = await server.nextConnection(2000);
    expect(conn?.outcome).to.equal("not-tls");
  });

  it("cuts a body over the bound, records how much was seen, and answers 413", async () => {
    const agent = new Agent({ connect: { ca: pki.caPem } });
    const res = await request(`${server.url}/dm`, {
      dispatcher: agent,
      method: "POST",
      body: Buffer.alloc(5000, 65),
    });
    expect(res.statusCode).to.equal(413);
    await res.body.dump();
    const ex = server.transcript.exchanges[0]!;
    expect(ex.request.body.length).to.equal(1024);
    expect(ex.request.bodyBytesSeen).to.equal(5000);
    expect(ex.request.bodyTruncated).to.equal(true);
    await agent.close();
  });

  it("answers 503 when no script answers within the bound, and a stalled client is cut off", async function () {
    this.timeout(5000);
    const agent = new Agent({ connect: { ca: pki.caPem } });
    const res = await request(`${server.url}/dm`, { dispatcher: agent, method: "POST", body: "x" });
    expect(res.statusCode).to.equal(503);
    await res.body.dump();
    await agent.close();
    // A client that sends half a head and then nothing.
    const started = Date.now();
    const sock = tlsConnect({ host: "127.0.0.1", port: server.port, ca: pki.caPem }, () =>
      sock.write("POST /dm HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
    );
    sock.on("error", () => undefined);
    sock.resume();
    await new Promise((r) => sock.on("close", r));
    expect(Date.now() - started).to.be.below(3000);
  });

  it("leaves no listener or socket behind after close()", async () => {
    const sock = tlsConnect({ host: "127.0.0.1", port: server.port, ca: pki.caPem });
    sock.on("error", () => undefined);
    await new Promise((r) => sock.once("secureConnect", r));
    await server.close();
    await new Promise((r) => sock.once("close", r));
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const probe = netConnect(server.port, "127.0.0.1");
      probe.on("error", resolve);
      probe.on("connect", () => {
        probe.destroy();
        resolve(Object.assign(new Error("still listening"), { code: "LISTENING" }));
      });
    });
    expect(err.code).to.equal("ECONNREFUSED");
  });
});
