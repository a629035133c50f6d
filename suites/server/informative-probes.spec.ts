/**
 * Informative probes: packages a correct device never sends (a wrong MsgID, missing status lines,
 * an unknown content type, an empty body, a 10 MiB body, a second Pkg#1 mid-session). The draft
 * says nothing about them, so no clause is judged; how the server answered is recorded. One
 * clause is judged beside them: a well-behaved session running at the same time must be served
 * as usual.
 */

import {
  checkEachSession,
  checkPackageAcceptance,
  checkSessionEnds,
} from "../../harness/checks/server/index.ts";
import {
  deviceIdFor,
  PROBES,
  type ProbeObservation,
  type RecordedSession,
  runDeviceSession,
  runProbe,
  SimulatedDevice,
} from "../../harness/client-role/index.ts";
import { NO_PKG1_FLAGS } from "../../harness/device/index.ts";
import { exchangeEvidence } from "../../harness/model/evidence.ts";
import { judge } from "../../harness/runner/judge.ts";
import { sharedOnce } from "../../harness/runner/run-context.ts";
import { recordObservation } from "./informative.ts";
import { forgetEarlierRuns, hookBudgetMs, serverPlan } from "./server-run.ts";

/** Device numbers of the probe devices, clear of those the sessions of server-run.ts use. */
const FIRST_PROBE_DEVICE = 10;

interface ProbeRun {
  observations: ProbeObservation[];
  bystander: RecordedSession;
  maxPackages: number;
}

function probeRun(): Promise<ProbeRun> {
  return sharedOnce("server-suites.probes", async () => {
    const plan = serverPlan();
    const device = (n: number) =>
      new SimulatedDevice({
        ixit: plan.ixit,
        deviceId: deviceIdFor(plan.ixit, n),
        maxPackages: plan.maxPackages,
      });
    const bystander = runDeviceSession(device(FIRST_PROBE_DEVICE - 1), plan, {
      url: plan.url,
      flags: NO_PKG1_FLAGS,
      label: "well-behaved session beside the probes",
    });
    const observations = Promise.all(
      PROBES.map((probe, i) => runProbe(probe, device(FIRST_PROBE_DEVICE + i), plan.url, plan)),
    );
    return { observations: await observations, bystander: await bystander, maxPackages: plan.maxPackages };
  });
}

describe("Informative probes (no clause)", () => {
  let run: ProbeRun;
  beforeEach(forgetEarlierRuns);
  before(async function () {
    this.timeout(hookBudgetMs());
    run = await probeRun();
  });

  for (const probe of PROBES) {
    it(`[INFO] ${probe.name}: how the server answers ${probe.description}`, function () {
      const o = run.observations.find((x) => x.name === probe.name)!;
      const summary = `${probe.description} -> ${o.answer}${o.afterwards ? `; then a correct status package -> ${o.afterwards}` : ""}`;
      recordObservation(this, summary, o.transcript.exchanges.flatMap(exchangeEvidence));
    });
  }

  // One clause per test: a test that fails one clause would turn another's "not exercised" into an error.
  const bystander = () => [
    {
      transcript: run.bystander.transcript,
      label: run.bystander.label,
      options: { maxPackages: run.maxPackages, dmUrl: run.bystander.url },
    },
  ];

  it("[DMS-5.6-01] a well-behaved session running beside the probes has each of its packages answered", function () {
    judge(this, ...checkEachSession(checkPackageAcceptance, bystander()));
  });

  it("[DMS-5.7-01] a well-behaved session running beside the probes is served to its END", function () {
    judge(this, ...checkEachSession(checkSessionEnds, bystander()));
  });
});
