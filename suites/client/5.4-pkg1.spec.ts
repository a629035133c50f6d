/**
 * 5.4 Pkg#1, the client's first request: its headers (Table 2) and "a TNDS20 document with only the
 * following content". Judged on every Pkg#1 of the Pkg#0 flag matrix.
 */
import {
  checkPkg1Accept,
  checkPkg1DevInfo,
  checkPkg1DeviceId,
  checkPkg1Method,
  checkPkg1OnlyPermitted,
} from "../../harness/checks/client/pkg1.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { kickOff } from "./kick-off.ts";
import { flagMatrix } from "./scenarios.ts";

const views = async () => (await flagMatrix()).map((m) => m.view);

describe("5.4 Pkg#1: the client's first request", () => {
  before(() => kickOff(flagMatrix));

  it("[DMC-5.4-01] Pkg#1 is an HTTP POST with Content-Type application/tnds20", async function () {
    judge(this, checkPkg1Method(await views()));
  });

  it("[DMC-5.4-02] Pkg#1's Accept lists application/dm20 and application/tnds20", async function () {
    judge(this, checkPkg1Accept(await views()));
  });

  it("[DMC-5.4-03] Pkg#1 carries X-OMADMDeviceID with the device's unique identifier", async function () {
    judge(this, checkPkg1DeviceId(await views(), runContext().ixit));
  });

  it("[DMC-5.4-04] Pkg#1's body is a JSON TNDS20 document carrying DevInfo", async function () {
    judge(this, checkPkg1DevInfo(await views()));
  });

  it("[DMC-5.4-05] Pkg#1 carries only DevInfo, DevDetail, Generic Alerts and the MO list", async function () {
    judge(this, checkPkg1OnlyPermitted(await views()));
  });
});
