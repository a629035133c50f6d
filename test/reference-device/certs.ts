/**
 * Certificates for the reference device's tests, made in-test (ECDSA P-256, ~100 ms): a trusted
 * CA with a valid leaf for 127.0.0.1, and the bad ones a device must refuse.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY = 86_400_000;

export interface TestCert {
  certPem: string;
  keyPem: string;
}

export interface TestCerts {
  caPem: string;
  valid: TestCert;
  expired: TestCert;
  wrongHost: TestCert;
  untrusted: TestCert;
  selfSigned: TestCert;
}

type Keys = webcrypto.CryptoKeyPair;

const keys = () => webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]) as Promise<Keys>;

async function keyPem(k: Keys): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", k.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function makeCa(name: string): Promise<{ cert: x509.X509Certificate; keys: Keys }> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: k,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, keys: k };
}

async function leaf(
  issuer: { cert: x509.X509Certificate; keys: Keys },
  opts: { names: Array<{ type: "dns" | "ip"; value: string }>; notBefore?: Date; notAfter?: Date },
): Promise<TestCert> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.create({
    subject: "CN=dm-server",
    issuer: issuer.cert.subject,
    publicKey: k.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(opts.names),
    ],
  });
  return { certPem: `${cert.toString("pem")}\n`, keyPem: await keyPem(k) };
}

export async function makeTestCerts(): Promise<TestCerts> {
  const ca = await makeCa("DM20 Test CA");
  const other = await makeCa("Other CA");
  const loopback = [
    { type: "ip" as const, value: "127.0.0.1" },
    { type: "dns" as const, value: "localhost" },
  ];
  const k = await keys();
  const self = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=dm-server",
    keys: k,
    signingAlgorithm: ALG,
    extensions: [new x509.SubjectAlternativeNameExtension(loopback)],
  });
  return {
    caPem: `${ca.cert.toString("pem")}\n`,
    valid: await leaf(ca, { names: loopback }),
    expired: await leaf(ca, {
      names: loopback,
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    }),
    wrongHost: await leaf(ca, { names: [{ type: "dns", value: "wrong.example" }] }),
    untrusted: await leaf(other, { names: loopback }),
    selfSigned: { certPem: `${self.toString("pem")}\n`, keyPem: await keyPem(k) },
  };
}
