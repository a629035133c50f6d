import { once } from "node:events";
import { createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { type CertAndKey, generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";

/** Connects with Node's own verification and says what it thought of the server's certificate. */
async function verdictOf(pki: TestPki, served: CertAndKey, servername = "127.0.0.1"): Promise<string> {
  const server: Server = createServer({ cert: served.chainPem, key: served.keyPem }, (_q, r) => r.end("ok"));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const req = request({ host: servername, port, ca: pki.caPem, path: "/", agent: false }, (res) => {
        res.resume();
        resolve("accepted");
      });
      req.setTimeout(3000, () => req.destroy(new Error("timeout")));
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end();
    });
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

describe("harness/pki: the per-run test PKI", () => {
  let pki: TestPki;
  before(async () => {
    pki = await generateTestPki({ hosts: ["127.0.0.1", "localhost"] });
  });

  it("issues a valid leaf that Node accepts for 127.0.0.1 and localhost", async () => {
    expect(await verdictOf(pki, pki.valid, "127.0.0.1")).to.equal("accepted");
    expect(await verdictOf(pki, pki.valid, "localhost")).to.equal("accepted");
  });

  it("makes each invalid case fail Node's verification with its own reason", async () => {
    expect(await verdictOf(pki, pki.expired)).to.equal("CERT_HAS_EXPIRED");
    expect(await verdictOf(pki, pki.notYetValid)).to.equal("CERT_NOT_YET_VALID");
    expect(await verdictOf(pki, pki.wrongHost)).to.equal("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(await verdictOf(pki, pki.selfSigned)).to.equal("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(await verdictOf(pki, pki.untrustedIssuer)).to.be.oneOf([
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      "SELF_SIGNED_CERT_IN_CHAIN",
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    ]);
  });

  it("never puts a private key into the CA PEM it hands out", () => {
    expect(pki.caPem).to.match(/^-----BEGIN CERTIFICATE-----/);
    expect(pki.caPem).not.to.include("PRIVATE KEY");
  });

  it("generates the whole PKI quickly enough to do per run", async () => {
    const t0 = performance.now();
    await generateTestPki({ hosts: ["127.0.0.1"] });
    expect(performance.now() - t0).to.be.below(2000);
  });
});
