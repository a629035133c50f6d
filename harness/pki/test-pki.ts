/**
 * The harness's test PKI, generated per run and never written to git: a CA the device under test
 * is told to trust, a valid server leaf, and one leaf for each way DMC-5.3-02 says a certificate
 * can be invalid. ECDSA P-256 keeps generation to about a tenth of a second (RSA-2048 takes >1 s).
 * A device that cannot be given a new CA for every run trusts one written by `pki --out` instead,
 * and runs reuse it (SavedCa); the leaves are still new each run.
 */
import "reflect-metadata";
import { createPrivateKey, createPublicKey, X509Certificate as NodeX509, webcrypto } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY = 86_400_000;

export interface CertAndKey {
  certPem: string;
  keyPem: string;
  /** Leaf then issuing CA, each PEM newline-terminated: what a TLS server presents. */
  chainPem: string;
}

export interface TestPki {
  /** The harness test CA (public): what the device must trust. */
  caPem: string;
  /** The CA's private key (PKCS#8 PEM): written only by `pki --out`, for later runs to reuse. */
  caKeyPem: string;
  valid: CertAndKey;
  /** Signed by a second CA the device does not trust. */
  untrustedIssuer: CertAndKey;
  expired: CertAndKey;
  notYetValid: CertAndKey;
  /** Valid and trusted, but for another host name only. */
  wrongHost: CertAndKey;
  /** A leaf that signs itself. */
  selfSigned: CertAndKey;
  /** More leaves from the same CA. */
  issue(opts: { hosts: string[]; notBefore?: Date; notAfter?: Date }): Promise<CertAndKey>;
}

type Keys = webcrypto.CryptoKeyPair;
interface Authority {
  cert: x509.X509Certificate;
  keys: Keys;
  pem: string;
}

const pem = (cert: x509.X509Certificate) => `${cert.toString("pem")}\n`;

function newKeys(): Promise<Keys> {
  return webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]) as Promise<Keys>;
}

async function privateKeyPem(keys: Keys): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return `${x509.PemConverter.encode(der, "PRIVATE KEY")}\n`;
}

function altNames(hosts: string[]): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(
    hosts.map((h) => (isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h })),
  );
}

async function authority(name: string): Promise<Authority> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}, O=oma-dm20-conformance`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, pem: pem(cert) };
}

async function leaf(
  issuer: Authority,
  opts: { hosts: string[]; notBefore?: Date; notAfter?: Date },
): Promise<CertAndKey> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${opts.hosts[0] ?? "dm-server"}, O=oma-dm20-conformance`,
    issuer: issuer.cert.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      altNames(opts.hosts),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
    ],
  });
  return { certPem: pem(cert), keyPem: await privateKeyPem(keys), chainPem: pem(cert) + issuer.pem };
}

async function selfSignedLeaf(hosts: string[]): Promise<CertAndKey> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${hosts[0] ?? "dm-server"}, O=self-signed`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    extensions: [new x509.BasicConstraintsExtension(false), altNames(hosts)],
  });
  return { certPem: pem(cert), keyPem: await privateKeyPem(keys), chainPem: pem(cert) };
}

/** Host names no test host will ever be (RFC 2606 reserves .invalid). */
const WRONG_HOST = "wrong-host.invalid";

/** A harness CA kept from an earlier `pki --out`, so that a device trusts it once for many runs. */
export interface SavedCa {
  certPem: string;
  keyPem: string;
}

async function savedAuthority(saved: SavedCa): Promise<Authority> {
  const cert = new x509.X509Certificate(saved.certPem);
  const der = x509.PemConverter.decodeFirst(saved.keyPem);
  const privateKey = await webcrypto.subtle.importKey("pkcs8", der, ALG, true, ["sign"]);
  const publicKey = await cert.publicKey.export(ALG, ["verify"]);
  return { cert, keys: { privateKey, publicKey }, pem: pem(cert) };
}

export async function generateTestPki(opts: { hosts: string[]; ca?: SavedCa }): Promise<TestPki> {
  if (opts.hosts.length === 0) throw new RangeError("generateTestPki needs at least one host");
  const [ca, otherCa] = await Promise.all([
    opts.ca ? savedAuthority(opts.ca) : authority("DM20 Harness Test CA"),
    authority("DM20 Untrusted CA"),
  ]);
  const now = Date.now();
  const [valid, untrustedIssuer, expired, notYetValid, wrongHost, selfSigned] = await Promise.all([
    leaf(ca, { hosts: opts.hosts }),
    leaf(otherCa, { hosts: opts.hosts }),
    leaf(ca, { hosts: opts.hosts, notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) }),
    leaf(ca, { hosts: opts.hosts, notBefore: new Date(now + DAY), notAfter: new Date(now + 30 * DAY) }),
    leaf(ca, { hosts: [WRONG_HOST] }),
    selfSignedLeaf(opts.hosts),
  ]);
  return {
    caPem: ca.pem,
    caKeyPem: await privateKeyPem(ca.keys),
    valid,
    untrustedIssuer,
    expired,
    notYetValid,
    wrongHost,
    selfSigned,
    issue: (o) => leaf(ca, o),
  };
}

/** File names in a PKI folder: the public CA certificate, and its key where `pki --out` keeps one. */
export const CA_FILE = "ca.pem";
export const CA_KEY_FILE = "ca-key.pem";

/** Writes only the public CA certificate (keys stay in memory); returns the path of ca.pem. */
export async function writePublicCa(pki: TestPki, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, CA_FILE);
  await writeFile(path, pki.caPem);
  return path;
}

/** The CA and its key for later runs (`run --pki DIR`): ca.pem public, ca-key.pem readable by the owner only. */
export async function writeCaWithKey(pki: TestPki, dir: string): Promise<{ cert: string; key: string }> {
  const cert = await writePublicCa(pki, dir);
  const key = join(dir, CA_KEY_FILE);
  await writeFile(key, pki.caKeyPem, { mode: 0o600 });
  await chmod(key, 0o600); // writeFile's mode applies only when it creates the file
  return { cert, key };
}

/**
 * Reads a CA written by writeCaWithKey. Throws an Error with a one-line reason when a file is
 * missing, the key does not belong to the certificate, or the certificate is no CA of this kind.
 */
export async function readSavedCa(dir: string): Promise<SavedCa> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), "utf8");
    } catch (e) {
      throw new Error(`${join(dir, name)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const [certPem, keyPem] = [await read(CA_FILE), await read(CA_KEY_FILE)];
  const certFile = join(dir, CA_FILE);
  let cert: NodeX509;
  let publicOfKey: Buffer;
  try {
    cert = new NodeX509(certPem);
    publicOfKey = createPublicKey(createPrivateKey(keyPem)).export({ type: "spki", format: "der" });
  } catch (e) {
    throw new Error(`${dir}: not a certificate and key in PEM (${(e as Error).message})`);
  }
  if (!cert.ca) throw new Error(`${certFile} is not a CA certificate`);
  if (cert.publicKey.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw new Error(`${certFile}: the harness signs with ECDSA P-256 and this CA's key is not one`);
  if (!publicOfKey.equals(cert.publicKey.export({ type: "spki", format: "der" })))
    throw new Error(`${join(dir, CA_KEY_FILE)} is not the key of ${certFile}`);
  if (Date.parse(cert.validTo) < Date.now()) throw new Error(`${certFile} expired on ${cert.validTo}`);
  return { certPem, keyPem };
}
