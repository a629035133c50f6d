/**
 * The server suites against the bundled reference server: every testable DMS clause passes, each
 * informative probe records an answer, and the whole suite runs in under 10 s.
 */
import { expect } from "chai";
import { commandForm, dmPackages } from "../../harness/checks/server/index.ts";
import { quotesTheWire } from "../../harness/model/evidence.ts";
import { parseStatusFile } from "../../harness/protocol/status-file.ts";
import { type ReferenceServer, startReferenceServer } from "../../harness/reference/server/index.ts";
import type { RunContext } from "../../harness/runner/run-context.ts";
import { clauseVerdicts, runSuites, type TestOutcome } from "../../harness/runner/suite-runner.ts";
import type { RecordedRun } from "../../suites/server/server-run.ts";
import { SERVER_CLAUSES, serverContext } from "./context.ts";

const SUITE_BUDGET_MS = 10_000;

describe("self-test: server suites against the reference server", function () {
  this.timeout(60_000);
  let server: ReferenceServer;
  let outcomes: TestOutcome[];
  let elapsedMs: number;
  let context: RunContext;

  before(async () => {
    server = await startReferenceServer();
    const started = performance.now();
    context = serverContext({
      url: server.url,
      caPem: server.caPem,
      notify: (push, device) => server.notify(push, device),
    });
    outcomes = await runSuites({ role: "server", context });
    elapsedMs = performance.now() - started;
  });
  after(async () => {
    await server?.close();
  });

  it("passes every testable DMS clause", () => {
    const verdicts = Object.fromEntries(clauseVerdicts(outcomes));
    const failures = outcomes
      .filter((o) => o.state === "failed")
      .map((o) => `${o.title}: ${o.error?.message}`);
    expect(failures, failures.join("\n")).to.deep.equal([]);
    expect(verdicts).to.deep.equal(Object.fromEntries(SERVER_CLAUSES.map((c) => [c, "pass"])));
  });

  it("quotes wire evidence on every DMS pass of every session", () => {
    const results = outcomes.flatMap((o) => o.results).filter((r) => r.clause.startsWith("DMS-"));
    const passesWithoutWire = results
      .filter((r) => r.verdict === "pass" && !quotesTheWire(r))
      .map(
        (r) => `${r.clause}: ${r.message} (evidence: ${r.evidence.map((e) => e.kind).join(", ") || "none"})`,
      );
    expect(results.filter((r) => r.verdict === "pass")).to.not.be.empty;
    expect(passesWithoutWire).to.deep.equal([]);
  });

  it(`finishes in under ${SUITE_BUDGET_MS / 1000} s`, () => {
    console.log(
      `      server suites against the reference server: ${Math.round(elapsedMs)} ms, ${outcomes.length} tests`,
    );
    expect(elapsedMs).to.be.below(SUITE_BUDGET_MS);
  });

  it("records an answer for every informative probe, and none of them names a clause", () => {
    const probes = outcomes.filter((o) => o.title.startsWith("[INFO]"));
    expect(probes).to.have.length(6);
    for (const p of probes) {
      expect(p.clauses).to.deep.equal([]);
      expect(p.state, p.title).to.equal("passed");
      expect(p.results[0]!.message, p.title).to.match(/-> (HTTP \d{3}|no answer)/);
    }
  });

  it("judges every response of every session: three parallel devices, the notified one and a DEFAULT session", () => {
    const msgid = outcomes.find((o) => o.clauses.includes("DMS-5.5-03"))!;
    const labels = msgid.results.map((r) => r.message.split(":")[0]);
    expect(labels.filter((l) => l!.startsWith("parallel session"))).to.have.length(3);
    expect(labels).to.include("notification");
    expect(labels.some((l) => l!.startsWith("device-initiated session"))).to.equal(true);
    expect(msgid.results.every((r) => r.reading === "session MsgIDs start at 0")).to.equal(true);
  });

  it("exercised every command in every form, each executed by the simulated device with status 200", async () => {
    const run = (await context.shared.get("server-suites.sessions")) as RecordedRun;
    const forms = new Set<string>();
    for (const session of run.sessions.parallel) {
      const packages = dmPackages(session.transcript);
      expect(session.result.outcome, session.label).to.equal("ended");
      for (const [i, p] of packages.entries()) {
        const commands = p.file!.commands.filter((c) => c.name !== "END");
        for (const c of commands) forms.add(commandForm(c));
        const next = packages[i + 1];
        if (!next) continue;
        const statuses = parseStatusFile(next.exchange.request.body).statuses.map((st) => st.code);
        expect(statuses, `${session.label}: ${commands.map((c) => c.raw).join(" | ")}`).to.deep.equal(
          commands.map(() => 200),
        );
      }
    }
    expect([...forms].sort()).to.include.members([
      "DEFAULT MOID ServerURL",
      "DELETE ClientURI",
      "EXEC ClientURI",
      "EXEC ClientURI ServerURI",
      "GET ServerURI",
      "GET ServerURI ClientURI",
      "POST ServerURI ClientURI1..N (*, MOID, ?Levels=n)",
      "PUT ServerURI ClientURI (*)",
      "PUT ServerURI ClientURI (MOID, ?Levels=n)",
      "SHOW ServerURI?Close=",
      "SHOW ServerURI?Continue=",
    ]);
    const syntax = outcomes.find((o) => o.clauses.includes("DMS-5.5-04"))!;
    expect(syntax.results[0]!.reading).to.contain("SHOW ServerURI?Continue=").and.contain("EXEC ClientURI;");
  });

  it("reached the server with every command: uploads, alerts, documents, the SHOW page", () => {
    const kinds = new Set(server.events().map((e) => e.kind));
    for (const k of ["pkg1", "status", "upload", "alert", "document", "page", "notification"] as const) {
      expect(kinds.has(k), k).to.equal(true);
    }
  });
});
