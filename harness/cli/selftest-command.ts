/**
 * `selftest` (and `npm start`): both roles against the bundled reference implementations, in this
 * process, into one report. A conformant reference must come out certified; a harness that does
 * not certify its own reference is broken, which is what this command is for.
 *
 * Passes: the client suites against the reference device; DMC-5.8.1-02 once more against a
 * reference device without SIM or 3GPP connection (with the default IXIT, TBD is never due and the
 * clause would only be not-applicable); the server suites against the reference server, whose
 * notifications are pushed to the harness's sink in-process.
 */
import { join, resolve } from "node:path";
import { loadCatalog } from "../catalog/catalog.ts";
import { NOTIFY_HOOK_KEY, type NotifyHook } from "../client-role/notify-trigger.ts";
import { DEFAULT_IXIT, type Ixit } from "../model/ixit.ts";
import { foldVerdicts } from "../model/verdict.ts";
import { createReferenceDevice, READING_PROFILE_NAMES, READING_PROFILES } from "../reference/device/index.ts";
import { startReferenceServer } from "../reference/server/index.ts";
import { markStartUp, phasesOn, phaseTable } from "../runner/phases.ts";
import { DEFAULT_BODY_LIMIT, type RunContext } from "../runner/run-context.ts";
import { listSuiteTests, type TestOutcome } from "../runner/suite-runner.ts";
import { QUIET_MS_KEY } from "../server-role/quiet.ts";
import { type CommonOptions, checkClauses, SELFTEST_DEFAULTS } from "./common-options.ts";
import { finishRun, loadBaselineOption } from "./finish-run.ts";
import { harnessInfo } from "./harness-info.ts";
import { endEverything, interruptNotice, RunInterrupt } from "./interrupt.ts";
import type { CliIo } from "./io.ts";
import { defaultOutDir, prepareOutDir } from "./output-dir.ts";
import { type RolePass, runRolePass } from "./role-pass.ts";
import { allureSpec, headerOptions, recordedOptions } from "./run-command.ts";
import { clauseLine, headerLine, paint, type SettledClause } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";

export type SelftestOptions = CommonOptions;

