/**
 * 5.3 Pkg#0, server initiation. "When the device connects to the servers URL it MUST use HTTPS and
 * verify that the certificate that is used is a valid one for managing that device. If not valid
 * the client MUST disconnect to the server." And the Pkg#0 flags: "Send DevDetail in Pkg#1 if
 * value = 1", "Send all supported MOIDs in Pkg#1 if value = 1", "Send all location for all
 * instances of all MOIDs and supported MOs if value = 1".
 */
import { checkDevDetailFlag, checkInstanceList, checkMoList } from "../../harness/checks/client/pkg1.ts";
import {
  checkCertificateRejected,
  checkNoPlaintextRequest,
  checkPackagesOverHttps,
} from "../../harness/checks/client/tls.ts";
import { check, wholeRunBudgetMs } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import {
  CERT_CASE_NAMES,
  type CertCase,
  INVALID_CERT_CASES,
  scenario,
} from "../../harness/server-role/index.ts";
import { control, FLAG_MATRIX, flagMatrix, flagText } from "./shared-scenarios.ts";
import { checkWhenWatched, everySession, ixit } from "./support.ts";

/**
 * A negative case: the device is notified of a listener it must refuse, which is then watched
 * until the run ends; right after, a valid session shows the device still answers (its silence was
 * a refusal, not a crash, and it does accept a good certificate).
 */
function refused(tlsCase: Exclude<CertCase, "valid"> | "plaintext") {
  const what = tlsCase === "plaintext" ? "http:// session URL" : `${CERT_CASE_NAMES[tlsCase]} certificate`;
  return scenario(`5.3 ${what}`, async (run) => {
    const negative = await run.start(what, { tlsCase });
    // A certificate is refused on a connection the device does open: see it before moving on.
    if (tlsCase !== "plaintext") await negative.expectConnection();
    await negative.finish();
    await (await run.start("valid session right after")).run([]);
  });
}

const plaintext = refused("plaintext");
const invalidCertificates = Object.fromEntries(INVALID_CERT_CASES.map((c) => [c, refused(c)])) as Record<
  Exclude<CertCase, "valid">,
  ReturnType<typeof refused>
>;

const CASE_TITLES: Record<Exclude<CertCase, "valid">, string> = {
  untrustedIssuer: "a certificate from an issuer the device does not trust",
  expired: "an expired certificate",
  notYetValid: "a certificate not yet valid",
  wrongHost: "a certificate for another host name",
  selfSigned: "a self-signed leaf certificate",
};

describe("5.3 Pkg#0: HTTPS and the server certificate", () => {
  check(
    "[DMC-5.3-01] every notified DM session of the run goes over HTTPS",
    [control, flagMatrix],
    async function () {
      this.timeout(wholeRunBudgetMs(runContext().timeoutMs));
      judge(this, checkPackagesOverHttps(await everySession()));
    },
  );

  checkWhenWatched(
    "[DMC-5.3-01] a notification with an http:// URL gets no plaintext request, watched until the run ends",
    [plaintext],
    async function () {
      judge(
        this,
        checkNoPlaintextRequest(
          await plaintext.view("http:// session URL"),
          await plaintext.view("valid session right after"),
        ),
      );
    },
  );

  for (const c of INVALID_CERT_CASES) {
    const s = invalidCertificates[c];
    checkWhenWatched(
      `[DMC-5.3-02] ${CASE_TITLES[c]}: no HTTP request on that connection until the run ends, and a valid certificate right after is accepted`,
      [s],
      async function () {
        judge(
          this,
          checkCertificateRejected(
            await s.view(`${CERT_CASE_NAMES[c]} certificate`),
            CERT_CASE_NAMES[c],
            await s.view("valid session right after"),
          ),
        );
      },
    );
  }
});

describe("5.3 Pkg#0 flags: what Pkg#1 carries", () => {
  FLAG_MATRIX.forEach((flags) => {
    const tags = `[DMC-5.3-03][DMC-5.4-06]${flags.sendAllMOInstances ? "[DMC-5.4-07]" : ""}`;
    check(`${tags} Pkg#0 with ${flagText(flags)}`, [flagMatrix], async function () {
      const view = await flagMatrix.view(flagText(flags));
      const views = view ? [view] : [];
      judge(
        this,
        checkDevDetailFlag(views),
        checkMoList(views, ixit()),
        ...(flags.sendAllMOInstances ? [checkInstanceList(views, ixit())] : []),
      );
    });
  });
});
