/**
 * Table-driven, the mirror of the fault table: each lawful variation of the reference server (a
 * reading the draft allows but the conformant path does not show) must fail no clause, and the
 * reading must show in the report. Those the draft does not describe, only does not rule out, fail
 * their clause under --strict. A harness that flags one of them fails what the draft allows.
 */
import { expect } from "chai";
import { generateTestPki, type TestPki } from "../../harness/pki/test-pki.ts";
import {
  REFERENCE_SERVER_HOSTS,
  REFERENCE_SERVER_VARIATIONS,
  startReferenceServer,
} from "../../harness/reference/server/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { SERVER_CLAUSES, serverContext } from "./context.ts";

/** The reading each variation must leave on its clause's results. */
const READING: Record<string, RegExp> = {
  "end-with-commands": /END with commands after a status report: POST, END/,
  "reserved-bits-set": /reserved bits 0x8001/,
  "content-type-charset": /charset=utf-8/,
  "msgid-from-seven": /session MsgIDs start at 7/,
  "final-line-break": /a final line break/,
  "show-relative-close": /\?Close=relative URL/,
};

describe("self-test: lawful variations of the reference server fail no clause", function () {
  this.timeout(120_000);
  let pki: TestPki;
  before(async () => {
    pki = await generateTestPki({ hosts: REFERENCE_SERVER_HOSTS });
  });

  async function run(name: string, strict: boolean, clauses?: string[]) {
    const server = await startReferenceServer({ faults: name ? [name] : [], pki });
    try {
      return await runSuites({
        role: "server",
        ...(clauses ? { clauses } : { grep: /\[DMS-/ }),
        context: serverContext({
          url: server.url,
          caPem: server.caPem,
          notify: (push, device) => server.notify(push, device),
          strict,
        }),
      });
    } finally {
      await server.close();
    }
  }

  it("the conformant reference server passes every clause under --strict too (strict fails readings, not the plain form)", async () => {
    const outcomes = await run("", true);
    const verdicts = Object.fromEntries(clauseVerdicts(outcomes));
    expect(verdicts).to.deep.equal(Object.fromEntries(SERVER_CLAUSES.map((c) => [c, "pass"])));
  });

  it("has a reading to look for for every variation", () => {
    expect(Object.keys(READING).sort()).to.deep.equal(REFERENCE_SERVER_VARIATIONS.map((v) => v.name).sort());
  });

  for (const v of REFERENCE_SERVER_VARIATIONS) {
    it(`${v.name}: every DMS clause passes, ${v.clause} records the reading${v.strictFails ? `; --strict fails ${v.clause}` : ""}`, async () => {
      const outcomes = await run(v.name, false);
      const verdicts = Object.fromEntries(clauseVerdicts(outcomes));
      const notPassed = outcomes.flatMap((o) =>
        o.results.filter((r) => r.verdict !== "pass").map((r) => r.message),
      );
      expect(verdicts, notPassed.join("\n")).to.deep.equal(
        Object.fromEntries(SERVER_CLAUSES.map((c) => [c, "pass"])),
      );
      const readings = outcomes.flatMap((o) =>
        o.results.filter((r) => r.clause === v.clause).map((r) => r.reading ?? ""),
      );
      expect(
        readings.some((r) => READING[v.name]!.test(r)),
        readings.join("\n"),
      ).to.equal(true);
      if (v.strictFails) {
        const strict = await run(v.name, true, [v.clause]);
        expect(clauseVerdicts(strict).get(v.clause)).to.equal("fail");
      }
    });
  }
});
