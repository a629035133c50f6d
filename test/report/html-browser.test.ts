/**
 * report.html in a real browser: headless Chromium opens the page from file:// and a test
 * engineer's moves are replayed — every clause renders, filtering to `fail` leaves only fails, a
 * clause expands to its evidence (CR/LF visible, hostile markup inert), the search narrows — with
 * no console error (a blocked inline script would log one: the page's CSP allows only its own
 * script by hash) and no request leaving file://.
 *
 * Screenshots go to test-output/report-browser/. (The README's docs/report-screenshot.png is of a
 * real run, the reference server with --fault msgid-step-two, not of this fabricated report.)
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { writeReports } from "../../harness/report/write-reports.ts";
import { launchChromiumOrSkip, openReportPage, type WatchedPage } from "./fixtures/chromium.ts";
import { fabricateOutcomes, STUB_CATALOG } from "./fixtures/outcomes.ts";

const OUT = resolve("test-output/report-browser");
const EXPECTED_CLAUSES = STUB_CATALOG.clauses.length;

describe("report.html in headless Chromium", function () {
  this.timeout(30_000);
  let browser: Browser;
  let page: Page;
  let report: Report;
  let watched: WatchedPage;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    const catalog = STUB_CATALOG;
    report = buildReport({
      catalog,
      outcomes: fabricateOutcomes(catalog),
      iut: {
        role: "both",
        target: "selftest (bundled reference device and server)",
        deviceId: "IMEI:004401074860001",
      },
      options: { selftest: true, timeout: 10000 },
      started: new Date("2025-01-02T03:04:05.000Z"),
      finished: new Date("2025-01-02T03:04:17.300Z"),
      strict: false,
      harness: { name: "oma-dm20-conformance", version: "0.1.0" },
      ixit: DEFAULT_IXIT,
    });
    await mkdir(OUT, { recursive: true });
    await writeReports(report, OUT, ["html"]);
    watched = await openReportPage(browser, join(OUT, "report.html"));
    page = watched.page;
  });

  after(async () => {
    await browser?.close();
  });

  it("opens filtered to the failing clauses, expanded, each failing message first", async () => {
    const failing = report.clauses
      .filter((c) => c.verdict === "fail" || c.verdict === "error")
      .map((c) => c.id);
    expect(failing.length).to.be.greaterThan(0);
    expect(await page.locator("#f-verdict").inputValue()).to.equal("fail error");
    const shown = await page.locator("details.clause:visible").evaluateAll((els) => els.map((e) => e.id));
    expect(shown).to.deep.equal(failing.map((id) => `clause-${id}`));
    expect(await page.locator("#shown").textContent()).to.equal(
      `${failing.length} of ${EXPECTED_CLAUSES} clauses shown`,
    );
    const first = page.locator(`#clause-${failing[0]!.replace(/\./g, "\\.")}`);
    expect(await first.getAttribute("open")).to.not.equal(null);
    expect(await first.locator(".clause-body > *").first().getAttribute("class")).to.equal("test");
    expect(await first.locator(".message").first().isVisible()).to.equal(true);
    // Informative probes start collapsed.
    expect(await page.locator("details#informative").getAttribute("open")).to.equal(null);
    await page.click("#reset");
  });

  it(`renders every clause (${EXPECTED_CLAUSES}) in the SCR table of its role, and the verdict`, async () => {
    expect(await page.locator("details.clause").count()).to.equal(EXPECTED_CLAUSES);
    expect(await page.locator("details.clause:visible").count()).to.equal(EXPECTED_CLAUSES);
    expect(await page.locator("#shown").textContent()).to.equal(
      `${EXPECTED_CLAUSES} of ${EXPECTED_CLAUSES} clauses shown`,
    );
    expect(await page.locator("#certification").textContent()).to.equal("NOT CERTIFIED");
    for (const role of ["client", "server"]) {
      const expected = report.clauses.filter((c) => c.role === role).length;
      expect(await page.locator(`section.role[data-role="${role}"] details.clause`).count()).to.equal(
        expected,
      );
    }
    const first = report.clauses[0]!;
    const row = page.locator(`#clause-${first.id.replace(/\./g, "\\.")} > summary`);
    expect(await row.textContent()).to.contain(first.requirement);
  });

  it("filters to fail and back", async () => {
    const fails = report.clauses.filter((c) => c.verdict === "fail").map((c) => c.id);
    expect(fails.length).to.be.greaterThan(0);
    await page.selectOption("#f-verdict", "fail");
    const shown = await page.locator("details.clause:visible").evaluateAll((els) => els.map((e) => e.id));
    expect(shown).to.deep.equal(fails.map((id) => `clause-${id}`));
    expect(await page.locator("#shown").textContent()).to.equal(
      `${fails.length} of ${EXPECTED_CLAUSES} clauses shown`,
    );
    await page.click("#reset");
    expect(await page.locator("details.clause:visible").count()).to.equal(EXPECTED_CLAUSES);
  });

  it("filters by role and level, and searches", async () => {
    await page.selectOption("#f-role", "server");
    const servers = report.clauses.filter((c) => c.role === "server").length;
    expect(await page.locator("details.clause:visible").count()).to.equal(servers);
    expect(await page.locator('section.role[data-role="client"]').isVisible()).to.equal(false);
    await page.click("#reset");
    await page.selectOption("#f-level", "MUST NOT");
    const mustNot = report.clauses.filter((c) => c.level === "MUST NOT").length;
    expect(await page.locator("details.clause:visible").count()).to.equal(mustNot);
    await page.click("#reset");
    const target = report.clauses.at(-1)!;
    await page.fill("#f-search", target.id.toLowerCase());
    expect(
      await page.locator("details.clause:visible").evaluateAll((els) => els.map((e) => e.id)),
    ).to.deep.equal([`clause-${target.id}`]);
    await page.fill("#f-search", "no clause says this 9f3a");
    expect(await page.locator("#none").isVisible()).to.equal(true);
    await page.click("#reset");
  });

  it("expands a failing clause to its evidence, CR/LF visible and markup inert", async () => {
    const failing = report.clauses.find((c) => c.verdict === "fail")!;
    const details = page.locator(`#clause-${failing.id.replace(/\./g, "\\.")}`);
    const evidence = details.locator("figure.evidence pre").last();
    await page.click("#collapse");
    expect(await evidence.isVisible()).to.equal(false);
    await details.locator("summary").click();
    expect(await details.getAttribute("open")).to.not.equal(null);
    expect(await evidence.isVisible()).to.equal(true);
    const text = (await evidence.textContent()) ?? "";
    expect(text).to.contain("MsgID 3\u240d\u240a\n200\u240a\n");
    expect(text).to.contain("<script>window.__pwned = 1</script>");
    expect(await details.locator("script, img").count()).to.equal(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).to.equal(undefined);
    expect(await details.locator(".message").first().textContent()).to.contain(
      "expected MsgID 2, saw MsgID 3",
    );

    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, "report.png") });
    await page.screenshot({ path: join(OUT, "report-full.png"), fullPage: true });
  });

  it("logged no console error and made no request beyond file://", () => {
    expect(watched.consoleErrors).to.deep.equal([]);
    expect(watched.offsiteRequests).to.deep.equal([]);
  });
});
