/**
 * report.html: one self-contained page (inline CSS and JS, no external asset, works from file://)
 * for a test engineer: the outcome up front, the SCR table per role with filters and a search, and
 * under each clause its tests with the wire evidence, CR and LF made visible. It opens on what
 * matters: when a clause failed, filtered to the failing clauses, expanded, each failing test's
 * message first; when the run is incomplete, filtered to the clauses without evidence. Evidence a
 * clause already showed is not shown again; informative probes start collapsed.
 *
 * Everything that comes from the report is escaped (the IUT chooses what its bodies, headers and
 * error texts say). As a second line of defence the page carries a Content-Security-Policy that
 * allows only its own inline style and script, by hash, and no network access at all.
 */
import { createHash } from "node:crypto";
import escapeHtml from "escape-html";
import { type Evidence, VERDICTS, type Verdict } from "../model/verdict.ts";
import { evidenceKey } from "./build-report.ts";
import { standingReason } from "./certification.ts";
import { outcomeSentence, outcomeWord } from "./outcome-text.ts";
import {
  type InformativeTest,
  LEVELS,
  type Outcome,
  type Report,
  type ReportClause,
  type ReportTest,
  ROLES,
  type Role,
  type VerdictCounts,
} from "./report-model.ts";
import { terminalText, visibleHtml } from "./visible-text.ts";

const h = (value: unknown): string => escapeHtml(String(value));

/** Text that may come from the IUT, for a message: line breaks kept, control characters shown. */
const msg = (value: string): string => escapeHtml(terminalText(value));

/** The verdict filter's first choices, beside each single verdict. */
export const FILTER_FAILING = "fail error";
export const FILTER_UNPROVEN = "@unproven";

/** The filter the page opens with: failures first, else what has no evidence, else everything. */
export function initialFilter(report: Pick<Report, "clauses">): string {
  if (report.clauses.some((c) => c.verdict === "fail" || c.verdict === "error")) return FILTER_FAILING;
  if (report.clauses.some((c) => c.standing === "unproven")) return FILTER_UNPROVEN;
  return "";
}

function matchesFilter(c: ReportClause, filter: string): boolean {
  if (!filter) return true;
  if (filter.startsWith("@")) return c.standing === filter.slice(1);
  return filter.split(" ").includes(c.verdict);
}

const OUTCOME_CLASS: Record<Outcome, string> = {
  certified: "yes",
  "not-certified": "no",
  incomplete: "incomplete",
  partial: "partial",
};

/** report.json's option keys as the command line spells them. */
const OPTION_FLAGS: Record<string, string> = {
  iut: "--iut",
  out: "--out",
  timeoutMs: "--timeout",
  quietPeriodMs: "--quiet-period",
  strict: "--strict",
  reporter: "--reporter",
  maxPackages: "--max-packages",
  ixit: "--ixit",
  clause: "--clause",
  grep: "--grep",
  trigger: "--trigger",
  push: "--push",
  pushCa: "--push-ca",
  manual: "--manual",
  sessions: "--sessions",
  pki: "--pki",
  host: "--host",
  publicHost: "--public-host",
  url: "--url",
  ca: "--ca",
  notifyCmd: "--notify-cmd",
  baseline: "--baseline",
  writeBaseline: "--write-baseline",
};

const ROLE_TITLE: Record<Role, string> = {
  client: "DM client (device): DMC- clauses",
  server: "DM server: DMS- clauses",
};

const VERDICT_MEANING: Record<Verdict, string> = {
  pass: "every test of the clause saw the IUT do what the draft requires",
  fail: "at least one test saw the IUT break the requirement",
  error: "the harness could not judge the clause (never counted as a pass)",
  "not-exercised": "the IUT never showed the behaviour the clause is about, or no test of it ran",
  "not-applicable": "an optional feature the IXIT declares unsupported",
  untestable: "cannot be observed on the wire",
};

