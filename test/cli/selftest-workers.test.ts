import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { startCli } from "./spawn-cli.ts";

const selftest = (argv: string[], args: string[]) => startCli([...argv, "selftest", ...args], 60_000);

interface ReportClause {
  id: string;
  verdict: string;
  tests: Array<{ fullTitle?: string; title?: string }>;
}

/** Per clause: its verdict and the titles of the tests that judged it, in a stable order. */
function judged(report: { clauses: ReportClause[] }): string[] {
  return report.clauses.map(
    (c) =>
      `${c.id} ${c.verdict}: ${c.tests
        .map((t) => t.fullTitle ?? t.title)
        .sort()
        .join(" | ")}`,
  );
}

/** The terminal's clause lines without their counts and durations. */
const clauseLines = (out: string) =>
  out
    .split("\n")
    .filter((l) => /^ {2}[A-Z-]+ +DM[CS]-/.test(l) || /role:/.test(l))
    .map((l) => l.replace(/\s+\(\d+ tests?, \d+ ms\)$/, "").slice(0, 40));

describe("selftest: passes side by side (compiled) report what passes in a row (tsx) do", function () {
  this.timeout(120_000);

  it("the same verdicts from the same tests, the same lines in the same order, the same Allure results", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-selftest-workers-"));
    const compiled = selftest(
      ["bin/dm20-conformance.js"],
      ["--out", join(dir, "compiled"), "--reporter", "json,allure"],
    );
    const [code] = await compiled.closed;
    expect(code, compiled.out() + compiled.err()).to.equal(0);
    const inRow = selftest(
      ["--import", "tsx", "harness/cli.ts"],
      ["--out", join(dir, "tsx"), "--reporter", "json,allure"],
    );
    const [code2] = await inRow.closed;
    expect(code2, inRow.out() + inRow.err()).to.equal(0);

    const [a, b] = await Promise.all(
      ["compiled", "tsx"].map(async (d) => JSON.parse(await readFile(join(dir, d, "report.json"), "utf8"))),
    );
    expect(a.outcome).to.equal("certified");
    expect(a.clauses).to.have.length(45);
    expect(judged(a)).to.deep.equal(judged(b));
    // 45 clause lines and 4 role headings, in the same order.
    expect(clauseLines(compiled.out())).to.have.length(49);
    expect(clauseLines(compiled.out())).to.deep.equal(clauseLines(inRow.out()));
    const results = async (d: string) =>
      (await readdir(join(dir, d, "allure-results"))).filter((f) => f.endsWith("-result.json")).length;
    expect(await results("compiled"))
      .to.equal(await results("tsx"))
      .and.to.be.greaterThan(0);
    // One test PKI per self-test, in the worker too: every client pass served the same CA; each run made its own.
    const cas = async (d: string) =>
      Promise.all(
        ["", "no-sim-device", "alternative-readings"].map((sub) =>
          readFile(join(dir, d, sub, "pki", "ca.pem"), "utf8"),
        ),
      );
    const [compiledCas, tsxCas] = await Promise.all([cas("compiled"), cas("tsx")]);
    expect(new Set(compiledCas).size).to.equal(1);
    expect(new Set(tsxCas).size).to.equal(1);
    expect(compiledCas[0]).to.not.equal(tsxCas[0]);
  });

  it("SIGTERM while the worker runs: exit 143, a partial report, and the process ends", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dm20-selftest-signal-"));
    const run = selftest(["bin/dm20-conformance.js"], ["--out", join(dir, "out"), "--reporter", "json"]);
    // The header is printed once the passes are about to start (the worker is already loaded).
    while (!run.out().includes("client role:")) await new Promise((r) => setTimeout(r, 20));
    run.child.kill("SIGTERM");
    const [code] = await run.closed;
    expect(code, run.out() + run.err()).to.equal(143);
    const report = JSON.parse(await readFile(join(dir, "out", "report.json"), "utf8"));
    expect(report.interrupted).to.equal("SIGTERM");
    expect(report.certified).to.equal(false);
  });
});
