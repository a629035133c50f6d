/**
 * junit.xml of an interop matrix: one testcase per pair and side, so a CI test view shows at a
 * glance which implementation broke what against whom. A side fails when one of its clauses
 * failed or erred, or when it stopped a session (never connected, stalled, reset, flooded).
 */
import junitReportBuilder, { type Builder } from "junit-report-builder";
import { visibleControlsOnly, xmlSafe } from "../report/visible-text.ts";
import type { MatrixSummary } from "./matrix-summary.ts";

// CommonJS under an ES default export's typings, as harness/report/junit.ts explains.
const builder = junitReportBuilder as unknown as Builder;

const SIDES = ["device", "server"] as const;

function oneLine(text: string): string {
  return xmlSafe(visibleControlsOnly(text).replace(/\r\n|\r|\n/g, " | "));
}

export function matrixJunit(m: MatrixSummary): string {
  const report = builder.newBuilder();
  const suite = report.testSuite().name("interop matrix").timestamp(m.started.slice(0, 19));
  for (const { summary: p, dir } of m.pairs) {
    for (const side of SIDES) {
      const tc = suite
        .testCase()
        .className(`interop.${p.device}.${p.server}`)
        .name(`${side} (${side === "device" ? p.device : p.server})`);
      const failures = p.failures[side];
      const stops = [
        ...p.sessions
          .filter((s) => !s.reachedEnd && s.blame === side)
          .map((s) => `session ${s.index}: ${s.reason}`),
        ...(p.stopped && p.stopped.blame === side ? [p.stopped.reason] : []),
      ];
      if (failures.length > 0 || stops.length > 0) {
        const lines = [...failures.map((f) => `${f.clause} ${f.verdict}: ${f.message}`), ...stops];
        tc.failure(oneLine(lines[0]!), failures[0]?.clause ?? "session");
        tc.standardOutput(xmlSafe(visibleControlsOnly(`${lines.join("\n")}\n\nreport: ${dir}/report.html`)));
      } else {
        tc.standardOutput(`report: ${dir}/report.html`);
      }
    }
  }
  return report.build();
}
