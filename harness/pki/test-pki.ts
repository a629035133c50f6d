/**
 * The harness's test PKI, generated per run and never written to git: a CA the device under test
 * is told to trust, a valid server leaf, and one leaf for each way DMC-5.3-02 says a certificate
 * can be invalid. ECDSA P-256 keeps generation to about a tenth of a second (RSA-2048 takes >1 s).
 * A device that cannot be given a new CA for every run trusts one written by `pki --out` instead,
 * and runs reuse it (SavedCa); the leaves are still new each run.
 */
import {
  createPrivateKey,
  createPublicKey,
  X509Certificate as NodeX509,
  randomBytes,
  webcrypto,
} from "node:crypto";
import { open, readdir, readFile, rename, rm } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import type * as X509 from "@peculiar/x509";
import { makeDirs } from "../model/make-dirs.ts";
import { phase } from "../runner/phases.ts";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY = 86_400_000;

export interface CertAndKey {
  certPem: string;
  keyPem: string;
  /** Leaf then issuing CA, each PEM newline-terminated: what a TLS server presents. */
  chainPem: string;
}

/** Plain data (PEM text only), so one PKI can be handed to a worker thread (selftest's passes). */
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
}

/*
 * @peculiar/x509 (with asn1js and reflect-metadata, ~0.8 MB compiled) is loaded only when a PKI is
 * made or a saved CA read: a self-test's worker thread is handed a PKI ready made, and a process
 * that only uses one (the monitor with --pki aside) should not pay ~50 ms to load what it never calls.
 */
let x509: typeof X509;
async function loadX509(): Promise<void> {
  if (x509) return;
  await import("reflect-metadata");
  // A CommonJS package: imported from the bundle it is { default: exports }, under tsx the exports.
  const mod = (await import("@peculiar/x509")) as typeof X509 & { default?: typeof X509 };
  x509 = mod.default ?? mod;
}

type Keys = webcrypto.CryptoKeyPair;
interface Authority {
  cert: X509.X509Certificate;
  keys: Keys;
  pem: string;
}

const pem = (cert: X509.X509Certificate) => `${cert.toString("pem")}\n`;

function newKeys(): Promise<Keys> {
  return webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]) as Promise<Keys>;
}

async function privateKeyPem(keys: Keys): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return `${x509.PemConverter.encode(der, "PRIVATE KEY")}\n`;
}

function altNames(hosts: string[]): X509.SubjectAlternativeNameExtension {
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

/** Key generation under way (see keyWorkSettled). */
const inFlight = new Set<Promise<unknown>>();

export function generateTestPki(opts: { hosts: string[]; ca?: SavedCa }): Promise<TestPki> {
  const work = phase("pki", opts.hosts.join(" "), generate(opts));
  const tracked = work.catch(() => undefined).finally(() => inFlight.delete(tracked));
  inFlight.add(tracked);
  return work;
}

/**
 * Resolves once no key generation of this thread is under way. A worker thread waits for it
 * before it may be terminated: on Node 20, a worker torn down while an EC key pair is being
 * generated aborts the whole process (FATAL ERROR in KeyObjectHandle, seen in selftest's worker).
 */
export async function keyWorkSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

async function generate(opts: { hosts: string[]; ca?: SavedCa }): Promise<TestPki> {
  if (opts.hosts.length === 0) throw new RangeError("generateTestPki needs at least one host");
  await loadX509();
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
  };
}

/** File names in a PKI folder: the public CA certificate, and its key where `pki --out` keeps one. */
export const CA_FILE = "ca.pem";
export const CA_KEY_FILE = "ca-key.pem";
/** Keeps a `pki --out` folder out of git, and so out of npm packages (npm reads it where no .npmignore is). */
export const IGNORE_FILE = ".gitignore";
export const IGNORE_TEXT =
  "# Written by dm20-conformance pki: this folder holds a CA private key (ca-key.pem).\n# Nothing in it belongs in git or in a package.\n*\n";

/**
 * Writes `data` into a new file created with `mode` (O_EXCL, so never an existing file with a
 * wider mode), then renames it into place: the file never exists readable by others, not even for
 * a moment, and a reader never sees it half-written.
 */
async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  const file = await open(temp, "wx", mode);
  try {
    await file.writeFile(data);
  } catch (e) {
    await file.close();
    await rm(temp, { force: true });
    throw e;
  }
  await file.close();
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** Writes only the public CA certificate (keys stay in memory); returns the path of ca.pem. */
export async function writePublicCa(pki: TestPki, dir: string): Promise<string> {
  await makeDirs(dir);
  const path = join(dir, CA_FILE);
  await writeFileAtomic(path, pki.caPem, 0o644);
  return path;
}

/** The folder already holds a CA (or files that are not the harness's): refused unless replacing. */
export class PkiFolderError extends Error {
  override name = "PkiFolderError";
  constructor(
    message: string,
    readonly reason: "ca-exists" | "foreign-files",
  ) {
    super(message);
  }
}

/**
 * The CA and its key for later runs (`run --pki DIR`): ca.pem public, ca-key.pem readable by the
 * owner only from the moment it exists, and a .gitignore of `*` so the key stays out of git and
 * packages by construction. The folder is the CA's own: one holding other files is refused (a
 * .gitignore of `*` there would hide them from git), and so is an existing CA unless `replace`
 * (every device provisioned with it would stop trusting the harness).
 */
export async function writeCaWithKey(
  pki: TestPki,
  dir: string,
  opts: { replace?: boolean } = {},
): Promise<{ cert: string; key: string; ignore: string }> {
  await makeDirs(dir);
  const ours = new Set([CA_FILE, CA_KEY_FILE, IGNORE_FILE]);
  const entries = await readdir(dir);
  const foreign = entries.filter((e) => !ours.has(e));
  // A .gitignore of the user's own is not replaced by ours.
  if (
    entries.includes(IGNORE_FILE) &&
    (await readFile(join(dir, IGNORE_FILE), "utf8").catch(() => "")) !== IGNORE_TEXT
  )
    foreign.push(IGNORE_FILE);
  if (foreign.length > 0)
    throw new PkiFolderError(
      `${dir} holds other files (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}): give the CA a folder of its own`,
      "foreign-files",
    );
  const existing = entries.filter((e) => e === CA_FILE || e === CA_KEY_FILE);
  if (existing.length > 0 && !opts.replace)
    throw new PkiFolderError(`${dir} already holds a harness CA (${existing.join(", ")})`, "ca-exists");
  const ignore = join(dir, IGNORE_FILE);
  // The ignore file first: the key never sits in the folder unignored.
  await writeFileAtomic(ignore, IGNORE_TEXT, 0o644);
  const key = join(dir, CA_KEY_FILE);
  await writeFileAtomic(key, pki.caKeyPem, 0o600);
  const cert = join(dir, CA_FILE);
  await writeFileAtomic(cert, pki.caPem, 0o644);
  return { cert, key, ignore };
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
