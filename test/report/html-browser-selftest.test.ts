/**
 * report.html of a real selftest run (what `npm start` writes) in headless Chromium: all 45
 * clauses of the catalog render with their verdicts, filtering to `fail` leaves none (the
 * references are conformant) and to `pass` leaves exactly the passes, a clause expands to the wire
 * evidence with CR/LF visible, and nothing is logged to the console or fetched from anywhere.
 * The fabricated report of html-browser.test.ts covers failing clauses and hostile markup.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { selftestCommand } from "../../harness/cli/selftest-command.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { captureIo } from "../cli/capture-io.ts";
import { launchChromiumOrSkip, openReportPage, type WatchedPage } from "./fixtures/chromium.ts";

const OUT = resolve("test-output/report-browser-selftest");

describe("report.html of a selftest run in headless Chromium", function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  let report: Report;
  let watched: WatchedPage;
  const catalogSize = loadCatalog().clauses.length;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    await rm(OUT, { recursive: true, force: true });
    const c = captureIo();
    const code = await selftestCommand(
      { timeout: 10_000, reporter: ["json", "html"], maxPackages: 50, out: OUT },
      c.io,
      process.cwd(),
    );
    expect(code, c.out() + c.err()).to.equal(0);
    report = JSON.parse(await readFile(join(OUT, "report.json"), "utf8"));
    watched = await openReportPage(browser, join(OUT, "report.html"));
    page = watched.page;
  });

  after(async () => {
    await browser?.close();
  });

  it(`renders all ${catalogSize} clauses of the catalog, each with its verdict, and the certification`, async () => {
    expect(catalogSize).to.equal(45);
    expect(await page.locator("details.clause:visible").count()).to.equal(catalogSize);
    expect(await page.locator("#certification").textContent()).to.equal("CERTIFIED");
    const shown = await page
      .locator("details.clause")
      .evaluateAll((els) => els.map((e) => [e.id, e.getAttribute("data-verdict")]));
    expect(shown).to.have.deep.members(report.clauses.map((c) => [`clause-${c.id}`, c.verdict]));
  });

  it("filters to fail (none: the references are conformant), to pass, and back", async () => {
    await page.selectOption("#f-verdict", "fail");
    expect(await page.locator("details.clause:visible").count()).to.equal(0);
    expect(await page.locator("#none").isVisible()).to.equal(true);
    await page.selectOption("#f-verdict", "pass");
    const passes = report.clauses.filter((c) => c.verdict === "pass").length;
    expect(passes).to.be.greaterThan(40);
    expect(await page.locator("details.clause:visible").count()).to.equal(passes);
    await page.click("#reset");
    expect(await page.locator("details.clause:visible").count()).to.equal(catalogSize);
  });

  it("expands a clause to its tests and the wire evidence, CR/LF shown", async () => {
    // The first clause whose evidence quotes an HTTP request from the wire.
    const clause = report.clauses.find((c) =>
      c.tests.some((t) => t.evidence.some((e) => e.kind === "http-request")),
    );
    expect(clause, "a clause with an HTTP request in its evidence").to.not.equal(undefined);
    const details = page.locator(`#clause-${clause!.id.replace(/\./g, "\\.")}`);
    const evidence = details.locator("figure.evidence pre").first();
    expect(await evidence.isVisible()).to.equal(false);
    await details.locator("summary").click();
    expect(await evidence.isVisible()).to.equal(true);
    const all = (await details.locator("figure.evidence pre").allTextContents()).join("\n");
    expect(all).to.match(/ HTTP\/1\.1\u240d\u240a/);
    await mkdir(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, "report.png") });
  });

  it("logged no console error and made no request beyond file://", () => {
    expect(watched.consoleErrors).to.deep.equal([]);
    expect(watched.offsiteRequests).to.deep.equal([]);
  });
});
