/**
 * `pki --out DIR`: writes the harness test CA (ca.pem, public only; keys stay in memory) so a
 * device can be shown what it will be asked to trust. Every run generates its own CA and writes it
 * to <out>/pki/ca.pem (handed to a trigger command as DM20_CA_FILE).
 */
import { X509Certificate } from "node:crypto";
import { resolve } from "node:path";
import { generateTestPki, writePublicCa } from "../pki/test-pki.ts";
import { shown } from "./finish-run.ts";
import type { CliIo } from "./io.ts";

export interface PkiOptions {
  out: string;
  host: string[];
}

export async function pkiCommand(opts: PkiOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  const pki = await generateTestPki({ hosts: opts.host });
  const path = await writePublicCa(pki, resolve(cwd, opts.out));
  const cert = new X509Certificate(pki.caPem);
  io.out.write(`CA certificate: ${shown(path, cwd)}\n`);
  io.out.write(`  subject:  ${cert.subject.replace(/\n/g, ", ")}\n`);
  io.out.write(`  valid:    ${cert.validFrom} to ${cert.validTo}\n`);
  io.out.write(`  SHA-256:  ${cert.fingerprint256}\n`);
  return 0;
}
