/**
 * Allure end to end: a small suite runs through mocha with the harness's Allure reporter, the
 * results carry clause labels and evidence attachments, the HTML report is generated offline, the
 * tag manager is gone, and — opened in headless Chromium from file:// — the report asks no host
 * for anything.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import Mocha from "mocha";
import {
  allureReporterFor,
  clearAllureResults,
  externalReferences,
  generateAllureReport,
  OUTCOME_RESULT_NAME,
  stripExternalCalls,
  writeAllureOutcome,
} from "../../harness/report/allure.ts";
import { launchChromiumOrSkip, openReportPage } from "./fixtures/chromium.ts";
import { outcome, resultFor, STUB_CATALOG, stubReport } from "./fixtures/outcomes.ts";

/** An extra reporter in the same run, as the CLI adds spec: counts the tests it was told about. */
const seenByExtra: string[] = [];
class CountingReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    runner.on(Mocha.Runner.constants.EVENT_TEST_END, (t) => seenByExtra.push(t.title));
  }
}

const SAMPLE = resolve("test/report/fixtures/allure-sample.spec.ts");

interface AllureResult {
  name: string;
  status: string;
  labels: { name: string; value: string }[];
  parameters: { name: string; value: string }[];
  attachments: { name: string; source: string; type: string }[];
  statusDetails?: { message?: string };
}

const GTM_PAGE = `<html><head></head><body><div id="app"></div>
<script src="data:text/javascript;base64,AAAA"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-XXXX', {});
    </script>
<link rel="preconnect" href="https://www.google-analytics.com">
<svg xmlns="http://www.w3.org/2000/svg"></svg>
</body></html>`;

describe("stripExternalCalls", () => {
  it("removes the tag manager loader, its inline bootstrap and preconnect hints, and nothing else", () => {
    const out = stripExternalCalls(GTM_PAGE);
    expect(externalReferences(GTM_PAGE)).to.have.length(2);
    expect(externalReferences(out)).to.deep.equal([]);
    expect(out).to.not.contain("dataLayer");
    expect(out).to.contain('<script src="data:text/javascript;base64,AAAA"></script>');
    expect(out).to.contain('<div id="app"></div>');
    expect(out).to.contain('xmlns="http://www.w3.org/2000/svg"');
  });
});