const STYLE = `
:root { color-scheme: light; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa;
  --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#cf222e; --fail-bg:#ffebe9; --error:#8250df; --error-bg:#fbefff;
  --not-exercised:#9a6700; --not-exercised-bg:#fff8c5; --not-applicable:#59636e; --not-applicable-bg:#eaeef2;
  --untestable:#0969da; --untestable-bg:#ddf4ff; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, nav, main, footer, #summary { padding: 0 24px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 12px; }
h1 { font-size: 20px; margin: 16px 0 8px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
.cert { display: inline-block; font-weight: 700; font-size: 18px; padding: 6px 14px; border-radius: 6px; margin: 4px 0 8px; }
.cert.yes { color: var(--pass); background: var(--pass-bg); border: 1px solid var(--pass); }
.cert.no { color: var(--fail); background: var(--fail-bg); border: 1px solid var(--fail); }
.cert.incomplete { color: var(--not-exercised); background: var(--not-exercised-bg); border: 1px solid var(--not-exercised); }
.cert.partial { color: var(--untestable); background: var(--untestable-bg); border: 1px solid var(--untestable); }
table.options { border-collapse: collapse; }
table.options td { border-bottom: 1px solid var(--line); padding: 1px 12px 1px 0; vertical-align: top; overflow-wrap: anywhere; }
#opened-on { color: var(--muted); margin: 8px 0; }
details#informative > summary { cursor: pointer; }
details#informative > summary h2 { display: inline; }
details.probe > summary { cursor: pointer; font-weight: 600; }
.same { color: var(--muted); font-size: 12px; margin: 4px 0; }
.cert-note { color: var(--muted); margin-left: 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.warn { color: var(--fail); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
table.counts { border-collapse: collapse; margin: 8px 0; }
table.counts th, table.counts td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; }
table.counts th:first-child, table.counts td:first-child { text-align: left; }
nav#filters { position: sticky; top: 0; z-index: 2; background: var(--soft); border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding-top: 8px; padding-bottom: 8px; }
nav#filters label { color: var(--muted); }
nav#filters input[type=search] { min-width: 240px; }
#shown { color: var(--muted); }
.scr { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.scr-row { display: grid; grid-template-columns: 16px 110px 80px 60px 1fr 120px; gap: 8px; padding: 6px 10px; align-items: start; }
.scr-head { background: var(--soft); font-weight: 600; border-bottom: 1px solid var(--line); }
details.clause { border-bottom: 1px solid var(--line); }
details.clause:last-child { border-bottom: 0; }
details.clause > summary { list-style: none; cursor: pointer; }
details.clause > summary::-webkit-details-marker { display: none; }
details.clause > summary > .marker::before { content: "\\25B8"; color: var(--muted); }
details.clause[open] > summary > .marker::before { content: "\\25BE"; }
details.clause > summary:hover { background: var(--soft); }
details.clause.blocks > summary { box-shadow: inset 4px 0 0 var(--fail); }
.clause-body { padding: 4px 16px 12px 34px; background: #fbfcfd; border-top: 1px dashed var(--line); }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-weight: 600; font-size: 12px; border: 1px solid; white-space: nowrap; }
.v-pass { color: var(--pass); background: var(--pass-bg); }
.v-fail { color: var(--fail); background: var(--fail-bg); }
.v-error { color: var(--error); background: var(--error-bg); }
.v-not-exercised { color: var(--not-exercised); background: var(--not-exercised-bg); }
.v-not-applicable { color: var(--not-applicable); background: var(--not-applicable-bg); }
.v-untestable { color: var(--untestable); background: var(--untestable-bg); }
article.test { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; background: var(--bg); }
article.test h4 { margin: 0 0 4px; font-size: 14px; }
.meta { color: var(--muted); font-size: 12px; }
.message { white-space: pre-wrap; margin: 6px 0; }
ul.checks { margin: 4px 0; padding-left: 18px; }
figure.evidence { margin: 8px 0; }
figure.evidence figcaption { font-size: 12px; color: var(--muted); }
figure.evidence pre { margin: 2px 0 0; padding: 8px; background: var(--soft); border: 1px solid var(--line); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 480px; overflow: auto; }
.eol, .ctrl { font-size: 0; }
.eol::before, .ctrl::before { content: attr(data-mark); font: 600 9px/1 system-ui, sans-serif; color: #9a6700;
  border: 1px solid #d4a72c; border-radius: 3px; padding: 0 2px; margin: 0 1px; vertical-align: 1px; }
.ctrl::before { color: var(--fail); border-color: var(--fail); }
footer { color: var(--muted); border-top: 1px solid var(--line); margin-top: 24px; padding-top: 8px; padding-bottom: 24px; }
`;

