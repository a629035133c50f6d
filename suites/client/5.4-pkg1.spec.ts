/**
 * 5.4 Pkg#1, the client's first request: "The clients request to the server MUST contain the
 * following HTTP Headers" (Table 2) and "The clients HTTP Body MUST contain a TNDS20 document with
 * only the following content". Judged on the Pkg#1 of every session of the run: notified ones
 * (every Pkg#0 flag combination) and device-initiated ones (DEFAULT) alike.
 */
import {
  checkPkg1Accept,
  checkPkg1DevInfo,
  checkPkg1DeviceId,
  checkPkg1Method,
  checkPkg1OnlyPermitted,
} from "../../harness/checks/client/pkg1.ts";
import { check, wholeRunBudgetMs } from "../../harness/runner/check.ts";
import { judge } from "../../harness/runner/judge.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { flagMatrix } from "./shared-scenarios.ts";
import { everySession, ixit } from "./support.ts";

describe("5.4 Pkg#1: the client's first request, in every session", () => {
  beforeEach(function () {
    this.currentTest?.timeout(wholeRunBudgetMs(runContext().timeoutMs));
  });

  check(
    "[DMC-5.4-01] Pkg#1 is an HTTP POST with Content-Type application/tnds20",
    [flagMatrix],
    async function () {
      judge(this, checkPkg1Method(await everySession()));
    },
  );

  check(
    "[DMC-5.4-02] Pkg#1's Accept lists application/dm20 and application/tnds20",
    [flagMatrix],
    async function () {
      judge(this, checkPkg1Accept(await everySession()));
    },
  );

  check(
    "[DMC-5.4-03] Pkg#1 carries X-OMADMDeviceID with the device's unique identifier",
    [flagMatrix],
    async function () {
      judge(this, checkPkg1DeviceId(await everySession(), ixit()));
    },
  );

  check(
    "[DMC-5.4-04] Pkg#1's body is a JSON TNDS20 document carrying DevInfo",
    [flagMatrix],
    async function () {
      judge(this, checkPkg1DevInfo(await everySession()));
    },
  );

  check(
    "[DMC-5.4-05] Pkg#1 carries only DevInfo, DevDetail, Generic Alerts and the MO list",
    [flagMatrix],
    async function () {
      judge(this, checkPkg1OnlyPermitted(await everySession()));
    },
  );
});
