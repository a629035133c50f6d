/**
 * Each codec publishes the catalogue of codes it can emit (checks map codes to clauses from it).
 * This keeps the catalogues honest: every code seen on the vectors and on random input is listed,
 * and no catalogue lists a code twice.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import fc from "fast-check";
import { CLIENT_URI_FINDINGS, parseClientUri } from "../../harness/protocol/client-uri.ts";
import { COMMAND_FILE_FINDINGS, parseCommandFile } from "../../harness/protocol/command-file.ts";
import type { Finding, FindingCodeInfo } from "../../harness/protocol/finding.ts";
import { HTTP_MESSAGE_FINDINGS, parseHttpMessageText } from "../../harness/protocol/http-message.ts";
import { DEVICE_ID_FINDINGS, parseDeviceId } from "../../harness/protocol/http-rules.ts";
import {
  decodeNotification,
  fromHex,
  NOTIFICATION_ERRORS,
  NOTIFICATION_FINDINGS,
} from "../../harness/protocol/notification.ts";
import { parseStatusFile, STATUS_FILE_FINDINGS } from "../../harness/protocol/status-file.ts";
import { parseTnds20, TNDS20_FINDINGS } from "../../harness/protocol/tnds20.ts";
import { checkSubstitutedUrl, URL_PARAM_FINDINGS } from "../../harness/protocol/url-params.ts";
import { noisyBytes } from "./property-support.ts";

const VECTORS = fileURLToPath(new URL("../../vectors", import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)],
  );
const inputs = (ext: string) =>
  walk(VECTORS).filter((f) => extname(f) === ext && !f.endsWith(".expect.json"));
const read = (f: string) => new Uint8Array(readFileSync(f));
const text = (f: string) => readFileSync(f, "utf8");

function expectListed(catalogue: readonly FindingCodeInfo[], findings: Finding[], where: string) {
  const known = new Set(catalogue.map((c) => c.code));
  for (const f of findings)
    expect(known.has(f.code), `${where}: "${f.code}" is not in the catalogue`).to.equal(true);
}

const samples = fc.sample(noisyBytes, { numRuns: 300, seed: 42 });

describe("protocol finding catalogues", () => {
  it("list each code once", () => {
    for (const cat of [
      COMMAND_FILE_FINDINGS,
      STATUS_FILE_FINDINGS,
      TNDS20_FINDINGS,
      NOTIFICATION_ERRORS,
      NOTIFICATION_FINDINGS,
      CLIENT_URI_FINDINGS,
      URL_PARAM_FINDINGS,
      DEVICE_ID_FINDINGS,
      HTTP_MESSAGE_FINDINGS,
    ]) {
      const codes = cat.map((c) => c.code);
      expect(new Set(codes).size, codes.join(",")).to.equal(codes.length);
      for (const c of cat) expect(c.code).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it("cover every code the codecs emit on the vectors and on random bytes", () => {
    for (const f of inputs(".dm20"))
      expectListed(COMMAND_FILE_FINDINGS, parseCommandFile(read(f)).findings, f);
    for (const f of inputs(".dm20status"))
      expectListed(STATUS_FILE_FINDINGS, parseStatusFile(read(f)).findings, f);
    for (const f of inputs(".json")) expectListed(TNDS20_FINDINGS, parseTnds20(read(f)).findings, f);
    for (const f of inputs(".clienturi"))
      expectListed(CLIENT_URI_FINDINGS, parseClientUri(text(f)).findings, f);
    for (const f of inputs(".deviceid")) expectListed(DEVICE_ID_FINDINGS, parseDeviceId(text(f)).findings, f);
    for (const f of inputs(".http"))
      expectListed(HTTP_MESSAGE_FINDINGS, parseHttpMessageText(read(f)).findings, f);
    for (const f of inputs(".hex")) {
      const r = decodeNotification(fromHex(text(f)));
      expectListed(NOTIFICATION_FINDINGS, r.findings, f);
      if (!r.ok) expectListed(NOTIFICATION_ERRORS, [r.error as Finding], f);
    }
    for (const b of samples) {
      const s = new TextDecoder().decode(b);
      expectListed(COMMAND_FILE_FINDINGS, parseCommandFile(b).findings, "random");
      expectListed(STATUS_FILE_FINDINGS, parseStatusFile(b).findings, "random");
      expectListed(TNDS20_FINDINGS, parseTnds20(b).findings, "random");
      expectListed(HTTP_MESSAGE_FINDINGS, parseHttpMessageText(b).findings, "random");
      expectListed(CLIENT_URI_FINDINGS, parseClientUri(s).findings, "random");
      expectListed(DEVICE_ID_FINDINGS, parseDeviceId(s).findings, "random");
      const v = { MNC: null, MCC: "1", CMNC: null, CMCC: null, MAN: "m", MOD: "d", IMEI: "1" };
      expectListed(
        URL_PARAM_FINDINGS,
        checkSubstitutedUrl("https://a/[MCC]/[CMNC]", s, v).findings,
        "random",
      );
      const r = decodeNotification(b);
      if (!r.ok) expectListed(NOTIFICATION_ERRORS, [r.error as Finding], "random");
    }
  });
});
