/**
 * `pki --out DIR`: writes a harness test CA for a device that cannot be given a new one every run:
 * ca.pem to install on the device, and ca-key.pem (owner-only) so that `run --pki DIR` issues the
 * run's certificates from it. Without --pki every run makes its own CA and writes it to
 * <out>/pki/ca.pem (handed to a trigger command as DM20_CA_FILE).
 */
import { X509Certificate } from "node:crypto";
import { resolve } from "node:path";
import { generateTestPki, writeCaWithKey } from "../pki/test-pki.ts";
import { shown } from "./finish-run.ts";
import type { CliIo } from "./io.ts";

export interface PkiOptions {
  out: string;
  host: string[];
}

export async function pkiCommand(opts: PkiOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  const pki = await generateTestPki({ hosts: opts.host });
  const dir = resolve(cwd, opts.out);
  const paths = await writeCaWithKey(pki, dir);
  const cert = new X509Certificate(pki.caPem);
  io.out.write(`CA certificate: ${shown(paths.cert, cwd)}   (install on the device as its DM server CA)\n`);
  io.out.write(`CA key:         ${shown(paths.key, cwd)}   (private: owner-only, never commit it)\n`);
  io.out.write(`  subject:  ${cert.subject.replace(/\n/g, ", ")}\n`);
  io.out.write(`  valid:    ${cert.validFrom} to ${cert.validTo}\n`);
  io.out.write(`  SHA-256:  ${cert.fingerprint256}\n`);
  io.out.write(`Runs that use it: dm20-conformance run --iut client --pki ${shown(dir, cwd)} …\n`);
  return 0;
}
