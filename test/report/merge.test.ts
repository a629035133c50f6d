import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { buildReport } from "../../harness/report/build-report.ts";
import { MergeError, mergeReports } from "../../harness/report/merge.ts";
import type { Report, ReportIut } from "../../harness/report/report-model.ts";
import { ReportFileError, readReport, writeReports } from "../../harness/report/write-reports.ts";
import type { TestOutcome } from "../../harness/runner/suite-runner.ts";
import { outcome, resultFor, STUB_CATALOG } from "./fixtures/outcomes.ts";

function shard(
  outcomes: TestOutcome[],
  over: { iut?: ReportIut; version?: string; digest?: string; strict?: boolean; started?: string } = {},
): Report {
  return buildReport({
    catalog: { ...STUB_CATALOG, digest: over.digest ?? STUB_CATALOG.digest },
    outcomes,
    iut: over.iut ?? { role: "client", target: "trigger: ./wake.sh", deviceId: "IMEI:1" },
    options: { clause: outcomes.flatMap((o) => o.clauses) },
    started: new Date(over.started ?? "2025-01-02T03:00:00.000Z"),
    finished: new Date(new Date(over.started ?? "2025-01-02T03:00:00.000Z").getTime() + 1000),
    strict: over.strict ?? false,
    harness: { name: "oma-dm20-conformance", version: over.version ?? "0.1.0" },
  });
}

const verdictOf = (r: Report, id: string) => r.clauses.find((c) => c.id === id)?.verdict;

describe("mergeReports", () => {
  it("lets a clause's worst verdict win and concatenates the tests of every shard", () => {
    const a = shard([
      outcome("[DMC-5.4-01] a1", [resultFor("DMC-5.4-01", "pass")]),
      outcome("[DMC-5.6-04] a2", [resultFor("DMC-5.6-04", "pass")]),
    ]);
    const b = shard(
      [
        outcome("[DMC-5.4-01] b1", [resultFor("DMC-5.4-01", "fail")]),
        outcome("[DMC-5.6-06] b2", [resultFor("DMC-5.6-06", "error")]),
      ],
      { started: "2025-01-02T04:00:00.000Z" },
    );
    expect(a.certified).to.equal(true);
    const merged = mergeReports([a, b]);
    expect(verdictOf(merged, "DMC-5.4-01")).to.equal("fail");
    expect(verdictOf(merged, "DMC-5.6-06")).to.equal("error");
    expect(merged.clauses.find((c) => c.id === "DMC-5.4-01")!.tests.map((t) => t.title)).to.deep.equal([
      "[DMC-5.4-01] a1",
      "[DMC-5.4-01] b1",
    ]);
    expect(merged.certified).to.equal(false);
    expect(merged.blocking).to.deep.equal(["DMC-5.4-01", "DMC-5.6-06"]);
    expect(merged.started).to.equal("2025-01-02T03:00:00.000Z");
    expect(merged.finished).to.equal("2025-01-02T04:00:01.000Z");
    expect(merged.mergedFrom).to.have.length(2);
    expect(merged.summary.fail).to.equal(1);
  });

  it("does not let a shard that skipped a clause hide the shard that ran it", () => {
    const a = shard([outcome("[DMC-5.4-01] a1", [resultFor("DMC-5.4-01", "pass")])]);
    const b = shard([outcome("[DMC-5.6-04] b1", [resultFor("DMC-5.6-04", "pass")])]);
    const merged = mergeReports([a, b]);
    expect(verdictOf(merged, "DMC-5.4-01")).to.equal("pass");
    expect(verdictOf(merged, "DMC-5.6-04")).to.equal("pass");
    const c = merged.clauses.find((x) => x.id === "DMC-5.4-01")!;
    expect(c.note).to.equal(undefined);
    expect(verdictOf(merged, "DMC-5.5-02")).to.equal("not-exercised");
    expect(merged.clauses.find((x) => x.id === "DMC-5.5-02")!.note).to.be.a("string");
    expect(merged.certified).to.equal(true);
  });

  it("joins a device report and a server report into role both", () => {
    const client = shard([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "pass")])]);
    const server = shard([outcome("[DMS-5.5-01] s", [resultFor("DMS-5.5-01", "pass")])], {
      iut: { role: "server", target: "https://127.0.0.1:8443/dm", deviceId: "IMEI:1" },
    });
    const merged = mergeReports([client, server]);
    expect(merged.iut.role).to.equal("both");
    expect(merged.iut.target).to.equal("trigger: ./wake.sh | https://127.0.0.1:8443/dm");
    expect(merged.clauses).to.have.length(8);
  });

  it("refuses reports judged against another clause catalog", () => {
    const a = shard([]);
    const b = shard([], { digest: "sha256:other" });
    expect(() => mergeReports([a, b]))
      .to.throw(MergeError)
      .with.property("message")
      .that.matches(/clause catalog sha256:other/);
  });

  it("refuses another harness major version but accepts another minor", () => {
    expect(() => mergeReports([shard([]), shard([], { version: "1.0.0" })])).to.throw(MergeError, /major/);
    expect(() => mergeReports([shard([]), shard([], { version: "0.2.5" })])).to.not.throw();
  });

  it("refuses reports of two different devices, and an empty list", () => {
    const other = shard([], { iut: { role: "client", target: "trigger: ./wake.sh", deviceId: "IMEI:2" } });
    expect(() => mergeReports([shard([]), other])).to.throw(MergeError, /IMEI:2/);
    expect(() => mergeReports([])).to.throw(MergeError, /no reports/);
  });

  it("is strict when any shard was strict", () => {
    const should = [outcome("[DMC-5.8-14] d", [resultFor("DMC-5.8-14", "fail")])];
    expect(mergeReports([shard(should), shard([])]).certified).to.equal(true);
    expect(mergeReports([shard(should), shard([], { strict: true })]).certified).to.equal(false);
  });

  it("merges merged reports without losing where they came from", () => {
    const ab = mergeReports([shard([]), shard([], { started: "2025-01-02T05:00:00.000Z" })]);
    const abc = mergeReports([ab, shard([], { started: "2025-01-02T06:00:00.000Z" })]);
    expect(abc.mergedFrom).to.have.length(3);
  });
});

describe("readReport", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-merge-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads back what writeReports wrote", async () => {
    const report = shard([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "fail")])]);
    const [json] = await writeReports(report, dir, ["json"]);
    expect(await readReport(json!)).to.deep.equal(report);
  });

  it("refuses a file that is not a harness report, saying why", async () => {
    const junk = join(dir, "junk.json");
    await writeFile(junk, JSON.stringify({ stats: {} }));
    const notJson = join(dir, "broken.json");
    await writeFile(notJson, "{");
    for (const [path, why] of [
      [junk, /not a dm20-conformance report/],
      [notJson, /not a readable JSON/],
      [join(dir, "missing.json"), /not a readable JSON/],
    ] as const) {
      let caught: unknown;
      try {
        await readReport(path);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(ReportFileError);
      expect((caught as Error).message).to.match(why);
    }
  });
});