describe("Allure results and report", function () {
  this.timeout(60_000);
  let work: string;
  let resultsDir: string;
  let results: AllureResult[];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "dm20-allure-"));
    resultsDir = join(work, "allure-results");
    await mkdir(resultsDir, { recursive: true });
    // A stale result from an earlier run: clearing must remove it, or Allure shows it as a retry.
    await writeFile(join(resultsDir, "stale-result.json"), "{}");
    await clearAllureResults(resultsDir);
    const spec = allureReporterFor(resultsDir, {
      catalog: STUB_CATALOG,
      environment: { iut: "sample", harness: "oma-dm20-conformance 0.1.0" },
      extraReporters: [[CountingReporter, {}]],
    });
    const mocha = new Mocha({ reporter: spec.reporter, reporterOptions: spec.options });
    mocha.addFile(SAMPLE);
    await mocha.loadFilesAsync();
    await new Promise<void>((done) => mocha.run(() => done()));
    const files = (await readdir(resultsDir)).filter((f) => f.endsWith("-result.json"));
    results = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(resultsDir, f), "utf8")) as AllureResult),
    );
  });

  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const byName = (prefix: string) => {
    const r = results.find((x) => x.name.startsWith(prefix));
    if (!r) throw new Error(`no Allure result named ${prefix}…`);
    return r;
  };
  const labels = (r: AllureResult, name: string) =>
    r.labels.filter((l) => l.name === name).map((l) => l.value);

  it("cleared the stale results before the run", async () => {
    expect(await readdir(resultsDir)).to.not.include("stale-result.json");
    expect(results).to.have.length(4);
  });

  it("runs the extra reporters in the same run and writes the environment", async () => {
    expect(seenByExtra).to.have.length(4);
    const env = await readFile(join(resultsDir, "environment.properties"), "utf8");
    expect(env).to.contain("iut=sample");
  });

  it("labels each test with clause ID, role, level and section from the catalog", () => {
    const r = byName("[DMC-5.4-01]");
    expect(labels(r, "clause")).to.deep.equal(["DMC-5.4-01"]);
    expect(labels(r, "role")).to.deep.equal(["client"]);
    expect(labels(r, "level")).to.deep.equal(["MUST"]);
    expect(labels(r, "section")).to.deep.equal(["5.4"]);
    expect(labels(r, "story")).to.deep.equal(["DMC-5.4-01"]);
    const two = byName("[DMC-5.6-04][DMC-5.6-06]");
    expect(labels(two, "clause")).to.deep.equal(["DMC-5.6-04", "DMC-5.6-06"]);
    expect(labels(byName("probes"), "tag")).to.deep.equal(["informative"]);
  });

  it("sets the Allure status from the clause verdicts", () => {
    expect(byName("[DMC-5.4-01]").status).to.equal("passed");
    expect(byName("[DMC-5.6-04][DMC-5.6-06]").status).to.equal("failed");
    expect(byName("[DMC-5.6-04][DMC-5.6-06]").statusDetails?.message).to.contain(
      "expected MsgID 2, saw MsgID 3",
    );
    expect(byName("[DMC-5.8-12]").status).to.equal("skipped");
    expect(byName("[DMC-5.8-12]").parameters).to.deep.include({ name: "DMC-5.8-12", value: "not-exercised" });
  });

  it("keeps informative probes out of Allure's success rate (status unknown), saying why", () => {
    const probe = byName("probes");
    // Allure counts passed against failed and broken only (@allurereport/core-api).
    expect(probe.status).to.equal("unknown");
    expect(probe.statusDetails?.message).to.match(
      /^informative probe: judges no clause and is never counted/,
    );
  });

  it("shows the certification outcome: in the environment, and as a top-level result", async () => {
    const report = stubReport([outcome("[DMC-5.4-01] a", [resultFor("DMC-5.4-01", "fail")])]);
    const dir = join(work, "outcome-results");
    await clearAllureResults(dir);
    await writeFile(join(dir, "environment.properties"), "iut=sample\n");
    await writeAllureOutcome(dir, report);
    const env = await readFile(join(dir, "environment.properties"), "utf8");
    expect(env.split("\n")[0]).to.equal("certification=NOT CERTIFIED");
    expect(env).to.contain("outcome=not-certified");
    expect(env).to.contain("blocking=DMC-5.4-01");
    expect(env).to.contain("iut=sample");
    const files = (await readdir(dir)).filter((f) => f.endsWith("-result.json"));
    expect(files).to.have.length(1);
    const result = JSON.parse(await readFile(join(dir, files[0]!), "utf8")) as AllureResult;
    expect(result.name).to.equal(`${OUTCOME_RESULT_NAME}: NOT CERTIFIED`);
    expect(result.status).to.equal("failed");
    expect(result.statusDetails?.message).to.equal("NOT CERTIFIED: DMC-5.4-01 blocks certification");
  });

  it("attaches the evidence as text, verbatim", async () => {
    const r = byName("[DMC-5.6-04][DMC-5.6-06]");
    const body = r.attachments.find((a) => a.name.includes("Pkg#3 body"));
    expect(body?.type).to.equal("text/plain");
    const text = await readFile(join(resultsDir, body!.source), "utf8");
    expect(text).to.equal("MsgID 3\n200\n<script>alert(1)</script>");
    expect(r.attachments.map((a) => a.name)).to.include("verdicts");
  });

  // Built once, by whichever test needs it first (each of them also runs alone with --grep).
  let report: Promise<string> | undefined;
  const allureReport = () => {
    report ??= generateAllureReport(resultsDir, join(work, "allure-report"));
    return report;
  };

  it("generates the HTML report offline, with no tag manager and no external host", async () => {
    const out = join(work, "allure-report");
    const index = await allureReport();
    expect(index).to.equal(join(out, "index.html"));
    const html = await readFile(index, "utf8");
    expect(html).to.not.contain("googletagmanager");
    expect(html).to.not.contain("dataLayer");
    for (const f of await readdir(out, { recursive: true })) {
      if (!/\.(html|json|js|css)$/.test(f)) continue;
      expect(externalReferences(await readFile(join(out, f), "utf8")), f).to.deep.equal([]);
    }
  });

  it("refuses to generate from an empty results folder, saying so", async () => {
    const empty = join(work, "empty");
    await clearAllureResults(empty);
    let caught: unknown;
    try {
      await generateAllureReport(empty, join(work, "never"));
    } catch (err) {
      caught = err;
    }
    expect((caught as Error)?.message).to.match(/no Allure results in/);
  });

  it("opens from file:// in Chromium without asking any host for anything", async function () {
    const browser = await launchChromiumOrSkip(this);
    try {
      const { page, consoleErrors, offsiteRequests } = await openReportPage(browser, await allureReport());
      // The report is a client-side app: wait until it has rendered the sample's tests.
      await page.getByText("posts Pkg#1 as application/tnds20").first().waitFor({ timeout: 15_000 });
      expect(offsiteRequests).to.deep.equal([]);
      expect(consoleErrors).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});
