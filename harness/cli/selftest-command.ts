/**
 * `selftest` (and `npm start`): both roles against the bundled reference implementations, in this
 * process, into one report. A conformant reference must come out certified; a harness that does
 * not certify its own reference is broken, which is what this command is for.
 *
 * Passes (selftest-passes.ts): the client suites against the reference device in each reading
 * profile; DMC-5.8.1-02 once more against a reference device without SIM or 3GPP connection (with
 * the default IXIT, TBD is never due and the clause would only be not-applicable); the server
 * suites against the reference server, whose notifications are pushed to the harness's sink
 * in-process. Compiled, they run side by side, each beyond the first in a worker thread.
 */
import { join, resolve } from "node:path";
import type { Worker } from "node:worker_threads";
import { loadCatalog } from "../catalog/catalog.ts";
import { DEFAULT_IXIT } from "../model/ixit.ts";
import { foldVerdicts } from "../model/verdict.ts";
import { generateTestPki } from "../pki/test-pki.ts";
import { READING_PROFILE_NAMES } from "../reference/device/index.ts";
import { addPhases, markStartUp } from "../runner/phases.ts";
import type { RunContext } from "../runner/run-context.ts";
import { listSuiteTests, type TestOutcome } from "../runner/suite-runner.ts";
import { type CommonOptions, checkClauses, SELFTEST_DEFAULTS } from "./common-options.ts";
import { finishRun, loadBaselineOption } from "./finish-run.ts";
import { harnessInfo } from "./harness-info.ts";
import { endEverything, interruptNotice, RunInterrupt } from "./interrupt.ts";
import type { CliIo } from "./io.ts";
import { defaultOutDir, prepareOutDir } from "./output-dir.ts";
import { allureSpec, headerOptions, recordedOptions } from "./run-command.ts";
import {
  type LocalPassSpec,
  passHeading,
  runSelftestPass,
  SELFTEST_PKI_HOSTS,
  type SelftestPassName,
  type SelftestPassSpec,
  TBD_CLAUSE,
} from "./selftest-passes.ts";
import type { SelftestWorkerCommand, SelftestWorkerData, SelftestWorkerMessage } from "./selftest-worker.ts";
import { takeWorker, WORKERS_AVAILABLE } from "./selftest-workers.ts";
import { clauseLine, headerLine, paint, type SettledClause } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";

export type SelftestOptions = CommonOptions;

/**
 * How a compiled self-test spreads its passes: this thread, and one worker (preloaded by main.ts).
 * Measured on 2 cores: more workers cost more start-up and contention than they save. A full
 * client pass takes ~2 s, the server pass ~0.6 s and the no-SIM pass ~0.3 s, so each full client
 * pass gets one of the short ones (the other split, no-SIM + default / alternative + server, was
 * 0.19 s slower in the median of 6 interleaved runs).
 */
const WORKER_GROUPS: SelftestPassName[][] = [
  ["default", "server"],
  ["no-sim", "alternative"],
];

/** How long a stopped worker may take to send what it judged before the partial report is written. */
const WORKER_STOP_BOUND_MS = 2000;

/** One line for a clause judged in several passes: the fold of their verdicts, the reason of the worst. */
function combine(passes: SettledClause[]): SettledClause {
  const verdict = foldVerdicts(passes.map((p) => p.verdict));
  const c: SettledClause = {
    clause: passes[0]!.clause,
    verdict,
    tests: passes.reduce((n, p) => n + p.tests, 0),
    durationMs: passes.reduce((n, p) => n + p.durationMs, 0),
  };
  const why = passes.find((x) => x.verdict === verdict)?.why;
  if (why !== undefined) c.why = why;
  return c;
}

