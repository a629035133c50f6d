import { createHash } from "node:crypto";
import { expect } from "chai";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { externalReferences } from "../../harness/report/allure.ts";
import { buildReport } from "../../harness/report/build-report.ts";
import { renderHtml } from "../../harness/report/html-report.ts";
import { outcomeSentence } from "../../harness/report/outcome-text.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { visibleHtml, visibleText } from "../../harness/report/visible-text.ts";
import { fabricateOutcomes, outcome, resultFor, STUB_CATALOG } from "./fixtures/outcomes.ts";

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
    ixit: DEFAULT_IXIT,
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
        `<details class="clause[^"]*" id="clause-${c.id.replace(/\./g, "\\.")}" data-verdict="${c.verdict}" data-role="${c.role}" data-level="${c.level}" data-standing="${c.standing}"`,
      );
      expect(html).to.match(tag);
    }
    expect(html.match(/<details class="clause/g)).to.have.length(r.clauses.length);
  });

  it("states the outcome and the blocking clauses in the header, as the terminal says it", () => {
    expect(r.certified).to.equal(false);
    expect(html).to.contain(
      '<div id="certification" class="cert no" data-outcome="not-certified">NOT CERTIFIED</div>',
    );
    expect(html).to.contain(`<p id="outcome">${outcomeSentence(r)}</p>`);
    for (const id of r.blocking) expect(html).to.contain(`href="#clause-${id}"`);
    // Nothing ran: not a pass, an incomplete run, the clauses without evidence linked.
    const none = report({ outcomes: [] });
    const silent = renderHtml(none);
    expect(silent).to.contain('class="cert incomplete" data-outcome="incomplete">INCOMPLETE</div>');
    for (const id of none.incomplete) expect(silent).to.contain(`href="#clause-${id}"`);
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

  it("keeps informative probes in their own section, collapsed", () => {
    expect(html).to.match(/<details id="informative"><summary><h2>Informative probes \(1;/);
    expect(html).to.contain("probes TLS versions offered (informative)");
    expect(html).to.not.match(/<details id="informative" open/);
    expect(html).to.not.match(/<details class="probe" open/);
  });
});

describe("renderHtml opens on what matters", () => {
  const ANSI = "\u001b[2J\u001b]0;pwned\u0007";
  const clauseTag = (html: string, id: string) =>
    new RegExp(`<details class="clause[^"]*" id="clause-${id.replace(/\./g, "\\.")}"[^>]*>`).exec(
      html,
    )?.[0] ?? "";

  it("when a clause failed: filtered to failures, failing clauses expanded, the others hidden", () => {
    const r = report();
    const html = renderHtml(r);
    expect(html).to.contain('<option value="fail error" selected>fail or error</option>');
    expect(html).to.contain('<p id="opened-on">Showing the clauses that failed or erred');
    for (const c of r.clauses) {
      const tag = clauseTag(html, c.id);
      const failing = c.verdict === "fail" || c.verdict === "error";
      expect(tag, c.id).to.match(failing ? / open(>| )/ : / hidden>$/);
    }
  });

  it("puts a failing test's message at the top of its clause, before the clause's facts", () => {
    const html = renderHtml(report());
    const body = html.slice(html.indexOf('id="clause-DMC-5.4-01"'));
    const message = body.indexOf("DMC-5.4-01: expected MsgID 2, saw MsgID 3");
    expect(message).to.be.greaterThan(0);
    expect(message).to.be.lessThan(body.indexOf('<dl class="facts">'));
  });

  it("when nothing failed but evidence is missing: filtered to the clauses without evidence", () => {
    const html = renderHtml(report({ outcomes: [] }));
    expect(html).to.contain('<option value="@unproven" selected>');
    expect(clauseTag(html, "DMC-5.4-01")).to.match(/ open>$/);
  });

  it("a certified run opens unfiltered, nothing hidden or expanded", () => {
    const pass = STUB_CATALOG.clauses.map((c) =>
      outcome(`[${c.id}] ok`, [resultFor(c.id, c.id === "DMC-5.8-13" ? "untestable" : "pass")]),
    );
    const r = report({ outcomes: pass });
    expect(r.outcome).to.equal("certified");
    const html = renderHtml(r);
    expect(html).to.contain('<option value="" selected>all</option>');
    expect(html).to.contain('class="cert yes" data-outcome="certified">CERTIFIED</div>');
    for (const c of r.clauses) expect(clauseTag(html, c.id)).to.not.match(/ (open|hidden)/);
  });

  it("shows an excerpt once per clause, names its session, and the message once", () => {
    const response = {
      kind: "http-response" as const,
      label: "answer to Pkg#1 (exchange #0)",
      text: "HTTP/1.1 200 OK\r\n\r\nMsgID 0",
      session: "session A (IMEI:1)",
    };
    const first = { ...resultFor("DMC-5.6-04", "fail"), message: "first finding", evidence: [response] };
    const second = { ...resultFor("DMC-5.6-04", "fail"), message: "second finding", evidence: [response] };
    const again = { ...resultFor("DMC-5.6-04", "fail"), message: "in the other test", evidence: [response] };
    const html = renderHtml(
      report({
        outcomes: [
          outcome("[DMC-5.6-04] two checks", [first, second]),
          outcome("[DMC-5.6-04] another test", [again]),
        ],
      }),
    );
    const body = html.slice(html.indexOf('id="clause-DMC-5.6-04"'), html.indexOf('id="clause-DMC-5.6-06"'));
    expect(body.match(/<figure class="evidence">/g)).to.have.length(1);
    expect(body).to.contain(
      'answer to Pkg#1 (exchange #0) <span class="session">· session A (IMEI:1)</span>',
    );
    expect(body).to.contain("the same excerpt as shown above");
    // The two checks are listed; the message that joins them is not printed a second time.
    expect(body.split("first finding")).to.have.length(2);
    expect(body.split("second finding")).to.have.length(2);
  });

  it("makes IUT control characters visible in messages: no escape sequence reaches the page", () => {
    const hostile = { ...resultFor("DMC-5.6-04", "fail"), message: `first line ${ANSI}` };
    const html = renderHtml(report({ outcomes: [outcome("[DMC-5.6-04] hostile", [hostile])] }));
    expect(html).to.not.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(html).to.contain("first line \u241b[2J\u241b]0;pwned\u2407");
  });

  it("shows the options as a table under their command-line names, --sessions and --pki included", () => {
    const html = renderHtml(
      report({
        options: {
          iut: "client",
          timeoutMs: 20000,
          sessions: 4,
          pki: "/ci/harness-ca",
          trigger: "./wake.sh",
        },
      }),
    );
    const table = /<table class="options">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
    for (const [flag, value] of [
      ["--iut", "client"],
      ["--timeout", "20000"],
      ["--sessions", "4"],
      ["--pki", "/ci/harness-ca"],
      ["--trigger", "./wake.sh"],
    ])
      expect(table).to.contain(`<tr><td class="mono">${flag}</td><td class="mono">${value}</td></tr>`);
  });
});
