/**
 * Whole runs of the client suites against the in-process reference device, one per reading
 * profile, made once per test process: the reference-device self-test and the reading-profile
 * self-test judge the same run of the default profile instead of each paying for one.
 */
import { expect } from "chai";
import { quotesTheWire } from "../../harness/model/evidence.ts";
import {
  createReferenceDevice,
  type ReadingProfileName,
  referenceDeviceIxit,
} from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites, type TestOutcome } from "../../harness/runner/suite-runner.ts";
import { CLIENT_CLAUSES, clientContext } from "./context.ts";

export interface ProfileRun {
  outcomes: TestOutcome[];
  ms: number;
}

/**
 * Bound on each wait of a whole run. A conformant device ends every wait with an event, so the
 * bound costs nothing; it only has to outlast a loaded machine (several test processes on two
 * cores), where 3 s cut the DELETE-beside-END marker wait and the plaintext case's follow-up.
 */
const PROFILE_RUN_TIMEOUT_MS = 10_000;

const runs = new Map<ReadingProfileName, Promise<ProfileRun>>();

/** The client suites, every clause, against the reference device with this reading profile (memoised). */
export function profileRun(profile: ReadingProfileName): Promise<ProfileRun> {
  let run = runs.get(profile);
  if (!run) {
    run = (async () => {
      const device = createReferenceDevice({ readingProfile: profile });
      const started = performance.now();
      try {
        const outcomes = await runSuites({
          role: "client",
          context: clientContext(device.adapter, {
            ixit: referenceDeviceIxit(profile),
            timeoutMs: PROFILE_RUN_TIMEOUT_MS,
          }),
        });
        return { outcomes, ms: Math.round(performance.now() - started) };
      } finally {
        await device.adapter.close();
      }
    })();
    runs.set(profile, run);
  }
  return run;
}

/** Every distinct reading the passes of a clause recorded, over all its tests, joined with " | ". */
export function readingsOf(outcomes: TestOutcome[], clause: string): string {
  const readings = outcomes.flatMap((o) =>
    o.results.filter((r) => r.clause === clause && r.verdict === "pass" && r.reading).map((r) => r.reading!),
  );
  return [...new Set(readings)].join(" | ");
}

/** What the passes of a clause quoted and said: their messages and the wire text of their evidence. */
export function wireOf(outcomes: TestOutcome[], clause: string): string {
  return outcomes
    .flatMap((o) => o.results.filter((r) => r.clause === clause && r.verdict === "pass"))
    .flatMap((r) => [r.message, ...r.evidence.map((e) => e.text)])
    .join("\n");
}

/** Why the tests that did not pass failed, and every result that is neither pass nor by declaration, for assertion messages. */
export function failures(outcomes: TestOutcome[]): string {
  const failed = outcomes
    .filter((o) => o.state !== "passed")
    .map((o) => `${o.title}: ${o.error?.message ?? JSON.stringify(o.verdicts)}`);
  const unshown = outcomes.flatMap((o) =>
    o.results
      .filter((r) => r.verdict === "not-exercised" || r.verdict === "error")
      .map((r) => `${o.title}: ${r.clause} ${r.verdict}: ${r.message}`),
  );
  return [...failed, ...unshown].join("\n");
}

/**
 * What a certifying run of a device with a SIM shows: every testable DMC clause passes,
 * DMC-5.8-13 is untestable and DMC-5.8.1-02 not applicable; every result says why and every pass
 * quotes the wire it judged.
 */
export function expectCertified(outcomes: TestOutcome[]): void {
  const verdicts = clauseVerdicts(outcomes);
  const expected = Object.fromEntries(
    CLIENT_CLAUSES.map((c) => [
      c,
      c === "DMC-5.8-13" ? "untestable" : c === "DMC-5.8.1-02" ? "not-applicable" : "pass",
    ]),
  );
  expect(
    Object.fromEntries(CLIENT_CLAUSES.map((c) => [c, verdicts.get(c)])),
    failures(outcomes),
  ).to.deep.equal(expected);
  for (const o of outcomes)
    for (const r of o.results) expect(r.message, `${o.title} ${r.clause}`).to.be.a("string").and.not.empty;
  const passesWithoutWire = outcomes.flatMap((o) =>
    o.results
      .filter((r) => r.verdict === "pass" && !quotesTheWire(r))
      .map((r) => `${o.title} ${r.clause}: evidence ${r.evidence.map((e) => e.kind).join(", ") || "none"}`),
  );
  expect(passesWithoutWire).to.deep.equal([]);
}
