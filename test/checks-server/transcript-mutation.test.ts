/**
 * Checks the server checks by mutation (issue 9 §4, a start): a conformant session of the
 * reference server is recorded at test time (Pkg#0 through END, as a JSON transcript through
 * transcript-json.ts, never committed), then each operator of mutation-operators.ts breaks one
 * sentence of the draft in a fresh copy and the check of its clause must fail, quoting the wire;
 * each lawful variation takes another reading the draft allows and no check may fail.
 */
import { expect } from "chai";
import { SERVER_CHECKS, SERVER_CLAUSES, type ServerCheckOptions } from "../../harness/checks/server/index.ts";
import { hookTrigger, runNotifiedSession, SimulatedDevice } from "../../harness/client-role/index.ts";
import { quotesTheWire } from "../../harness/model/evidence.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { Transcript } from "../../harness/model/transcript.ts";
import { startReferenceServer } from "../../harness/reference/server/index.ts";
import { DEFAULT_BODY_LIMIT } from "../../harness/runner/run-context.ts";
import { transcriptFromJson, transcriptToJson } from "../../harness/transport/transcript-json.ts";
import { type MutationOperator, SERVER_LAWFUL_VARIATIONS, SERVER_MUTATIONS } from "./mutation-operators.ts";

const OPTIONS: ServerCheckOptions = { notifyConfigured: true, maxPackages: 50 };

describe("server checks under transcript mutation", function () {
  this.timeout(60_000);
  /** The recorded conformant session as JSON text: every operator gets its own copy. */
  let recorded: string;
  const fresh = (): Transcript => transcriptFromJson(JSON.parse(recorded));
  const table: string[] = [];

  before(async () => {
    const server = await startReferenceServer();
    try {
      const device = new SimulatedDevice({ ixit: DEFAULT_IXIT, maxPackages: 50 });
      const run = await runNotifiedSession(
        device,
        { caPem: server.caPem, timeoutMs: 10_000, bodyLimitBytes: DEFAULT_BODY_LIMIT, maxPackages: 50 },
        hookTrigger((push, id) => server.notify(push, id)),
      );
      recorded = JSON.stringify(transcriptToJson(run.transcript));
    } finally {
      await server.close();
    }
  });

  after(() => {
    if (table.length > 0)
      console.log(`\n      operator                            clause      outcome\n${table.join("\n")}\n`);
  });

  it("the recorded session passes every DMS clause (the baseline the operators start from)", () => {
    const verdicts = SERVER_CLAUSES.map((c) => `${c} ${SERVER_CHECKS[c](fresh(), OPTIONS).verdict}`);
    expect(verdicts).to.deep.equal(SERVER_CLAUSES.map((c) => `${c} pass`));
  });

  it("has at least one operator for every DMS clause, and 30 or more in all", () => {
    const covered = new Set(SERVER_MUTATIONS.map((m) => m.clause));
    expect([...covered].sort()).to.deep.equal([...SERVER_CLAUSES].sort());
    expect(SERVER_MUTATIONS.length).to.be.at.least(30);
    const names = [...SERVER_MUTATIONS, ...SERVER_LAWFUL_VARIATIONS].map((m) => m.name);
    expect(new Set(names).size, "operator names are unique").to.equal(names.length);
  });

  const apply = (op: MutationOperator): Transcript => {
    const t = fresh();
    op.mutate(t);
    return t;
  };

  for (const op of SERVER_MUTATIONS) {
    it(`kills ${op.name}: ${op.clause} fails with wire evidence`, () => {
      const r = SERVER_CHECKS[op.clause as keyof typeof SERVER_CHECKS](apply(op), OPTIONS);
      table.push(
        `      ${op.name.padEnd(35)} ${op.clause}  ${r.verdict === "fail" ? "killed" : `SURVIVED (${r.verdict})`}`,
      );
      expect(r.verdict, `${op.draftSentence}\n${r.message}`).to.equal("fail");
      expect(quotesTheWire(r), r.evidence.map((e) => e.kind).join(", ")).to.equal(true);
    });
  }

  for (const op of SERVER_LAWFUL_VARIATIONS) {
    it(`accepts ${op.name} (${op.clause}): no clause fails`, () => {
      const t = apply(op);
      const results = SERVER_CLAUSES.map((c) => SERVER_CHECKS[c](t, OPTIONS));
      const flagged = results
        .filter((r) => r.verdict !== "pass")
        .map((r) => `${r.clause} ${r.verdict}: ${r.message}`);
      table.push(
        `      ${op.name.padEnd(35)} ${op.clause}  ${flagged.length === 0 ? "lawful, accepted" : "FLAGGED"}`,
      );
      expect(flagged, op.draftSentence).to.deep.equal([]);
    });
  }
});
