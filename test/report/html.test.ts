import { createHash } from "node:crypto";
import { expect } from "chai";
import { externalReferences } from "../../harness/report/allure.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { renderHtml } from "../../harness/report/html-report.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { visibleHtml, visibleText } from "../../harness/report/visible-text.ts";
import { fabricateOutcomes, STUB_CATALOG } from "./fixtures/outcomes.ts";

function report(over: Partial<Parameters<typeof buildReport>[0]> = {}): Report {
  return buildReport({
    catalog: STUB_CATALOG,
    outcomes: fabricateOutcomes(STUB_CATALOG),
    iut: { role: "both", target: '"><script>window.__pwned=3</script>', deviceId: "IMEI:<b>1</b>" },
    options: { trigger: "./wake.sh '<x>'" },
    started: new Date("2025-01-02T03:04:05.000Z"),
    finished: new Date("2025-01-02T03:04:06.000Z"),
    strict: false,
    harness: { name: "oma-dm20-conformance", version: "0.1.0" },
    ...over,
  });
}

describe("visible line ends", () => {
  it("marks CRLF, bare LF and bare CR differently, before the real break", () => {
    expect(visibleText("a\r\nb\nc\rd")).to.equal("a\u240d\u240a\nb\u240a\nc\u240d\nd");
  });
  it("shows control characters as pictures and escapes the rest in HTML", () => {
    expect(visibleText("x\u0000\u001b\u007fy\tz")).to.equal("x\u2400\u241b\u2421y\tz");
    expect(visibleHtml("<a>\r\n&")).to.equal(
      '&lt;a&gt;<span class="eol" data-mark="CRLF">\u240d\u240a</span>\n&amp;',
    );
  });
});

describe("renderHtml", () => {
  const r = report();
  const html = renderHtml(r);

  it("renders IUT-controlled text as text, never as markup", () => {
    expect(html).to.not.contain("<script>window.__pwned");
    expect(html).to.not.contain("<img src=x");
    expect(html).to.not.contain("<b>1</b>");
    expect(html).to.contain("&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
    expect(html).to.contain("&quot;&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;");
    // The page's own script is the only <script> element.
    expect(html.match(/<script\b/g)).to.have.length(1);
  });

  it("shows CR and LF of the evidence visibly", () => {
    expect(html).to.contain(
      'MsgID 3<span class="eol" data-mark="CRLF">\u240d\u240a</span>\n200<span class="eol" data-mark="LF">\u240a</span>\n',
    );
    expect(html).to.contain(
      '<span class="ctrl" data-mark="0x01">\u2401</span><span class="ctrl" data-mark="0x00">\u2400</span>end',
    );
  });

  it("lists every clause of the report once, with its verdict, role and level for the filters", () => {
    for (const c of r.clauses) {
      const tag = new RegExp(
        `<details class="clause[^"]*" id="clause-${c.id.replace(/\./g, "\\.")}" data-verdict="${c.verdict}" data-role="${c.role}" data-level="${c.level}">`,
      );
      expect(html).to.match(tag);
    }
    expect(html.match(/<details class="clause/g)).to.have.length(r.clauses.length);
  });

  it("states the certification verdict and the blocking clauses in the header", () => {
    expect(r.certified).to.equal(false);
    expect(html).to.contain('<div id="certification" class="cert no">NOT CERTIFIED</div>');
    for (const id of r.blocking) expect(html).to.contain(`href="#clause-${id}"`);
    const ok = renderHtml(report({ outcomes: [] }));
    expect(ok).to.contain('class="cert yes">CERTIFIED</div>');
    expect(ok).to.contain("8 of 8 clauses not exercised in this run");
  });

  it("is self-contained: no external reference, a CSP allowing only its own inline style and script", () => {
    expect(externalReferences(html)).to.deep.equal([]);
    expect(html).to.not.match(/<(link|img|iframe)\b/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).to.contain("default-src 'none'");
    const hash = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).to.contain(`style-src ${hash(style)}`);
    expect(csp).to.contain(`script-src ${hash(script)}`);
  });

  it("keeps informative probes in their own section", () => {
    expect(html).to.contain('<section id="informative">');
    expect(html).to.contain("probes TLS versions offered (informative)");
  });
});
