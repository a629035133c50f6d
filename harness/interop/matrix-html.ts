/**
 * matrix.html: the interop grid as one self-contained page (no script, no external asset; opens
 * from file://), devices down, servers across. Each cell says whether the session reached END,
 * lists the failing clauses of each side in that side's colour (and a session a side stopped),
 * and links to the pair's full report.
 */
import escapeHtml from "escape-html";
import type { PairSummary } from "../monitor/pair-report.ts";
import { visibleControlsOnly } from "../report/visible-text.ts";
import { blamed, type MatrixSummary, pairIsClean } from "./matrix-summary.ts";

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1b1b}
h1{font-size:20px;margin:0 0 4px}
p.meta{color:#555;margin:0 0 16px}
table{border-collapse:collapse}
th,td{border:1px solid #c8c8c8;padding:8px 10px;vertical-align:top}
thead th{background:#f2f2f2}
tbody th{background:#f7f7f7;text-align:left}
td{min-width:220px}
td.clean{background:#eef8ee}
td.faulty{background:#fff}
.end{font-weight:600}
.end.yes{color:#1a6b1a}
.end.no{color:#8a4b00}
ul{margin:4px 0 6px;padding-left:18px}
li.device{color:#0b4f9c}
li.server{color:#a3261a}
li.none{color:#555}
.tag{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;color:#fff;margin-right:4px}
.tag.device{background:#0b5cad}
.tag.server{background:#b3261e}
.legend{margin:16px 0 0;color:#333}
a{color:#1a4f8a}
`;

const SIDE_TAG = { device: "device", server: "server" } as const;

function text(s: string): string {
  return escapeHtml(visibleControlsOnly(s));
}

function cell(p: PairSummary | undefined, dir: string | undefined): string {
  if (!p || !dir) return `<td class="faulty"><span class="end no">not run</span></td>`;
  const clean = pairIsClean(p);
  const end = p.reachedEnd
    ? `<span class="end yes">reached END</span>`
    : `<span class="end no">did not reach END</span>`;
  const items: string[] = [];
  for (const side of ["device", "server"] as const) {
    for (const f of p.failures[side]) {
      items.push(
        `<li class="${side}" title="${text(f.message)}"><span class="tag ${side}">${SIDE_TAG[side]}</span>${text(f.clause)} ${text(f.verdict)}</li>`,
      );
    }
  }
  for (const s of p.sessions.filter((x) => !x.reachedEnd)) {
    const side = s.blame === "none" ? "none" : s.blame;
    const tag = side === "none" ? "" : `<span class="tag ${side}">${side}</span>`;
    items.push(`<li class="${side}">${tag}session ${s.index} (${s.kind}): ${text(s.reason)}</li>`);
  }
  if (p.stopped) {
    const side = p.stopped.blame === "none" ? "none" : p.stopped.blame;
    const tag = side === "none" ? "" : `<span class="tag ${side}">${side}</span>`;
    items.push(`<li class="${side}">${tag}${text(p.stopped.reason)}</li>`);
  }
  const sides = blamed(p);
  const verdict = clean ? "clean" : `to blame: ${sides.length ? sides.join(" and ") : "see the report"}`;
  return `<td class="${clean ? "clean" : "faulty"}" data-pair="${text(`${p.device}:${p.server}`)}">${end} · ${text(verdict)}${
    items.length ? `<ul>${items.join("")}</ul>` : "<br>"
  }<a href="${escapeHtml(encodeURI(`${dir}/report.html`))}">report</a></td>`;
}

export function matrixHtml(m: MatrixSummary): string {
  const by = new Map(m.pairs.map((p) => [`${p.summary.device}\u0000${p.summary.server}`, p]));
  const head = m.servers.map((s) => `<th scope="col">${text(s)}</th>`).join("");
  const rows = m.devices
    .map((d) => {
      const cells = m.servers
        .map((s) => {
          const p = by.get(`${d}\u0000${s}`);
          return cell(p?.summary, p?.dir);
        })
        .join("");
      return `<tr><th scope="row">${text(d)}</th>${cells}</tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>DM 2.0 interop matrix</title>
<style>${STYLE}</style>
</head>
<body>
<h1>DM 2.0 interop matrix</h1>
<p class="meta">${m.clean} of ${m.total} pair(s) clean · ${text(m.started)} – ${text(m.finished)} · devices down, servers across</p>
<table>
<thead><tr><th>device \\ server</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="legend"><span class="tag device">device</span>a DMC clause the device failed, or a session it stopped ·
<span class="tag server">server</span>a DMS clause the server failed, or a session it stopped ·
“reached END”: the first session ran to the server's END. Each report has both roles' verdicts and the wire evidence.</p>
</body>
</html>
`;
}