const TBD_CLAUSE = "DMC-5.8.1-02";
const NO_SIM_IXIT: Partial<Ixit> = { mcc: null, mnc: null, cmcc: null, cmnc: null };

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
  const reporter = await allureSpec(opts, outDir, catalog, {
    iut: "selftest: reference device and reference server",
    harness: `${info.name} ${info.version}`,
  });
  const context = (role: RunContext["role"], sub: string, ixit: Partial<Ixit> = {}): RunContext => ({
    role,
    ixit: { ...DEFAULT_IXIT, ...ixit },
    timeoutMs,
    outDir: sub ? join(outDir, sub) : outDir,
    strict: Boolean(opts.strict),
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: opts.maxPackages,
    shared: new Map<string, unknown>([[QUIET_MS_KEY, quietMs]]),
  });
  const print = (s: SettledClause) => io.out.write(`${clauseLine(s, io.color)}\n`);
  // A clause judged in several client passes (both reading profiles; DMC-5.8.1-02 also without a
  // SIM) gets one line, the fold of them all, when the last pass settles it: several lines of
  // different verdicts for one clause would only confuse.
  const held = new Map<string, SettledClause[]>();
  // SIGINT, SIGTERM, SIGHUP: no further test starts, and what was judged becomes a partial report.
  const interrupt = new RunInterrupt(process, (signal) => io.err.write(`${interruptNotice(signal)}\n`));
  const outcomes: TestOutcome[] = [];
  const contexts: RunContext[] = [];
  const hooks = (holdFirst: boolean) => ({
    catalog,
    ...(reporter ? { reporter } : {}),
    ...(io.status ? { status: io.status } : {}),
    onTest: (o: TestOutcome) => outcomes.push(o),
    signal: interrupt.abort.signal,
    onSettled: (s: SettledClause) => {
      const earlier = held.get(s.clause.id) ?? [];
      if (holdFirst) held.set(s.clause.id, [...earlier, s]);
      else {
        held.delete(s.clause.id);
        print(earlier.length > 0 ? combine([...earlier, s]) : s);
      }
    },
  });
  const select = (clauses: string[]): Pick<RolePass, "clauses" | "grep"> => ({
    ...(clauses.length ? { clauses } : {}),
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
  });
  const debugLog = (who: string) =>
    opts.debug
      ? (e: { kind: string; detail?: string }) => io.err.write(`[${who}] ${e.kind} ${e.detail ?? ""}\n`)
      : undefined;
  const heading = (text: string) => `${paint(io.color, "bold", text)}\n`;

  const passes = async () => {
    if (runClient) {
      const log = debugLog("device");
      // The no-SIM pass goes first: allure-mocha keeps a scope ID on each mocha Test, and a filtered
      // pass after a full one would find stale IDs on the tests it skipped (console noise only).
      if (!filtered || byRole.client.includes(TBD_CLAUSE)) {
        io.out.write(heading("client role: the reference device without SIM or 3GPP connection is the IUT"));
        const noSim = createReferenceDevice({
          timeoutMs,
          noSim: true,
          noCellular: true,
          ...(log ? { onEvent: log } : {}),
        });
        try {
          const ctx = {
            ...context("client", "no-sim-device", NO_SIM_IXIT),
            client: { device: noSim.adapter, host: "127.0.0.1" },
          };
          const pass = {
            context: ctx,
            ...select([TBD_CLAUSE]),
            label: "reference device without SIM or 3GPP connection",
          };
          contexts.push(ctx);
          await runRolePass(pass, hooks(true));
        } finally {
          await noSim.adapter.close();
        }
      }
      // Both reading profiles: the default device, then one taking the other lawful reading at every
      // point where the draft allows two; a clause certifies only when both show it.
      for (const [i, profile] of READING_PROFILE_NAMES.entries()) {
        const last = i === READING_PROFILE_NAMES.length - 1;
        io.out.write(
          heading(
            profile === "default"
              ? "client role: the harness is the DM server, the reference device is the IUT"
              : `client role: the reference device with the ${profile} reading profile is the IUT`,
          ),
        );
        const device = createReferenceDevice({
          timeoutMs,
          readingProfile: profile,
          ...(log ? { onEvent: log } : {}),
        });
        try {
          const ctx = {
            ...context(
              "client",
              profile === "default" ? "" : `${profile}-readings`,
              READING_PROFILES[profile].ixit,
            ),
            client: { device: device.adapter, host: "127.0.0.1" },
          };
          contexts.push(ctx);
          const pass = {
            context: ctx,
            ...select(byRole.client),
            ...(profile === "default" ? {} : { label: `reference device, ${profile} reading profile` }),
          };
          await runRolePass(pass, hooks(!last));
        } finally {
          await device.adapter.close();
        }
      }
      for (const passes of held.values()) print(combine(passes));
      held.clear();
    }

    if (runServer) {
      io.out.write(heading("server role: the harness is the device, the reference server is the IUT"));
      const server = await startReferenceServer({ notifyTimeoutMs: timeoutMs });
      try {
        const ctx: RunContext = {
          ...context("server", ""),
          server: { url: server.url, caPem: server.caPem },
        };
        const notify: NotifyHook = (pushUrl, deviceId) => server.notify(pushUrl, deviceId);
        ctx.shared.set(NOTIFY_HOOK_KEY, notify);
        contexts.push(ctx);
        await runRolePass({ context: ctx, ...select(byRole.server) }, hooks(false));
      } finally {
        await server.close();
      }
    }
  };
  try {
    await interrupt.race(passes());
    if (interrupt.signal) await Promise.all(contexts.map(endEverything));
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
    if (phasesOn()) io.err.write(phaseTable());
    return interrupt.exitCode(exitCode);
  } finally {
    interrupt.dispose();
  }
}