const SCRIPT = `
(function () {
  "use strict";
  var $ = function (s) { return document.querySelector(s); };
  var clauses = Array.prototype.slice.call(document.querySelectorAll("details.clause"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.role"));
  function apply() {
    var v = $("#f-verdict").value, r = $("#f-role").value, l = $("#f-level").value;
    var q = $("#f-search").value.trim().toLowerCase();
    var shown = 0;
    clauses.forEach(function (c) {
      var verdictOk = !v || (v.charAt(0) === "@" ? c.dataset.standing === v.slice(1) :
        v.split(" ").indexOf(c.dataset.verdict) >= 0);
      var ok = verdictOk && (!r || c.dataset.role === r) &&
        (!l || c.dataset.level === l) && (!q || c.textContent.toLowerCase().indexOf(q) >= 0);
      c.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector("details.clause:not([hidden])"); });
    $("#shown").textContent = shown + " of " + clauses.length + " clauses shown";
    $("#none").hidden = shown > 0;
  }
  ["#f-verdict", "#f-role", "#f-level"].forEach(function (id) { $(id).addEventListener("change", apply); });
  $("#f-search").addEventListener("input", apply);
  $("#expand").addEventListener("click", function () {
    clauses.forEach(function (c) { if (!c.hidden) c.open = true; });
  });
  $("#collapse").addEventListener("click", function () { clauses.forEach(function (c) { c.open = false; }); });
  $("#reset").addEventListener("click", function () {
    ["#f-verdict", "#f-role", "#f-level", "#f-search"].forEach(function (id) { $(id).value = ""; });
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-verdict]"), function (b) {
    b.addEventListener("click", function () { $("#f-verdict").value = b.dataset.filterVerdict; apply(); });
  });
  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.hidden = false; target.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openFromHash);
  apply();
  openFromHash();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

function badge(verdict: Verdict): string {
  return `<span class="badge v-${h(verdict)}">${h(verdict)}</span>`;
}

function clauseAnchor(id: string): string {
  return `clause-${id}`;
}

/**
 * Evidence blocks of one clause; a block the clause already showed (the same response quoted by
 * two checks or two tests) is named, not repeated. `shown` is the clause's running set.
 */
function evidenceHtml(evidence: readonly Evidence[], shown: Map<string, string>): string {
  return evidence
    .map((ev) => {
      const key = evidenceKey(ev);
      const where = ev.session ? ` <span class="session">· ${h(ev.session)}</span>` : "";
      const seen = shown.get(key);
      if (seen !== undefined)
        return `<p class="same">${h(ev.label)}${where}: the same excerpt as shown above (${h(seen)})</p>`;
      shown.set(key, ev.label);
      return `<figure class="evidence"><figcaption>${h(ev.label)}${where} <span class="mono">(${h(ev.kind)}${
        ev.location ? `, at ${h(JSON.stringify(ev.location))}` : ""
      })</span></figcaption><pre>${visibleHtml(ev.text)}</pre></figure>`;
    })
    .join("");
}

/** The message, unless the checks listed below already say every line of it. */
function messageHtml(test: ReportTest, listed: boolean): string {
  if (!test.message) return "";
  const said = new Set(listed ? test.checks.map((c) => c.message) : []);
  if (test.message.split("\n").every((line) => said.has(line))) return "";
  return `<div class="message">${msg(test.message)}</div>`;
}

function testHtml(test: ReportTest, clauseId: string, shown: Map<string, string>): string {
  const others = test.clauses.filter((c) => c !== clauseId);
  const meta = [
    `mocha: ${h(test.state)}`,
    `${h(test.durationMs)} ms`,
    test.file ? `<span class="mono">${h(test.file)}</span>` : "",
    others.length > 0
      ? `also judges ${others.map((c) => `<a href="#${h(clauseAnchor(c))}">${h(c)}</a>`).join(", ")}`
      : "",
  ].filter(Boolean);
  // One check says what the message already says; several are listed one by one.
  const listed = test.checks.length > 1;
  const checks = listed
    ? `<ul class="checks">${test.checks
        .map(
          (c) =>
            `<li>${badge(c.verdict)} <span class="message">${msg(c.message)}</span>${c.reading ? ` <span class="meta">(reading: ${msg(c.reading)})</span>` : ""}</li>`,
        )
        .join("")}</ul>`
    : "";
  const stack = test.error?.stack
    ? `<figure class="evidence"><figcaption>harness error</figcaption><pre>${visibleHtml(test.error.stack)}</pre></figure>`
    : "";
  return `<article class="test" data-verdict="${h(test.verdict)}">
