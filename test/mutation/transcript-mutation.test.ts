/**
 * Checks the checks by mutation (issue 9 §4): conformant sessions of both roles are recorded once
 * (the reference device through the client suites, the reference server through the simulated
 * device), then every operator of harness/mutation/ edits a fresh copy. A fault must make its
 * clause fail with an excerpt of the wire (judged by the client suites replayed from the edit, or
 * by the DMS checks); a lawful variation must leave every clause's verdict as it was.
 */
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import {
  catalogClauses,
  type Judgement,
  MutationBench,
  mutationTable,
  OPERATORS,
  recordConformantRuns,
  WIRE_INVISIBLE,
} from "../../harness/mutation/index.ts";

describe("the checks under transcript mutation (both roles)", function () {
  this.timeout(120_000);
  let bench: MutationBench;
  const judged: Judgement[] = [];

  before(async () => {
    bench = new MutationBench(await recordConformantRuns());
  });

  after(() => {
    if (judged.length === OPERATORS.length) console.log(`\n${mutationTable(judged).join("\n")}\n`);
  });

  it("the recordings earn every verdict a conformant implementation should (the baseline the operators start from)", async () => {
    const notPass = async (which: "default" | "no-sim" | "server") =>
      [...(await bench.baseline(which))].filter(([, v]) => v !== "pass").map(([c, v]) => `${c} ${v}`);
    expect(await notPass("default")).to.deep.equal(["DMC-5.8-13 untestable", "DMC-5.8.1-02 not-applicable"]);
    expect(await notPass("no-sim")).to.deep.equal([]);
    expect([...(await bench.baseline("no-sim")).keys()]).to.include("DMC-5.8.1-02");
    expect(await notPass("server")).to.deep.equal([]);
  });

  it("holds 150 or more operators with unique names, each quoting the draft, a fault for every clause the wire can show", () => {
    expect(OPERATORS.length).to.be.at.least(150);
    const names = OPERATORS.map((o) => o.name);
    expect(new Set(names).size, "operator names are unique").to.equal(names.length);
    for (const o of OPERATORS) expect(o.draftSentence.length, o.name).to.be.greaterThan(20);
    const faulted = new Set(OPERATORS.filter((o) => o.kind === "fault").map((o) => o.clause));
    const clauses = catalogClauses();
    expect(clauses).to.have.length(45);
    expect(clauses.filter((c) => !faulted.has(c))).to.deep.equal(Object.keys(WIRE_INVISIBLE));
    // A clause excused as invisible on the wire is one the catalog itself calls untestable.
    const catalog = loadCatalog().clauses;
    for (const c of Object.keys(WIRE_INVISIBLE))
      expect(catalog.find((k) => k.id === c)?.testability, c).to.equal("untestable");
    for (const o of OPERATORS) expect(clauses, o.name).to.include(o.clause);
  });

  for (const op of OPERATORS) {
    const title =
      op.kind === "fault"
        ? `kills ${op.name}: ${op.clause} fails with wire evidence`
        : `accepts ${op.name} (${op.clause}): no verdict changes`;
    it(title, async () => {
      const j = await bench.judge(op);
      judged.push(j);
      expect(j.outcome, `${op.draftSentence}\n${j.verdict}: ${j.detail}`).to.equal(
        op.kind === "fault" ? "killed" : "accepted",
      );
    });
  }
});
