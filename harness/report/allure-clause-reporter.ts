/**
 * allure-mocha's reporter, taught the harness's vocabulary: each test gets the clause ID, role,
 * level and section of every clause it names as labels (and epic/feature/story, so Allure's
 * behaviours tree is the SCR by role), its check results and wire evidence as text attachments, and
 * an Allure status that follows the clause verdicts rather than mocha's pass/fail alone (a test that
 * found nothing to exercise is "skipped", a harness error "broken").
 *
 * Done in the reporter, from the results judge() leaves on the mocha Test, so suites and judge()
 * need no Allure calls and a run without Allure prints no "no test runtime" warnings.
 */
import { type Label, Status } from "allure-js-commons";
import * as allureMocha from "allure-mocha";
import Mocha from "mocha";
import { foldVerdicts, type Verdict } from "../model/verdict.ts";
import { clausesInTitle, type JudgedTest } from "../runner/judge.ts";
import { verdictsOf } from "../runner/suite-runner.ts";
import { allureWritesSettled } from "./allure-writer.ts";
import type { CatalogClauseLike } from "./report-model.ts";

export type ClauseFacts = Pick<CatalogClauseLike, "id" | "role" | "level" | "section" | "requirement">;

// allure-mocha's typings describe its ESM build as CommonJS, so TypeScript sees one `.default`
// more than Node hands over: at run time `allureMocha.default` is the reporter class itself.
const AllureMochaReporter = allureMocha.default as unknown as typeof allureMocha.default.default;

const ALLURE_STATUS: Record<Verdict, Status> = {
  pass: Status.PASSED,
  fail: Status.FAILED,
  error: Status.BROKEN,
  "not-exercised": Status.SKIPPED,
  "not-applicable": Status.SKIPPED,
  untestable: Status.SKIPPED,
};

/** Allure's "unknown" status, which the Status enum of allure-js-commons does not list. */
const INFORMATIVE_STATUS = "unknown" as Status;

const SEVERITY: Record<string, string> = {
  MUST: "critical",
  "MUST NOT": "critical",
  SHOULD: "normal",
  MAY: "minor",
};

/** Labels for a test naming these clauses (catalog facts where known, the ID alone otherwise). */
export function clauseLabels(clauses: string[], facts: ReadonlyMap<string, ClauseFacts>): Label[] {
  const labels: Label[] = [{ name: "epic", value: "OMA DM 2.0 draft conformance" }];
  if (clauses.length === 0) {
    labels.push({ name: "feature", value: "informative probes" }, { name: "tag", value: "informative" });
    return labels;
  }
  for (const id of clauses) {
    const f = facts.get(id);
    labels.push({ name: "clause", value: id }, { name: "story", value: id });
    if (!f) continue;
    labels.push(
      { name: "role", value: f.role },
      { name: "level", value: f.level },
      { name: "section", value: f.section },
      { name: "feature", value: `${f.role} clauses` },
      { name: "tag", value: f.level },
    );
  }
  const worst = clauses.map((id) => facts.get(id)?.level).find((l) => l === "MUST" || l === "MUST NOT");
  labels.push({
    name: "severity",
    value: SEVERITY[worst ?? facts.get(clauses[0]!)?.level ?? ""] ?? "normal",
  });
  return labels;
}

/** Builds the reporter class for one run; the catalog facts travel in the closure, not in globals. */
export function clauseAllureReporter(facts: ReadonlyMap<string, ClauseFacts>): Mocha.ReporterConstructor {
  class ClauseAllureReporter extends AllureMochaReporter {
    constructor(runner: Mocha.Runner, opts: Mocha.MochaOptions) {
      super(runner, opts);
      // Registered after allure-mocha's own listeners: the Allure test is started by then and is
      // written only at EVENT_TEST_END, after these.
      const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
      runner.on(EVENT_TEST_PASS, (test) => this.describeTest(test, "passed"));
      runner.on(EVENT_TEST_FAIL, (test) => this.describeTest(test, "failed"));
      runner.on(EVENT_TEST_PENDING, (test) => this.describeTest(test, "pending"));
    }

    /** The run ends once every result file has landed (the writer queues them: allure-writer.ts). */
    override done(failures: number, fn?: (failures: number) => void): void {
      super.done(failures, (f) => {
        void allureWritesSettled().then(() => fn?.(f));
      });
    }

    private describeTest(runnable: Mocha.Runnable, state: "passed" | "failed" | "pending"): void {
      const uuid = this.currentTest;
      // A failing hook reaches EVENT_TEST_FAIL too; allure-mocha reports it as a fixture.
      if (!uuid || (runnable as { type?: string }).type !== "test") return;
      const test = runnable as JudgedTest;
      const clauses = clausesInTitle(test.title);
      const results = test.dm20Results ?? [];
      const verdicts = verdictsOf(clauses, state, results);
      this.runtime.updateTest(uuid, (r) => {
        r.labels.push(...clauseLabels(clauses, facts));
        if (clauses.length === 0) {
          // A probe judges no clause: "unknown" keeps it out of Allure's success rate, which counts
          // passed, failed and broken only.
          r.status = INFORMATIVE_STATUS;
          r.statusDetails = {
            ...r.statusDetails,
            message: `informative probe: judges no clause and is never counted (mocha: ${state})${
              r.statusDetails?.message ? `\n${r.statusDetails.message}` : ""
            }`,
          };
          return;
        }
        r.status = ALLURE_STATUS[foldVerdicts(Object.values(verdicts))];
        for (const [clause, verdict] of Object.entries(verdicts)) {
          r.parameters.push({ name: clause, value: verdict });
        }
        const explained = results
          .filter((x) => x.verdict !== "pass")
          .map((x) => `${x.clause} ${x.verdict}: ${x.message}`);
        if (explained.length > 0) r.statusDetails = { ...r.statusDetails, message: explained.join("\n") };
      });
      if (results.length > 0) {
        const summary = results
          .map((x) => `${x.clause} ${x.verdict}: ${x.message}${x.reading ? ` [reading: ${x.reading}]` : ""}`)
          .join("\n");
        this.attach(uuid, "verdicts", summary);
      }
      for (const result of results) {
        for (const ev of result.evidence) {
          this.attach(uuid, `${result.clause} ${result.verdict} · ${ev.label} (${ev.kind})`, ev.text);
        }
      }
    }

    private attach(uuid: string, name: string, text: string): void {
      this.runtime.writeAttachment(uuid, null, name, Buffer.from(text, "utf8"), {
        contentType: "text/plain",
        fileExtension: ".txt",
        wrapInStep: false,
      });
    }
  }
  return ClauseAllureReporter as unknown as Mocha.ReporterConstructor;
}
