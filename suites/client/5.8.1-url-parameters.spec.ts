/**
 * 5.8.1 Parameters in ServerURI: "The following parameters must be replaced by the client with the
 * actual value before using the URI: [MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI]"; without an
 * active SIM, or without a 3GPP/3GPP2 connection, "the value MUST be TBD". The actual values are
 * the IXIT's. Every ServerURI kind that names a URL the device then uses carries them: PUT and POST
 * targets (in the path, in the query) and an EXEC's alert ServerURI.
 */
import { checkTbd, checkUrlParams } from "../../harness/checks/client/url-params.ts";
import { URL_PARAMS } from "../../harness/protocol/url-params.ts";
import { check } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { scenario, step } from "../../harness/server-role/index.ts";
import { DEVINFO, ixit } from "./support.ts";

/** One upload per placeholder (in the path), one URL with all of them in the query, and an EXEC alert URL with them. */
const urlParams = scenario("5.8.1 URL parameters", async (run) => {
  const s = await run.start("every placeholder in a PUT path, all in a POST query, and in an EXEC alert URL");
  const each = URL_PARAMS.map((p) => step(`PUT ${s.template(`/${p}/[${p}]`)} ${DEVINFO}`, "success"));
  const all = step(
    `POST ${s.template(`?${URL_PARAMS.map((p) => `${p.toLowerCase()}=[${p}]`).join("&")}`)} ${DEVINFO}`,
    "success",
  );
  const exec = ixit().exec;
  const alert =
    exec && !exec.alertServer
      ? [step(`EXEC ${exec.node} ${s.template("/alert/[IMEI]/[MCC]/[CMNC]")}`, "success")]
      : [];
  await s.run([[...each, all, ...alert]]);
});

describe("5.8.1 Parameters in ServerURI", () => {
  check(
    "[DMC-5.8.1-01] [MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI] are replaced by the device's values",
    [urlParams],
    async function () {
      judge(this, checkUrlParams(await urlParams.views(), ixit()));
    },
  );

  check(
    "[DMC-5.8.1-02] without an active SIM or a 3GPP/3GPP2 connection, the parameters become TBD",
    [urlParams],
    async function () {
      judge(this, checkTbd(await urlParams.views(), ixit()));
    },
  );
});