<h4>${badge(test.verdict)} ${h(test.title)}</h4>
${messageHtml(test, listed)}
<div class="meta">${meta.join(" · ")}</div>
${checks}${evidenceHtml(test.evidence, shown)}${stack}
</article>`;
}

function interpretationText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function failing(t: ReportTest): boolean {
  return t.verdict === "fail" || t.verdict === "error";
}

function clauseHtml(c: ReportClause, filter: string): string {
  const facts: [string, string][] = [["testability", h(c.testability)]];
  if (c.summary) facts.push(["in short", h(c.summary)]);
  if (c.condition) facts.push(["condition", h(c.condition)]);
  if (c.applicability.basis)
    facts.push([
      "IXIT declares",
      `${c.applicability.declared ? `${badge(c.applicability.declared as Verdict)} ` : ""}${h(c.applicability.basis)}`,
    ]);
  if (c.interpretation !== undefined)
    facts.push(["interpretation", `<span class="message">${h(interpretationText(c.interpretation))}</span>`]);
  if (c.readings.length > 0) facts.push(["readings seen", c.readings.map(msg).join("<br>")]);
  if (c.note) facts.push(["note", h(c.note)]);
  if (c.standing === "blocks")
    facts.push(["certification", `<span class="warn">this clause blocks certification</span>`]);
  if (c.standing === "unproven")
    facts.push([
      "certification",
      `<span class="warn">no evidence that this clause holds: ${msg(standingReason(c))}</span>`,
    ]);
  // What failed comes first, its message at the top; the clause's facts and the rest after.
  const shown = new Map<string, string>();
  const first = c.tests.filter(failing).map((t) => testHtml(t, c.id, shown));
  const rest = c.tests.filter((t) => !failing(t)).map((t) => testHtml(t, c.id, shown));
  const visible = matchesFilter(c, filter);
  const open = filter !== "" && visible ? " open" : "";
  return `<details class="clause${c.blocksCertification ? " blocks" : ""}" id="${h(clauseAnchor(c.id))}" data-verdict="${h(c.verdict)}" data-role="${h(c.role)}" data-level="${h(c.level)}" data-standing="${h(c.standing)}"${open}${visible ? "" : " hidden"}>
<summary class="scr-row"><span class="marker"></span><span class="mono clause-id">${h(c.id)}</span><span>${h(c.level)}</span><span>${h(c.section)}</span><span class="requirement">${h(c.requirement)}</span><span>${badge(c.verdict)}</span></summary>
<div class="clause-body">
${first.join("\n")}
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join("")}</dl>
${rest.join("\n")}
</div>
</details>`;
}

function countsRow(label: string, counts: VerdictCounts | undefined, buttons: boolean): string {
  const cells = VERDICTS.map((v) => {
    const n = counts?.[v] ?? 0;
    if (buttons && n > 0)
      return `<td><button type="button" class="badge v-${h(v)}" data-filter-verdict="${h(v)}">${n}</button></td>`;
    return `<td>${n}</td>`;
  }).join("");
  return `<tr><td>${label}</td>${cells}<td>${counts?.total ?? 0}</td></tr>`;
}

function summaryHtml(report: Report): string {
  const rows: string[] = [];
  for (const role of ROLES) {
    const byLevel = report.summary.byRoleLevel[role];
    if (!byLevel) continue;
    for (const level of LEVELS) {
      if (byLevel[level]) rows.push(countsRow(`${h(role)} ${h(level)}`, byLevel[level], false));
    }
  }
  rows.push(countsRow("<strong>all clauses</strong>", report.summary, true));
  return `<section id="summary"><h2>Summary</h2>
