import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../harness/cli/main.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { Verdict } from "../../harness/model/verdict.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { MergeError, mergeReports } from "../../harness/report/merge.ts";
import type { Report, ReportIut } from "../../harness/report/report-model.ts";
import { REPORT_SCHEMA_FILE, validateReport } from "../../harness/report/report-schema.ts";
import { ReportFileError, readReport, writeReports } from "../../harness/report/write-reports.ts";
import type { TestOutcome } from "../../harness/runner/suite-runner.ts";
import { captureIo } from "../cli/capture-io.ts";
import { CONFORMANT_CLIENT, outcome, resultFor, STUB_CATALOG } from "./fixtures/outcomes.ts";

function shard(
  outcomes: TestOutcome[],
  over: {
    iut?: ReportIut;
    version?: string;
    digest?: string;
    strict?: boolean;
    started?: string;
    clauses?: string[];
    ixit?: Partial<typeof DEFAULT_IXIT>;
  } = {},
): Report {
  return buildReport({
    catalog: { ...STUB_CATALOG, digest: over.digest ?? STUB_CATALOG.digest },
    outcomes,
    iut: over.iut ?? { role: "client", target: "trigger: ./wake.sh", deviceId: "IMEI:1" },
    options: { clause: outcomes.flatMap((o) => o.clauses) },
    selection: { clauses: over.clauses ?? outcomes.flatMap((o) => o.clauses) },
    started: new Date(over.started ?? "2025-01-02T03:00:00.000Z"),
    finished: new Date(new Date(over.started ?? "2025-01-02T03:00:00.000Z").getTime() + 1000),
    strict: over.strict ?? false,
    harness: { name: "oma-dm20-conformance", version: over.version ?? "0.1.0" },
    ixit: { ...DEFAULT_IXIT, ...over.ixit },
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
    expect(a.outcome).to.equal("partial");
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
    // Two shards that cover two clauses of seven: no failure, and no certification either.
    expect(merged.outcome).to.equal("partial");
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
    const other = { clauses: ["DMC-5.6-04"] };
    expect(mergeReports([shard(should), shard([], other)]).outcome).to.equal("partial");
    expect(mergeReports([shard(should), shard([], { ...other, strict: true })]).outcome).to.equal(
      "not-certified",
    );
  });

  it("merges merged reports without losing where they came from", () => {
    const ab = mergeReports([shard([]), shard([], { started: "2025-01-02T05:00:00.000Z" })]);
    const abc = mergeReports([ab, shard([], { started: "2025-01-02T06:00:00.000Z" })]);
    expect(abc.mergedFrom).to.have.length(3);
  });

  describe("certifies exactly as a full run would", () => {
    const conformant: Record<string, Verdict> = { ...CONFORMANT_CLIENT };
    const shardOf = (ids: string[], verdicts = conformant) =>
      shard(ids.map((id) => outcome(`[${id}] t`, [resultFor(id, verdicts[id]!)])));
    const halves = [Object.keys(conformant).slice(0, 3), Object.keys(conformant).slice(3)];

    it("shards that together cover the catalog: CERTIFIED; one shard missing: PARTIAL", () => {
      const merged = mergeReports(
        halves.map((ids) => shardOf(ids)),
        { catalog: STUB_CATALOG },
      );
      expect(merged.outcome).to.equal("certified");
      expect(merged.certified).to.equal(true);
      expect(merged.clauses.every((c) => c.coverage === "full")).to.equal(true);
      const one = mergeReports([shardOf(halves[0]!)], { catalog: STUB_CATALOG });
      expect(one.outcome).to.equal("partial");
    });

    it("a clause no shard could exercise makes the merge INCOMPLETE, a failure NOT CERTIFIED", () => {
      const silent: Record<string, Verdict> = { ...conformant, "DMC-5.6-06": "not-exercised" as Verdict };
      const incomplete = mergeReports([shardOf(halves[0]!), shardOf(halves[1]!, silent)], {
        catalog: STUB_CATALOG,
      });
      expect(incomplete.outcome).to.equal("incomplete");
      expect(incomplete.incomplete).to.deep.equal(["DMC-5.6-06"]);
      const failing: Record<string, Verdict> = { ...conformant, "DMC-5.4-01": "fail" as Verdict };
      expect(mergeReports([shardOf(halves[0]!, failing), shardOf(halves[1]!)]).outcome).to.equal(
        "not-certified",
      );
    });

    it("applies the IXIT declarations the shards recorded, and refuses shards judged under different ones", () => {
      const noShow: Record<string, Verdict> = {
        ...conformant,
        "DMC-5.8-12": "not-applicable" as Verdict,
        "DMC-5.8-13": "not-applicable" as Verdict,
      };
      const declared = (ids: string[]) =>
        shard(
          ids.map((id) => outcome(`[${id}] t`, [resultFor(id, noShow[id]!)])),
          { ixit: { show: false } },
        );
      expect(mergeReports(halves.map(declared)).outcome).to.equal("certified");
      // The same verdicts, judged under an IXIT that declares SHOW supported: no evidence.
      expect(mergeReports(halves.map((ids) => shardOf(ids, noShow))).outcome).to.equal("incomplete");
      expect(() => mergeReports([declared(halves[1]!), shardOf(halves[1]!)]))
        .to.throw(MergeError)
        .with.property("message")
        .that.matches(/DMC-5\.8-12 was judged under different IXIT declarations/);
    });

    it("fills the catalog's clauses no report lists, as not run", () => {
      const partial = shardOf(["DMC-5.4-01"]);
      partial.clauses = partial.clauses.filter((c) => c.id === "DMC-5.4-01");
      const merged = mergeReports([partial], { catalog: STUB_CATALOG });
      expect(merged.clauses).to.have.length(7);
      expect(merged.clauses.find((c) => c.id === "DMC-5.6-04")).to.include({
        coverage: "none",
        standing: "not-run",
      });
      expect(merged.outcome).to.equal("partial");
    });
  });

  describe("refuses what the schema cannot rule out, naming the report and the clause", () => {
    const sources = ["a/report.json"];
    const tampered = (edit: (r: Report) => void) => {
      const r = shard([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "pass")])]);
      edit(r);
      return () => mergeReports([r], { catalog: STUB_CATALOG, sources });
    };

    it("a clause the catalog does not hold, or listed twice", () => {
      expect(tampered((r) => (r.clauses[0]!.id = "DMC-9.9-99"))).to.throw(
        MergeError,
        /a\/report\.json: clauses\[0\] \(DMC-9\.9-99\) is not a clause of the catalog/,
      );
      expect(tampered((r) => r.clauses.push(r.clauses[0]!))).to.throw(MergeError, /is listed twice/);
    });

    it("a MUST clause passed off as MAY", () => {
      expect(tampered((r) => (r.clauses[0]!.level = "MAY"))).to.throw(
        MergeError,
        /the catalog says client MUST/,
      );
    });

    it("a declaration no IXIT can make for that clause", () => {
      expect(
        tampered((r) => {
          r.clauses[0]!.applicability = { applicable: false, declared: "not-applicable" };
        }),
      ).to.throw(MergeError, /clauses\[0\] \(DMC-5\.4-01\): field "applicability"/);
    });

    it("a report judged against another catalog than this harness's", () => {
      const other = shard([], { digest: "sha256:other" });
      expect(() => mergeReports([other], { catalog: STUB_CATALOG, sources })).to.throw(
        MergeError,
        /a\/report\.json was judged against clause catalog sha256:other, this harness's is sha256:stub/,
      );
    });
  });
});

