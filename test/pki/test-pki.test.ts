import { once } from "node:events";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import {
  type CertAndKey,
  generateTestPki,
  readSavedCa,
  type TestPki,
  writeCaWithKey,
} from "../../harness/pki/test-pki.ts";
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_MAX_PACKAGES,
  type DeviceAdapter,
  type RunContext,
  setRunContext,
} from "../../harness/runner/run-context.ts";
import { GIVEN_PKI_KEY, runPki } from "../../harness/server-role/pki.ts";

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

  describe("a CA kept for many runs (pki --out, run --pki)", () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "dm20-saved-ca-"));
      await writeCaWithKey(pki, dir);
    });

    it("writes the key readable by its owner only", async () => {
      expect((await stat(join(dir, "ca-key.pem"))).mode & 0o777).to.equal(0o600);
    });

    it("issues a later run's leaves from the saved CA: a device that trusts it accepts them", async () => {
      const later = await generateTestPki({ hosts: ["127.0.0.1"], ca: await readSavedCa(dir) });
      expect(later.caPem).to.equal(pki.caPem);
      expect(later.valid.certPem).to.not.equal(pki.valid.certPem);
      expect(await verdictOf(pki, later.valid)).to.equal("accepted");
      expect(await verdictOf(pki, later.expired)).to.equal("CERT_HAS_EXPIRED");
    });

    it("refuses a missing key, a key of another CA, and a certificate that is no CA", async () => {
      const other = await generateTestPki({ hosts: ["127.0.0.1"] });
      const refused = async (files: Record<string, string>) => {
        const d = await mkdtemp(join(tmpdir(), "dm20-bad-ca-"));
        for (const [name, text] of Object.entries(files)) await writeFile(join(d, name), text);
        return readSavedCa(d).then(
          () => "accepted",
          (e: Error) => e.message,
        );
      };
      expect(await refused({ "ca.pem": pki.caPem })).to.match(/ca-key\.pem: ENOENT/);
      expect(await refused({ "ca.pem": pki.caPem, "ca-key.pem": other.caKeyPem })).to.match(
        /ca-key\.pem is not the key of .*ca\.pem/,
      );
      expect(await refused({ "ca.pem": pki.valid.certPem, "ca-key.pem": pki.valid.keyPem })).to.match(
        /is not a CA certificate/,
      );
      expect(await refused({ "ca.pem": "junk", "ca-key.pem": "junk" })).to.match(/not a certificate and key/);
    });
  });
});

describe("harness/server-role/pki: a PKI given to the run", function () {
  this.timeout(20_000);
  const ctxFor = (outDir: string, given: TestPki, host = "127.0.0.1"): RunContext => ({
    role: "client",
    ixit: DEFAULT_IXIT,
    timeoutMs: 1000,
    outDir,
    strict: false,
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: DEFAULT_MAX_PACKAGES,
    shared: new Map<string, unknown>([[GIVEN_PKI_KEY, given]]),
    client: { device: { kind: "test", close: async () => {} } as unknown as DeviceAdapter, host },
  });

  afterEach(() => setRunContext(undefined));

  it("is used as it is (selftest's one PKI for every pass), and its CA written for the device", async () => {
    const given = await generateTestPki({ hosts: ["127.0.0.1", "localhost"] });
    const out = await mkdtemp(join(tmpdir(), "dm20-given-pki-"));
    setRunContext(ctxFor(out, given));
    const run = await runPki();
    expect(run.pki).to.equal(given);
    expect(await readFile(run.caFile, "utf8")).to.equal(given.caPem);
  });

  it("is refused at once, as a harness error, when its leaves do not name the device's target host", async () => {
    const given = await generateTestPki({ hosts: ["127.0.0.1"] });
    setRunContext(ctxFor(await mkdtemp(join(tmpdir(), "dm20-given-pki-")), given));
    // The resource origin "localhost" must verify too: this PKI has no certificate for it.
    const refused = await runPki().then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(refused).to.match(/no certificate for localhost \(harness error\)/);
  });
});