/** `opts` as commander gives them: --timeout and --quiet-period default to SELFTEST_DEFAULTS. */
export async function selftestCommand(
  opts: SelftestOptions,
  io: CliIo,
  cwd = process.cwd(),
): Promise<number> {
  markStartUp();
  const catalog = loadCatalog();
  const byRole = checkClauses(catalog, opts.clause, ["client", "server"]);
  const filtered = (opts.clause?.length ?? 0) > 0;
  const runClient = !filtered || byRole.client.length > 0;
  const runServer = !filtered || byRole.server.length > 0;
  if (opts.grep !== undefined) {
    const grep = opts.grep;
    const counts = await Promise.all(
      (["client", "server"] as const).map(async (role) =>
        (role === "client" ? runClient : runServer)
          ? (await listSuiteTests(role, { ...(byRole[role].length ? { clauses: byRole[role] } : {}), grep }))
              .length
          : 0,
      ),
    );
    if (counts[0]! + counts[1]! === 0)
      throw new UsageError("no test matches the selection (--clause / --grep)");
  }
  const baseline = await loadBaselineOption(opts.baseline, catalog, cwd);
  const timeoutMs = opts.timeout;
  const quietMs = Math.min(opts.quietPeriod ?? SELFTEST_DEFAULTS.quietMs, timeoutMs);
  // One test PKI for every pass, made while the rest is set up (see SELFTEST_PKI_HOSTS).
  const pkiReady = generateTestPki({ hosts: SELFTEST_PKI_HOSTS });
  pkiReady.catch(() => undefined); // awaited by the passes; a failure reaches them
  const started = new Date();
  const outDir = opts.out ? resolve(cwd, opts.out) : defaultOutDir(cwd, "selftest", started);
  await prepareOutDir(outDir, opts.out ? "--out" : "--out (default)");
  const info = harnessInfo();
  const effective: CommonOptions = { ...opts, timeout: timeoutMs, quietPeriod: quietMs };
  io.out.write(
    `${headerLine({
      harness: `${info.name} ${info.version}`,
      iut: "selftest (reference device + reference server, in-process)",
      options: headerOptions(effective, outDir, cwd),
    })}\n`,
  );
  const allureEnvironment = {
    iut: "selftest: reference device and reference server",
    harness: `${info.name} ${info.version}`,
  };
  const reporter = await allureSpec(opts, outDir, catalog, allureEnvironment);
  const print = (s: SettledClause) => io.out.write(`${clauseLine(s, io.color)}\n`);
  const heading = (text: string) => `${paint(io.color, "bold", text)}\n`;
  // SIGINT, SIGTERM, SIGHUP: no further test starts, and what was judged becomes a partial report.
  const interrupt = new RunInterrupt(process, (signal) => io.err.write(`${interruptNotice(signal)}\n`));
  const outcomes: TestOutcome[] = [];
  const contexts: RunContext[] = [];
  const workers: Worker[] = [];
  const workerRuns: Promise<void>[] = [];
  interrupt.abort.signal.addEventListener("abort", () => {
    // Told, not terminated: a worker stops its pass as this thread does and sends what it judged
    // (terminating one while it generates a key aborts the whole process on Node 20).
    for (const w of workers) w.postMessage({ stop: true } satisfies SelftestWorkerCommand);
  });

  const spec = (name: SelftestPassName, clauses: string[]): Omit<SelftestPassSpec, "pki"> => ({
    name,
    outDir,
    timeoutMs,
    quietMs,
    strict: Boolean(opts.strict),
    maxPackages: opts.maxPackages,
    clauses,
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
    debug: Boolean(opts.debug),
  });
  // The no-SIM pass goes first: allure-mocha keeps a scope ID on each mocha Test, and a filtered
  // pass after a full one would find stale IDs on the tests it skipped (console noise only; in a
  // worker each pass has suites of its own).
  const clientPasses: Array<Omit<SelftestPassSpec, "pki">> = runClient
    ? [
        ...(!filtered || byRole.client.includes(TBD_CLAUSE) ? [spec("no-sim", [TBD_CLAUSE])] : []),
        ...READING_PROFILE_NAMES.map((profile) => spec(profile, byRole.client)),
      ]
    : [];
  const serverPass = runServer ? spec("server", byRole.server) : undefined;

  // A clause judged in several client passes (both reading profiles; DMC-5.8.1-02 also without a
  // SIM) gets one line, the fold of them all, once every client pass has settled it (or ended):
  // several lines of different verdicts for one clause would only confuse. Server lines follow.
  const held = new Map<string, SettledClause[]>();
  const expected = (id: string) =>
    clientPasses.filter((p) => p.name !== "no-sim" || id === TBD_CLAUSE).length;
  const onClientSettled = (s: SettledClause) => {
    const all = [...(held.get(s.clause.id) ?? []), s];
    held.set(s.clause.id, all);
    if (all.length === expected(s.clause.id)) {
      held.delete(s.clause.id);
      print(all.length > 1 ? combine(all) : s);
    }
  };
  let clientDone = clientPasses.length === 0;
  const serverLines: SettledClause[] = [];
  const onServerSettled = (s: SettledClause) => (clientDone ? print(s) : serverLines.push(s));
  const hooks = (onSettled: (s: SettledClause) => void, main: boolean) => ({
    catalog,
    ...(reporter ? { reporter } : {}),
    ...(main && io.status ? { status: io.status } : {}),
    onTest: (o: TestOutcome) => outcomes.push(o),
    signal: interrupt.abort.signal,
    onSettled,
  });
  // Compiled (dist/), every pass but the first runs in a worker thread beside it: passes share
  // nothing but the output folder, and a self-test's time is mostly quiet windows and TLS, which
  // overlap. Under tsx (the project's tests, `npm run dev`) they run one after another in this
  // thread: a Node 20 worker would not inherit tsx's loader.
  const inWorkers = WORKERS_AVAILABLE;
  const runHere = (p: LocalPassSpec, onSettled: (s: SettledClause) => void) =>
    runSelftestPass(p, hooks(onSettled, true), (ctx) => contexts.push(ctx));
  const settleOf = (p: Pick<SelftestPassSpec, "name">) =>
    p.name === "server" ? onServerSettled : onClientSettled;
  const runInWorker = (specs: SelftestPassSpec[]) =>
    new Promise<void>((done, fail) => {
      const data: SelftestWorkerData = {
        specs,
        ...(reporter
          ? { allure: { dir: join(outDir, "allure-results"), environment: allureEnvironment } }
          : {}),
      };
      const w = takeWorker();
      workers.push(w);
      w.postMessage(data);
      w.on("message", (m: SelftestWorkerMessage) => {
        if ("settled" in m) (m.pass === "server" ? onServerSettled : onClientSettled)(m.settled);
        else if ("test" in m) outcomes.push(m.test);
        else if ("ended" in m) passEnded(m.ended);
        else if ("done" in m) {
          if (m.phases) addPhases(m.phases.spans, m.phases.origin, "worker");
          void w.terminate().then(() => done());
        } else {
          void w.terminate();
          fail(Object.assign(new Error(m.failed.message), m.failed.stack ? { stack: m.failed.stack } : {}));
        }
      });
      w.on("error", fail);
      // Ended without a word: terminated by a signal (what it judged so far was already sent).
      w.on("exit", () => done());
    });
  /** Once every client pass ended: what no pass settled, then the server's heading and lines. */
  const endClient = () => {
    for (const passes of held.values()) print(combine(passes));
    held.clear();
    clientDone = true;
    if (serverPass) io.out.write(heading(passHeading("server")));
    for (const s of serverLines.splice(0)) print(s);
  };

  let clientLeft = clientPasses.length;
  const passEnded = (name: SelftestPassName) => {
    if (name !== "server" && --clientLeft === 0) endClient();
  };

  const passes = async () => {
    for (const p of clientPasses) io.out.write(heading(passHeading(p.name)));
    if (clientLeft === 0) endClient();
    const all = [...clientPasses, ...(serverPass ? [serverPass] : [])];
    // Compiled, the passes run in groups side by side: the first group in this thread (with the
    // progress line), the other in a worker; a group's passes run one after another.
    const plan = inWorkers
      ? WORKER_GROUPS.map((g) => all.filter((p) => g.includes(p.name))).filter((g) => g.length > 0)
      : [all];
    const [here = [], ...elsewhere] = plan;
    const stopped = interrupt.abort.signal;
    await Promise.all([
      (async () => {
        // This thread's passes start while the PKI is made (they await it where they serve it).
        for (const p of here) {
          if (stopped.aborted) break;
          await runHere({ ...p, pki: pkiReady }, settleOf(p));
          passEnded(p.name);
        }
      })(),
      ...elsewhere.map(async (g) => {
        // A worker is handed the PKI made (PEM text); a signal meanwhile: no worker is started.
        const pki = await pkiReady;
        if (stopped.aborted) return;
        const run = runInWorker(g.map((p) => ({ ...p, pki })));
        workerRuns.push(run);
        await run;
      }),
    ]);
  };
  try {
    await interrupt.race(passes());
    if (interrupt.signal) {
      // The workers were told to stop: their last outcomes belong in the partial report (bounded).
      let timer: NodeJS.Timeout | undefined;
      await Promise.all([
        ...contexts.map(endEverything),
        Promise.race([
          Promise.allSettled(workerRuns),
          new Promise((r) => (timer = setTimeout(r, WORKER_STOP_BOUND_MS))),
        ]),
      ]);
      clearTimeout(timer);
    }
    const judged = [...outcomes];

    const options = { selftest: true, ...recordedOptions(effective, outDir, cwd) };
    const { exitCode } = await finishRun({
      catalog,
      outcomes: judged,
      iut: {
        role: runClient && runServer ? "both" : runClient ? "client" : "server",
        target: "bundled reference device and reference server",
        deviceId: DEFAULT_IXIT.deviceId,
      },
      options,
      started,
      strict: Boolean(opts.strict),
      outDir,
      reporters: opts.reporter,
      cwd,
      io,
      // DMC-5.8.1-02's no-SIM pass has its own IXIT; the default declares it not applicable, and the
      // pass it gets from that pass stands on evidence.
      ixit: DEFAULT_IXIT,
      selection: {
        clauses: opts.clause ?? [],
        ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
      },
      ...(baseline ? { baseline } : {}),
      ...(opts.writeBaseline !== undefined ? { writeBaseline: opts.writeBaseline } : {}),
      ...(interrupt.signal ? { interrupted: interrupt.signal } : {}),
    });
    return interrupt.exitCode(exitCode);
  } finally {
    interrupt.dispose();
  }
}