/** The error readReport refuses a file with (or undefined when it reads it). */
async function refusal(path: string): Promise<unknown> {
  try {
    await readReport(path);
  } catch (err) {
    return err;
  }
  return undefined;
}

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
      const caught = await refusal(path);
      expect(caught).to.be.instanceOf(ReportFileError);
      expect((caught as Error).message).to.match(why);
    }
  });

  describe("validates every report against report.schema.json", () => {
    const valid = () =>
      JSON.parse(JSON.stringify(shard([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "pass")])])));
    const cases: [string, (r: Record<string, unknown>) => void, RegExp][] = [
      ['"clauses": []', (r) => (r.clauses = []), /field "clauses" must NOT have fewer than 1 items/],
      ['"clauses": [{}]', (r) => (r.clauses = [{}]), /field "clauses\[0\]\.id" is missing/],
      [
        'a verdict "bogus-verdict"',
        (r) => ((r.clauses as { verdict: string }[])[0]!.verdict = "bogus-verdict"),
        /field "clauses\[0\]\.verdict" must be one of "pass", "fail"/,
      ],
      ["no iut", (r) => delete r.iut, /field "iut" is missing/],
      ["an unknown top-level field", (r) => (r.bogus = 1), /field "bogus" is not part of report\.json/],
      [
        "the older layout",
        (r) => (r.format = "dm20-conformance-report/1"),
        /written in layout dm20-conformance-report\/1, this harness merges dm20-conformance-report\/2/,
      ],
    ];

    for (const [what, edit, why] of cases) {
      it(`refuses ${what}, naming the file and the field`, async () => {
        const r = valid();
        edit(r);
        const path = join(dir, `bad-${what.replace(/\W+/g, "-")}.json`);
        await writeFile(path, JSON.stringify(r));
        const caught = await refusal(path);
        expect(caught).to.be.instanceOf(ReportFileError);
        expect((caught as Error).message).to.match(
          new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `),
        );
        expect((caught as Error).message).to.match(why);
      });
    }

    it("`merge` of such a report is a set-up error: exit 2, one line on stderr naming the file", async () => {
      const good = join(dir, "good.json");
      await writeFile(good, JSON.stringify(valid()));
      for (const [what, edit] of cases) {
        const r = valid();
        edit(r);
        const bad = join(dir, `cli-${what.replace(/\W+/g, "-")}.json`);
        await writeFile(bad, JSON.stringify(r));
        const c = captureIo();
        const code = await main(["merge", good, bad, "--out", join(dir, "merged-bad")], c.io);
        expect(code, `${what}: ${c.out()}`).to.equal(2);
        expect(c.err().trimEnd().split("\n"), what).to.have.length(1);
        expect(c.err(), what).to.include(bad);
        expect(c.out(), what).to.not.include("CERTIFIED");
      }
    });

    it("the schema ships as a file and accepts what the harness writes", async () => {
      const schema = JSON.parse(await readFile(REPORT_SCHEMA_FILE, "utf8"));
      expect(schema.properties.format.const).to.equal("dm20-conformance-report/2");
      expect(() => validateReport(valid(), "x")).to.not.throw();
      const merged = mergeReports([valid(), valid()]);
      expect(() => validateReport(JSON.parse(JSON.stringify(merged)), "merged")).to.not.throw();
    });
  });
});
