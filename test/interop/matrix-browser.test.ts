/**
 * matrix.html of a real demo run in headless Chromium: it loads with no console error and no
 * request off file://, shows the 2 × 2 grid, and every cell links to a report that exists.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { launchChromiumOrSkip, openReportPage } from "../report/fixtures/chromium.ts";
import { DEMO_OUT, demoRun } from "./demo-run.ts";

describe("interop: matrix.html in a browser", function () {
  this.timeout(180_000);
  let browser: Browser | undefined;
  before(async function () {
    browser = await launchChromiumOrSkip(this);
    await demoRun();
  });
  after(async () => {
    await browser?.close();
  });

  it("no console error, no outside request, every cell links to an existing report", async () => {
    const watched = await openReportPage(browser!, join(DEMO_OUT, "matrix.html"));
    const cells = await watched.page.locator("td[data-pair]").count();
    expect(cells).to.equal(4);
    const links = await watched.page
      .locator("td[data-pair] a")
      .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links).to.have.length(4);
    for (const href of links) expect(existsSync(new URL(href)), href).to.equal(true);
    const text = await watched.page.locator("table").textContent();
    expect(text).to.include("DMC-5.4-02").and.include("DMS-5.5-03").and.include("reached END");
    expect(watched.consoleErrors).to.deep.equal([]);
    expect(watched.offsiteRequests).to.deep.equal([]);
    await watched.page.close();
  });
});
