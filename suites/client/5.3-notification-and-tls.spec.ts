/**
 * 5.3 Pkg#0, server initiation: "When the device connects to the servers URL it MUST use HTTPS and
 * verify that the certificate that is used is a valid one for managing that device. If not valid the
 * client MUST disconnect to the server." And the Pkg#0 flags: "Send DevDetail in Pkg#1 if value = 1",
 * "Send all supported MOIDs in Pkg#1", "Send all location for all instances".
 */
import { checkDevDetailFlag, checkInstanceList, checkMoList } from "../../harness/checks/client/pkg1.ts";
import {
  checkCertificateRejected,
  checkNoPlaintextRequest,
  checkPackagesOverHttps,
} from "../../harness/checks/client/tls.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { CERT_CASE_NAMES, INVALID_CERT_CASES } from "../../harness/server-role/index.ts";
import { kickOff } from "./kick-off.ts";
import { FLAG_MATRIX, flagMatrix, flagText, tlsBatch } from "./scenarios.ts";

const CASE_TITLES: Record<(typeof INVALID_CERT_CASES)[number], string> = {
  untrustedIssuer: "a certificate from an issuer the device does not trust",
  expired: "an expired certificate",
  notYetValid: "a certificate not yet valid",
  wrongHost: "a certificate for another host name",
  selfSigned: "a self-signed leaf certificate",
};

describe("5.3 Pkg#0: HTTPS and the server certificate", () => {
  before(() => kickOff(tlsBatch, flagMatrix));

  it("[DMC-5.3-01] a notified DM session runs over HTTPS", async function () {
    const [tls, matrix] = await Promise.all([tlsBatch(), flagMatrix()]);
    judge(this, checkPackagesOverHttps([tls.control.view, ...matrix.map((m) => m.view)]));
  });

  it("[DMC-5.3-01] a notification with an http:// URL gets no plaintext request", async function () {
    const tls = await tlsBatch();
    judge(this, checkNoPlaintextRequest(tls.plaintext.transcript, tls.plaintext.url, tls.control));
  });

  for (const c of INVALID_CERT_CASES) {
    it(`[DMC-5.3-02] ${CASE_TITLES[c]}: the device disconnects without any HTTP request`, async function () {
      const tls = await tlsBatch();
      judge(this, checkCertificateRejected(tls.certs[c], CERT_CASE_NAMES[c]));
    });
  }
});

describe("5.3 Pkg#0 flags: what Pkg#1 carries", () => {
  before(() => kickOff(flagMatrix));

  FLAG_MATRIX.forEach((flags, i) => {
    const tags = `[DMC-5.3-03][DMC-5.4-06]${flags.sendAllMOInstances ? "[DMC-5.4-07]" : ""}`;
    it(`${tags} Pkg#0 with ${flagText(flags)}`, async function () {
      const view = (await flagMatrix())[i]!.view;
      const ixit = runContext().ixit;
      judge(
        this,
        checkDevDetailFlag([view]),
        checkMoList([view], ixit),
        ...(flags.sendAllMOInstances ? [checkInstanceList([view])] : []),
      );
    });
  });
});
