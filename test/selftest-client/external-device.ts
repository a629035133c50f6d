/**
 * The client suites against the reference device as an external process (main.ts behind the
 * trigger contract): one Node process per session, configured through its environment
 * (DM20_REF_FAULTS, DM20_REF_PROFILE, …). Each process starts node (about 0.25 s of CPU), so keep
 * to clauses whose tests need few sessions.
 */
import { join, resolve } from "node:path";
import { TriggerAdapter } from "../../harness/iut/trigger-adapter.ts";
import type { Ixit } from "../../harness/model/ixit.ts";
import { runSuites, type TestOutcome } from "../../harness/runner/suite-runner.ts";
import { clientContext } from "./context.ts";

/** A bound, not a wait: each session starts a node process, which on a loaded machine takes seconds. */
const EXTERNAL_TIMEOUT_MS = 30_000;

export interface ExternalRun {
  outcomes: TestOutcome[];
  /** What the device processes printed. */
  output: string;
}

export async function runExternalReferenceDevice(opts: {
  /** A folder of the caller's: the run's CA and the device's state file go there. */
  dir: string;
  /** DM20_REF_* variables for every device process (DM20_REF_STATE is set here). */
  env: Record<string, string>;
  clauses: string[];
  ixit?: Partial<Ixit>;
}): Promise<ExternalRun> {
  // The compiled command the README gives a vendor (npm test builds dist/ first).
  const bin = resolve("bin/dm20-conformance.js");
  // The harness may judge a session before its device process has printed how it ended (the
  // process still saves its state): wait for that line, bounded, before ending the processes.
  let ended: () => void = () => {};
  const endedLine = new Promise<void>((r) => {
    ended = r;
  });
  let seen = "";
  const adapter = new TriggerAdapter({
    command: `node ${bin} reference-device`,
    cwd: resolve("."),
    extraEnv: { DM20_REF_STATE: join(opts.dir, "state.json"), ...opts.env },
    onOutput: (text) => {
      seen += text;
      if (/\[ref-device\] result: ended/.test(seen)) ended();
    },
  });
  try {
    const outcomes = await runSuites({
      role: "client",
      clauses: opts.clauses,
      context: clientContext(adapter, {
        timeoutMs: EXTERNAL_TIMEOUT_MS,
        outDir: opts.dir,
        ...(opts.ixit ? { ixit: opts.ixit } : {}),
      }),
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([endedLine, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    return { outcomes, output: adapter.output() };
  } finally {
    await adapter.close();
  }
}
