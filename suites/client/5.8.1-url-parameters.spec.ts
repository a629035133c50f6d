/**
 * 5.8.1 Parameters in ServerURI: "[MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI] … must be replaced by
 * the client with the actual value before using the URI"; without an active SIM, or without a
 * 3GPP/3GPP2 connection, "the value MUST be TBD". The actual values are the IXIT's.
 */
import { checkTbd, checkUrlParams } from "../../harness/checks/client/url-params.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { kickOff } from "./kick-off.ts";
import { urlParamSession } from "./scenarios.ts";

describe("5.8.1 Parameters in ServerURI", () => {
  before(() => kickOff(urlParamSession));

  it("[DMC-5.8.1-01] [MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI] are replaced by the device's values", async function () {
    judge(this, checkUrlParams([await urlParamSession()], runContext().ixit));
  });

  it("[DMC-5.8.1-02] without an active SIM or a 3GPP/3GPP2 connection, the parameters become TBD", async function () {
    judge(this, checkTbd([await urlParamSession()], runContext().ixit));
  });
});
