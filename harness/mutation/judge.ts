/**
 * Applies an operator to a fresh copy of its recording and judges the result with the very checks
 * a live run uses: for a device, the client suites replayed from the mutated recording
 * (replayContext), for a server, the DMS checks. A fault is killed when its clause fails with an
 * excerpt of the wire; a lawful variation is accepted when every clause keeps the verdict the
 * conformant recording earned.
 */
import { SERVER_CHECKS, SERVER_CLAUSES, type ServerCheckOptions } from "../checks/server/index.ts";
import { quotesTheWire } from "../model/evidence.ts";
import type { CheckResult, Verdict } from "../model/verdict.ts";
import { clauseVerdicts, runSuites } from "../runner/suite-runner.ts";
import { type RecordedScenario, replayContext } from "../server-role/index.ts";
import type { DeviceOperator, MutationOperator, ServerOperator } from "./operator.ts";
import { type DeviceRecording, deviceRunContext, type Recordings } from "./record.ts";

export const SERVER_OPTIONS: ServerCheckOptions = { notifyConfigured: true, maxPackages: 50 };

export type Outcome = "killed" | "survived" | "accepted" | "flagged";

export interface Judgement {
  operator: MutationOperator;
  outcome: Outcome;
  /** The verdict of the operator's clause after the mutation. */
  verdict: Verdict | "missing";
  /** Why a fault survived, or what a lawful variation changed; the failing message of a kill. */
  detail: string;
}

/** A replay never wakes a device: an adapter that says so if it is ever asked. */
const NO_DEVICE = {
  describe: () => "replay of a recorded run",
  wake: () => Promise.reject(new Error("a replayed run wakes no device")),
  close: () => Promise.resolve(),
};

interface Judged {
  verdicts: Map<string, Verdict>;
  results: CheckResult[];
}

async function replay(
  rec: DeviceRecording,
  scenarios: RecordedScenario[],
  clauses?: string[],
): Promise<Judged> {
  const base = deviceRunContext(NO_DEVICE, rec.ixit, "/nonexistent/replay");
  base.shared.set("client-suites.tag", rec.tag);
  const selection = clauses ?? rec.clauses;
  const outcomes = await runSuites({
    role: "client",
    context: replayContext(base, scenarios),
    ...(selection ? { clauses: selection } : {}),
  });
  return { verdicts: clauseVerdicts(outcomes), results: outcomes.flatMap((o) => o.results) };
}

function judgeServer(t: Parameters<ServerOperator["mutate"]>[0]): Judged {
  const results = SERVER_CLAUSES.map((c) => SERVER_CHECKS[c](t, SERVER_OPTIONS));
  return { verdicts: new Map(results.map((r) => [r.clause, r.verdict])), results };
}

function summary(results: CheckResult[], clause: string): string {
  return results
    .filter((r) => r.clause === clause && r.verdict !== "pass")
    .map((r) => r.message)
    .join(" | ");
}

export class MutationBench {
  private baselines = new Map<string, Map<string, Verdict>>();

  constructor(readonly recordings: Recordings) {}

  private deviceRecording(op: DeviceOperator): DeviceRecording {
    return this.recordings.devices[op.recording ?? "default"];
  }

  /** The verdicts of the unmutated recording (per recording), which lawful variations must keep. */
  async baseline(which: "server" | DeviceRecording["name"]): Promise<Map<string, Verdict>> {
    let b = this.baselines.get(which);
    if (!b) {
      b =
        which === "server"
          ? judgeServer(this.recordings.server.fresh()).verdicts
          : (await replay(this.recordings.devices[which], this.recordings.devices[which].fresh())).verdicts;
      this.baselines.set(which, b);
    }
    return b;
  }

  async judge(op: MutationOperator): Promise<Judgement> {
    try {
      return await this.judgeOrThrow(op);
    } catch (err) {
      // An operator that cannot edit the recording proves nothing: never a kill, never accepted.
      return {
        operator: op,
        outcome: op.kind === "fault" ? "survived" : "flagged",
        verdict: "missing",
        detail: `the operator could not be applied: ${(err as Error).message}`,
      };
    }
  }

  private async judgeOrThrow(op: MutationOperator): Promise<Judgement> {
    let judged: Judged;
    let baseline: Map<string, Verdict>;
    if (op.role === "server") {
      const t = this.recordings.server.fresh();
      op.mutate(t);
      judged = judgeServer(t);
      baseline = await this.baseline("server");
    } else {
      const rec = this.deviceRecording(op);
      const scenarios = rec.fresh();
      op.mutate(scenarios);
      // A fault needs only its own clause's tests; a lawful variation is judged on every clause.
      judged = await replay(rec, scenarios, op.kind === "fault" ? [op.clause] : undefined);
      baseline = await this.baseline(rec.name);
    }
    const verdict = judged.verdicts.get(op.clause) ?? "missing";
    if (op.kind === "fault") {
      const failing = judged.results.filter((r) => r.clause === op.clause && r.verdict === "fail");
      if (verdict !== "fail")
        return { operator: op, outcome: "survived", verdict, detail: summary(judged.results, op.clause) };
      if (!failing.some(quotesTheWire))
        return { operator: op, outcome: "survived", verdict, detail: "failed without quoting the wire" };
      return { operator: op, outcome: "killed", verdict, detail: failing.map((r) => r.message).join(" | ") };
    }
    const changed = [...baseline].filter(([c, v]) => (judged.verdicts.get(c) ?? "missing") !== v);
    if (changed.length === 0) return { operator: op, outcome: "accepted", verdict, detail: "" };
    return {
      operator: op,
      outcome: "flagged",
      verdict,
      detail: changed
        .map(([c, v]) => `${c} ${v} -> ${judged.verdicts.get(c) ?? "missing"}: ${summary(judged.results, c)}`)
        .join(" || "),
    };
  }
}
