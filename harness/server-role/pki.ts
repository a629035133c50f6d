/**
 * The run's test PKI, generated once per run (sharedOnce) and never committed: the CA the device
 * must trust is written to <outDir>/pki/ca.pem (the only public part); keys stay in memory. A CA
 * kept from `pki --out` (SAVED_CA_KEY, `run --pki`) issues the leaves instead of a new one.
 * A whole PKI made beforehand (GIVEN_PKI_KEY) is used as it is. DMC-5.3-02's invalid cases are
 * served one per listener.
 */
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { join } from "node:path";
import { CA_FILE, generateTestPki, type SavedCa, type TestPki, writePublicCa } from "../pki/test-pki.ts";
import { clientTarget, runContext, sharedOnce } from "../runner/run-context.ts";

/** Which certificate a listener serves: the valid leaf, or one of the invalid cases of DMC-5.3-02. */
export type CertCase = "valid" | "untrustedIssuer" | "expired" | "notYetValid" | "wrongHost" | "selfSigned";

export const INVALID_CERT_CASES: ReadonlyArray<Exclude<CertCase, "valid">> = [
  "untrustedIssuer",
  "expired",
  "notYetValid",
  "wrongHost",
  "selfSigned",
];

/** How evidence and test titles name each case. */
export const CERT_CASE_NAMES: Record<CertCase, string> = {
  valid: "valid",
  untrustedIssuer: "untrusted-issuer",
  expired: "expired",
  notYetValid: "not-yet-valid",
  wrongHost: "host-name-mismatch",
  selfSigned: "self-signed",
};

export interface RunPki {
  pki: TestPki;
  /** Path of the CA certificate the device trusts (DM20_CA_FILE). */
  caFile: string;
}

export const PKI_KEY = "server-role.pki";
/**
 * A TestPki made for the run beforehand, or a promise of it (selftest makes one for all its passes,
 * whose targets are all 127.0.0.1, and starts them while it is made): used as it is instead of
 * generating one. Its leaves must name the target's hosts.
 */
export const GIVEN_PKI_KEY = "server-role.givenPki";
/** A SavedCa in the run's shared state: the CA the device already trusts. */
export const SAVED_CA_KEY = "server-role.savedCa";

export function runPki(): Promise<RunPki> {
  return sharedOnce(PKI_KEY, async () => {
    const ctx = runContext();
    const target = clientTarget();
    // The resource origin's name ("localhost" on loopback) must verify too.
    const hosts = [
      ...new Set([
        target.host,
        ...(target.publicHost ? [target.publicHost] : []),
        ...(target.host === "127.0.0.1" && !target.publicHost ? ["localhost"] : []),
      ]),
    ];
    const ca = ctx.shared.get(SAVED_CA_KEY) as SavedCa | undefined;
    const given = await (ctx.shared.get(GIVEN_PKI_KEY) as TestPki | Promise<TestPki> | undefined);
    if (given) assertNamesHosts(given, hosts);
    const pki = given ?? (await generateTestPki({ hosts, ...(ca ? { ca } : {}) }));
    const dir = join(ctx.outDir, "pki");
    await writePublicCa(pki, dir);
    return { pki, caFile: join(dir, CA_FILE) };
  });
}

/**
 * A given PKI whose valid leaf does not name every host the device is sent to would make a
 * conformant device refuse it, and the harness blame the device: a harness error, said at once.
 */
function assertNamesHosts(pki: TestPki, hosts: string[]): void {
  const leaf = new X509Certificate(pki.valid.certPem);
  const missing = hosts.filter((h) => (isIP(h) ? leaf.checkIP(h) : leaf.checkHost(h)) === undefined);
  if (missing.length > 0)
    throw new Error(`the run's given PKI has no certificate for ${missing.join(", ")} (harness error)`);
}

/** Certificate chain and key for a listener serving `certCase`. */
export function tlsFor(pki: TestPki, certCase: CertCase): { cert: string; key: string } {
  const leaf = pki[certCase];
  return { cert: leaf.chainPem, key: leaf.keyPem };
}
