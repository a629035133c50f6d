/**
 * What a monitored pair leaves behind, with the project's own report writers: report.json,
 * junit.xml and report.html for both roles (one test per clause, judged on the monitored
 * sessions), the wire evidence of every session (both legs, as transcripts), and pair.json — the
 * summary the interop matrix is built from.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCatalog } from "../catalog/catalog.ts";
import { harnessInfo } from "../cli/harness-info.ts";
import type { Transcript } from "../model/transcript.ts";
import { type CheckResult, foldVerdicts, type Verdict } from "../model/verdict.ts";
import { buildReport } from "../report/build-report.ts";
import type { Report } from "../report/report-model.ts";
import { writeReports } from "../report/write-reports.ts";
import type { TestOutcome } from "../runner/suite-runner.ts";
import { transcriptToJson } from "../transport/transcript-json.ts";
import type { MonitorJudgement } from "./judge-monitored.ts";
import type { Blame, SessionKind } from "./monitored-session.ts";
import type { PlanResult } from "./session-plan.ts";

export const PAIR_FILE = "pair.json";

export type Side = "device" | "server";

export interface PairSummary {
  format: "dm20-interop-pair/1";
  device: string;
  server: string;
  /** Every session of the plan ran to END (and the notification step, where there is one, worked). */
  completed: boolean;
  /** The first session reached END. */
  reachedEnd: boolean;
  sessions: Array<{ index: number; kind: SessionKind; reachedEnd: boolean; blame: Blame; reason: string }>;
  /** Why the plan stopped before any session, when it did (a notification that never came…). */
  stopped?: { blame: Blame; reason: string };
  /** Clauses that failed or erred, per side to blame, with the first message. */
  failures: Record<Side, Array<{ clause: string; verdict: Verdict; message: string }>>;
  verdicts: Record<string, Verdict>;
  /** Paths relative to the pair folder. */
  report: string;
  started: string;
  finished: string;
}

export interface PairReportInput {
  outDir: string;
  device: string;
  server: string;
  deviceId: string;
  target: string;
  options: Record<string, unknown>;
  plan: PlanResult;
  judgement: MonitorJudgement;
  started: Date;
}

function title(clause: string, results: CheckResult[]): string {
  const side = clause.startsWith("DMC-") ? "the device" : "the server";
  return `[${clause}] ${side}, judged on the monitored session${results.length > 1 ? "s" : ""}`;
}

/** One test outcome per clause, as the report builder takes them from a mocha run. */
function outcomesOf(results: CheckResult[]): TestOutcome[] {
  const by = new Map<string, CheckResult[]>();
  for (const r of results) by.set(r.clause, [...(by.get(r.clause) ?? []), r]);
  return [...by].map(([clause, rs]) => {
    const verdict = foldVerdicts(rs.map((r) => r.verdict));
    return {
      title: title(clause, rs),
      fullTitle: `monitor ${title(clause, rs)}`,
      clauses: [clause],
      state: verdict === "fail" || verdict === "error" ? "failed" : "passed",
      durationMs: 0,
      results: rs,
      verdicts: { [clause]: verdict },
    };
  });
}

async function writeTranscript(dir: string, name: string, t: Transcript): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), `${JSON.stringify(transcriptToJson(t), null, 1)}\n`);
}

export async function writePairReport(
  input: PairReportInput,
): Promise<{ report: Report; summary: PairSummary }> {
  const { plan, judgement } = input;
  const report = buildReport({
    catalog: loadCatalog(),
    outcomes: outcomesOf([...judgement.device, ...judgement.server]),
    iut: { role: "both", target: input.target, deviceId: input.deviceId },
    options: input.options,
    started: input.started,
    finished: new Date(),
    strict: false,
    harness: harnessInfo(),
  });
  await writeReports(report, input.outDir);
  const wire = join(input.outDir, "wire");
  if (plan.notification) await writeTranscript(wire, "pkg0-server-leg.json", plan.notification.serverLeg);
  for (const s of plan.sessions) {
    const dir = join(wire, `session-${s.index}-${s.kind}`);
    await writeTranscript(dir, "device-leg.json", s.deviceLeg);
    await writeTranscript(dir, "server-leg.json", s.serverLeg);
  }
  const failures: PairSummary["failures"] = { device: [], server: [] };
  for (const c of report.clauses) {
    if (c.verdict !== "fail" && c.verdict !== "error") continue;
    const message = c.tests.find((t) => t.verdict === c.verdict)?.message ?? "";
    failures[c.role === "client" ? "device" : "server"].push({ clause: c.id, verdict: c.verdict, message });
  }
  const sessions = plan.sessions.map((s) => ({
    index: s.index,
    kind: s.kind,
    reachedEnd: s.ending.reachedEnd,
    blame: s.ending.blame,
    reason: s.ending.reason,
  }));
  const stopped = plan.notification?.failed;
  const summary: PairSummary = {
    format: "dm20-interop-pair/1",
    device: input.device,
    server: input.server,
    completed: !stopped && sessions.length > 0 && sessions.every((s) => s.reachedEnd),
    reachedEnd: sessions[0]?.reachedEnd ?? false,
    sessions,
    ...(stopped ? { stopped: { blame: stopped.blame, reason: stopped.reason } } : {}),
    failures,
    verdicts: Object.fromEntries(report.clauses.map((c) => [c.id, c.verdict])),
    report: "report.html",
    started: report.started,
    finished: report.finished,
  };
  await writeFile(join(input.outDir, PAIR_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  return { report, summary };
}
