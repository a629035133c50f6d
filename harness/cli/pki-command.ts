/**
 * `pki --out DIR`: writes a harness test CA for a device that cannot be given a new one every run:
 * ca.pem to install on the device, and ca-key.pem (owner-only) so that `run --pki DIR` issues the
 * run's certificates from it. Without --pki every run makes its own CA and writes it to
 * <out>/pki/ca.pem (handed to a trigger command as DM20_CA_FILE).
 *
 * The CA names no host: each run issues its server certificates for its own --host and
 * --public-host, so one CA serves a device wherever the harness runs.
 */
import { X509Certificate } from "node:crypto";
import { generateTestPki, PkiFolderError, writeCaWithKey } from "../pki/test-pki.ts";
import type { CliIo } from "./io.ts";
import { prepareOutDir, shown } from "./output-dir.ts";
import { UsageError } from "./usage-error.ts";

export interface PkiOptions {
  out: string;
  force?: boolean;
}

export async function pkiCommand(opts: PkiOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  const dir = await prepareOutDir(opts.out, "--out", cwd);
  // The hosts only name the throw-away leaves generateTestPki makes beside the CA; none is written.
  const pki = await generateTestPki({ hosts: ["127.0.0.1"] });
  let paths: Awaited<ReturnType<typeof writeCaWithKey>>;
  try {
    paths = await writeCaWithKey(pki, dir, { replace: Boolean(opts.force) });
  } catch (e) {
    if (!(e instanceof PkiFolderError)) throw e;
    throw new UsageError(
      e.reason === "ca-exists"
        ? `--out ${opts.out}: already holds a harness CA; devices provisioned with it would stop trusting the harness (--force replaces it)`
        : `--out ${opts.out}: ${e.message}`,
    );
  }
  const cert = new X509Certificate(pki.caPem);
  io.out.write(`CA certificate: ${shown(paths.cert, cwd)}   (install on the device as its DM server CA)\n`);
  io.out.write(`CA key:         ${shown(paths.key, cwd)}   (private: owner-only, never commit it)\n`);
  io.out.write(`                ${shown(paths.ignore, cwd)} keeps the folder out of git and npm packages\n`);
  io.out.write(`  subject:  ${cert.subject.replace(/\n/g, ", ")}\n`);
  io.out.write(`  valid:    ${cert.validFrom} to ${cert.validTo}\n`);
  io.out.write(`  SHA-256:  ${cert.fingerprint256}\n`);
  io.out.write(`Runs that use it: dm20-conformance run --iut client --pki ${shown(dir, cwd)} …\n`);
  return 0;
}