<table class="counts"><thead><tr><th>role / level</th>${VERDICTS.map((v) => `<th>${h(v)}</th>`).join("")}<th>total</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
<details><summary>What the verdicts mean</summary><dl class="facts">${VERDICTS.map(
    (v) => `<dt>${badge(v)}</dt><dd>${h(VERDICT_MEANING[v])}</dd>`,
  ).join("")}</dl>
<p>A run is <strong>certified</strong> only when every applicable MUST / MUST NOT clause${
    report.strict ? " (and SHOULD: this run is strict)" : " (SHOULD too with <code>--strict</code>)"
  } is <code>pass</code>, or <code>not-applicable</code> / <code>untestable</code> where the IXIT declares it.
A binding clause that is <code>fail</code> or <code>error</code> makes it <strong>not certified</strong>; one without
evidence (<code>not-exercised</code>, or a verdict the IXIT does not declare) makes it <strong>incomplete</strong>.
A run of selected clauses, or an interrupted one, is never a certification.</p></details></section>`;
}

/** The options as a table, each under the command-line flag it came from. */
function optionsHtml(options: Record<string, unknown>): string {
  const rows = Object.entries(options).map(([k, v]) => {
    const value = typeof v === "string" ? v : JSON.stringify(v);
    return `<tr><td class="mono">${h(OPTION_FLAGS[k] ?? k)}</td><td class="mono">${msg(value)}</td></tr>`;
  });
  return `<table class="options"><tbody>${rows.join("")}</tbody></table>`;
}

function headerHtml(report: Report, filter: string): string {
  const facts: [string, string][] = [
    ["IUT", `${h(report.iut.role)} · <span class="mono">${h(report.iut.target)}</span>`],
  ];
  if (report.iut.deviceId) facts.push(["device ID", `<span class="mono">${h(report.iut.deviceId)}</span>`]);
  facts.push(
    ["harness", `${h(report.harness.name)} ${h(report.harness.version)}`],
    [
      "clause catalog",
      `<span class="mono">${h(report.catalog.digest)}</span> (${h(report.catalog.clauses)} clauses)`,
    ],
    ["started", `<time>${h(report.started)}</time>`],
    ["finished", `<time>${h(report.finished)}</time> (${h((report.durationMs / 1000).toFixed(1))} s)`],
    ["strict", report.strict ? "yes: SHOULD failures block certification" : "no"],
  );
  if (report.interrupted)
    facts.push(["interrupted", `by ${h(report.interrupted)}: what was judged until then`]);
  if (Object.keys(report.options).length > 0) facts.push(["options", optionsHtml(report.options)]);
  if (report.mergedFrom)
    facts.push([
      "merged from",
      report.mergedFrom
        .map((m) => `${h(m.iut.role)} ${h(m.iut.target)} · ${h(m.started)} · ${h(m.harness)}`)
        .join("<br>"),
    ]);
  const links = (ids: string[]) =>
    ids.map((id) => `<a class="mono" href="#${h(clauseAnchor(id))}">${h(id)}</a>`).join(", ");
  if (report.blocking.length > 0) facts.push(["blocking clauses", links(report.blocking)]);
  if (report.incomplete.length > 0) facts.push(["clauses without evidence", links(report.incomplete)]);
  const warnings =
    report.warnings.length > 0
      ? `<ul class="warn">${report.warnings.map((w) => `<li>${msg(w)}</li>`).join("")}</ul>`
      : "";
  const opened =
    filter === FILTER_FAILING
      ? "Showing the clauses that failed or erred, expanded; <em>reset</em> the filters to see every clause."
      : filter === FILTER_UNPROVEN
        ? "Showing the clauses without evidence, expanded; <em>reset</em> the filters to see every clause."
        : "";
  return `<header>
<h1>OMA DM 2.0 draft conformance report</h1>
<div id="certification" class="cert ${OUTCOME_CLASS[report.outcome]}" data-outcome="${h(report.outcome)}">${h(outcomeWord(report))}</div>
<p id="outcome">${h(outcomeSentence(report))}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join("")}</dl>
${warnings}
${opened ? `<p id="opened-on">${opened}</p>` : ""}
</header>`;
}

function option(value: string, label: string, selected = ""): string {
  return `<option value="${h(value)}"${value === selected ? " selected" : ""}>${h(label)}</option>`;
}

function filtersHtml(report: Report, filter: string): string {
  const roles = ROLES.filter((r) => report.clauses.some((c) => c.role === r));
  const verdicts = [
    option("", "all", filter),
    option(FILTER_FAILING, "fail or error", filter),
    option(FILTER_UNPROVEN, "no evidence (incomplete)", filter),
    ...VERDICTS.map((v) => option(v, v, filter)),
  ];
  return `<nav id="filters" aria-label="filters">
<label>verdict <select id="f-verdict">${verdicts.join("")}</select></label>
<label>role <select id="f-role">${option("", "all")}${roles.map((r) => option(r, r)).join("")}</select></label>
<label>level <select id="f-level">${option("", "all")}${LEVELS.map((l) => option(l, l)).join("")}</select></label>
<label>search <input type="search" id="f-search" placeholder="ID, text, evidence…"></label>
<button type="button" id="reset">reset</button>
<button type="button" id="expand">expand shown</button>
<button type="button" id="collapse">collapse all</button>
<output id="shown"></output>
</nav>`;
}

function rolesHtml(report: Report, filter: string): string {
  return ROLES.filter((r) => report.clauses.some((c) => c.role === r))
    .map(
      (role) => `<section class="role" data-role="${h(role)}"><h2>${h(ROLE_TITLE[role])}</h2>
<div class="scr"><div class="scr-row scr-head"><span></span><span>ID</span><span>level</span><span>section</span><span>requirement (the draft's words)</span><span>verdict</span></div>
${report.clauses
  .filter((c) => c.role === role)
  .map((c) => clauseHtml(c, filter))
  .join("\n")}
</div></section>`,
    )
    .join("\n");
}

function informativeHtml(report: Report): string {
  if (report.informative.length === 0) return "";
  // Each probe keeps its own evidence: probes are independent, nothing is "above".
  const items = report.informative
    .map(
      (
        t: InformativeTest,
      ) => `<details class="probe"><summary>${h(t.title)} <span class="meta">(mocha: ${h(t.state)})</span></summary>
<article class="test">
<div class="meta">mocha: ${h(t.state)} · ${h(t.durationMs)} ms${t.file ? ` · <span class="mono">${h(t.file)}</span>` : ""}</div>
${t.message ? `<div class="message">${msg(t.message)}</div>` : ""}${evidenceHtml(t.evidence, new Map())}
</article></details>`,
    )
    .join("\n");
  return `<details id="informative"><summary><h2>Informative probes (${report.informative.length}; judge no clause, never counted)</h2></summary>${items}</details>`;
}

export function renderHtml(report: Report): string {
  // Built here from constants and base64 hashes only (no quote, no markup), so it is left unescaped.
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(STYLE)}`,
    `script-src ${sha256(SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const title = `${outcomeWord(report)}: ${report.iut.role} ${report.iut.target} (OMA DM 2.0 conformance)`;
  const filter = initialFilter(report);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(report.harness.name)} ${h(report.harness.version)}">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${headerHtml(report, filter)}
${summaryHtml(report)}
${filtersHtml(report, filter)}
<main>
<p id="none" hidden>No clause matches these filters.</p>
${rolesHtml(report, filter)}
${informativeHtml(report)}
</main>
<footer>Generated by ${h(report.harness.name)} ${h(report.harness.version)} from report.json (format ${h(report.format)}). In evidence, CR and LF are marked (CR, LF, CRLF; copied as the control pictures U+240D, U+240A) before each real line break, other control characters by their code.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
