/**
 * `run --iut client|server`: test one implementation against the role's suites.
 *
 * Everything that can be wrong before a test runs is checked first (options, IXIT, --clause IDs,
 * the IUT's reachability, the trigger command, the listening address) and raised as UsageError,
 * so a set-up mistake costs one line and exit 2, never a report full of errors.
 */
import { resolve } from "node:path";
import { type Catalog, loadCatalog, type Role } from "../catalog/catalog.ts";
import { ManualAdapter } from "../iut/manual-adapter.ts";
import { PushAdapter } from "../iut/push-adapter.ts";
import { TriggerAdapter } from "../iut/trigger-adapter.ts";
import { type Ixit, IxitError, loadIxit } from "../model/ixit.ts";
import { CA_FILE, readSavedCa, type SavedCa } from "../pki/test-pki.ts";
import { allureReporterFor, clearAllureResults, type ReporterSpec } from "../report/allure.ts";
import { markStartUp } from "../runner/phases.ts";
import {
  DEFAULT_BODY_LIMIT,
  type DeviceAdapter,
  type RunContext,
  setRunContext,
} from "../runner/run-context.ts";
import { listSuiteTests, type TestOutcome } from "../runner/suite-runner.ts";
import { runPki, SAVED_CA_KEY } from "../server-role/pki.ts";
import { PORT_RANGE_KEY, type PortRange, rangeText } from "../server-role/port-pool.ts";
import { QUIET_MS_KEY } from "../server-role/quiet.ts";
import { MAX_SESSIONS_KEY } from "../server-role/session-slots.ts";
import { type CommonOptions, checkClauses, RUN_DEFAULTS } from "./common-options.ts";
import { finishRun, loadBaselineOption, shown } from "./finish-run.ts";
import { harnessInfo } from "./harness-info.ts";
import { endEverything, interruptNotice, RunInterrupt } from "./interrupt.ts";
import type { CliIo } from "./io.ts";
import { defaultOutDir, prepareOutDir } from "./output-dir.ts";
import {
  checkCommand,
  checkListen,
  checkPortRange,
  parseHttpUrl,
  probeTcp,
  probeTlsServer,
  readCaFile,
} from "./preflight.ts";
import { runRolePass } from "./role-pass.ts";
import { clauseLine, headerLine } from "./terminal.ts";
import { UsageError } from "./usage-error.ts";

export interface RunOptions extends CommonOptions {
  iut: Role;
  ixit?: string;
  // client
  trigger?: string;
  push?: string;
  pushCa?: string;
  manual?: boolean;
  sessions?: number;
  pki?: string;
  host: string;
  publicHost?: string;
  port?: PortRange;
  // server
  url?: string;
  ca?: string;
  notifyCmd?: string;
}

const CLIENT_ONLY = ["trigger", "push", "pushCa", "manual", "sessions", "pki", "publicHost", "port"] as const;
const SERVER_ONLY = ["url", "ca", "notifyCmd"] as const;
const FLAG: Record<string, string> = {
  trigger: "--trigger",
  push: "--push",
  pushCa: "--push-ca",
  manual: "--manual",
  sessions: "--sessions",
  pki: "--pki",
  publicHost: "--public-host",
  port: "--port",
  url: "--url",
  ca: "--ca",
  notifyCmd: "--notify-cmd",
};

function checkRoleOptions(opts: RunOptions): void {
  const foreign = opts.iut === "client" ? SERVER_ONLY : CLIENT_ONLY;
  for (const key of foreign) {
    if (opts[key] !== undefined) throw new UsageError(`${FLAG[key]} is not an option of --iut ${opts.iut}`);
  }
  if (opts.iut === "client") {
    const ways = [opts.trigger !== undefined, opts.push !== undefined, opts.manual === true].filter(Boolean);
    if (ways.length !== 1) {
      throw new UsageError("--iut client needs exactly one of --trigger <cmd>, --push <url>, --manual");
    }
    if (opts.pushCa !== undefined && opts.push === undefined)
      throw new UsageError("--push-ca goes with --push");
  } else {
    if (!opts.url) throw new UsageError("--iut server needs --url <https://host:port/path>");
    if (!opts.ca) throw new UsageError("--iut server needs --ca <file> (the CA of the server's certificate)");
  }
}

async function readIxit(path: string | undefined): Promise<Ixit> {
  try {
    return await loadIxit(path);
  } catch (e) {
    if (e instanceof IxitError) throw new UsageError(e.message);
    throw e;
  }
}

interface Prepared {
  context: RunContext;
  target: string;
  /** Printed after the header: what the pre-flight saw that is a finding, not a set-up error. */
  warnings: string[];
  /** What must exist before the first test, made once the output folder is there. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

async function prepareClient(opts: RunOptions, base: Omit<RunContext, "role">, io: CliIo): Promise<Prepared> {
  await checkListen(opts.host, 0, "--host");
  if (opts.port) await checkPortRange(opts.host, opts.port);
  let device: DeviceAdapter;
  if (opts.trigger !== undefined) {
    await checkCommand(opts.trigger, "--trigger");
    device = new TriggerAdapter({
      command: opts.trigger,
      ...(opts.debug ? { onOutput: (text: string) => io.err.write(prefixLines("[trigger] ", text)) } : {}),
    });
  } else if (opts.push !== undefined) {
    const url = parseHttpUrl(opts.push, "--push", ["http:", "https:"]);
    const caPem = opts.pushCa ? await readCaFile(opts.pushCa, "--push-ca") : undefined;
    await probeTcp(url, "--push", Math.min(opts.timeout, 10_000));
    device = new PushAdapter({ url: url.href, timeoutMs: opts.timeout, ...(caPem ? { caPem } : {}) });
  } else {
    device = new ManualAdapter({ out: io.err });
  }
  const context: RunContext = {
    ...base,
    role: "client",
    client: { device, host: opts.host, ...(opts.publicHost ? { publicHost: opts.publicHost } : {}) },
  };
  // The run's CA exists before the first wake-up, so an operator (--manual, --push) can install it
  // first; runPki memoises it in the context, and the suites use the same one.
  const ready = async () => {
    setRunContext(context);
    try {
      await runPki();
    } finally {
      setRunContext(undefined);
    }
  };
  return { context, target: device.describe(), warnings: [], ready, close: () => device.close() };
}

async function prepareServer(opts: RunOptions, base: Omit<RunContext, "role">): Promise<Prepared> {
  const url = parseHttpUrl(opts.url!, "--url");
  const caPem = await readCaFile(opts.ca!, "--ca");
  if (opts.notifyCmd !== undefined) await checkCommand(opts.notifyCmd, "--notify-cmd");
  const probe = await probeTlsServer(url, caPem, Math.min(opts.timeout, 10_000));
  const warnings = probe.certificateProblem
    ? [
        `the server's certificate does not verify against --ca for ${url.hostname} (${probe.certificateProblem}): DMS-5.3-02 will fail, and no session can run`,
      ]
    : [];
  const context: RunContext = {
    ...base,
    role: "server",
    server: { url: url.href, caPem, ...(opts.notifyCmd ? { notifyCmd: opts.notifyCmd } : {}) },
  };
  return { context, target: url.href, warnings, ready: async () => {}, close: async () => {} };
}

function prefixLines(prefix: string, text: string): string {
  return `${text
    .split(/\r?\n/)
    .filter((l, i, all) => l !== "" || i < all.length - 1)
    .map((l) => prefix + l)
    .join("\n")}\n`;
}

/** Options whose value is a path: recorded absolute, so the report stands on its own. */
const PATH_OPTIONS = new Set(["ixit", "pushCa", "pki", "ca"]);
/** Names report.json has always used for the waits (milliseconds in the name). */
const RECORDED_NAME: Record<string, string> = { timeout: "timeoutMs", quietPeriod: "quietPeriodMs" };

/**
 * The options as report.json records them: every option the run used, as given or defaulted
 * (paths absolute, the port range as typed), so the report says how it was made.
 */
export function recordedOptions(
  opts: CommonOptions & Partial<RunOptions>,
  outDir: string,
  cwd: string,
): Record<string, unknown> {
  const o: Record<string, unknown> = opts.iut ? { iut: opts.iut, out: outDir } : { out: outDir };
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined || key === "iut" || key === "out") continue;
    // --host has a default but means nothing to a server run.
    if (key === "host" && opts.iut === "server") continue;
    const name = RECORDED_NAME[key] ?? key;
    if (PATH_OPTIONS.has(key)) o[name] = resolve(cwd, value as string);
    else if (key === "port") o[name] = rangeText(value as PortRange);
    else o[name] = value;
  }
  o.strict = Boolean(opts.strict);
  return o;
}

/** Reporter spec for allure (clearing stale results first), when chosen. */
export async function allureSpec(
  opts: CommonOptions,
  outDir: string,
  catalog: Catalog,
  environment: Record<string, string>,
): Promise<ReporterSpec | undefined> {
  if (!opts.reporter.includes("allure")) return undefined;
  const dir = resolve(outDir, "allure-results");
  await clearAllureResults(dir);
  return allureReporterFor(dir, { catalog, environment });
}

export function headerOptions(opts: CommonOptions, outDir: string, cwd: string): [string, string][] {
  const parts: [string, string][] = [
    ["timeout", `${opts.timeout} ms`],
    ["strict", opts.strict ? "on" : "off"],
    ["clauses", opts.clause?.join(",") ?? "all"],
  ];
  if (opts.grep !== undefined) parts.push(["grep", JSON.stringify(opts.grep)]);
  if (opts.quietPeriod !== undefined) parts.push(["quiet", `${opts.quietPeriod} ms`]);
  const sessions = (opts as Partial<RunOptions>).sessions;
  if (sessions !== undefined) parts.push(["sessions", `at most ${sessions} at once`]);
  const port = (opts as Partial<RunOptions>).port;
  if (port !== undefined) parts.push(["ports", rangeText(port)]);
  parts.push(["reporters", opts.reporter.join(",")], ["out", shown(outDir, cwd)]);
  return parts;
}

async function readCa(dir: string): Promise<SavedCa> {
  try {
    return await readSavedCa(dir);
  } catch (e) {
    throw new UsageError(`--pki: ${(e as Error).message}`);
  }
}

/** A selection that matches no test is a usage error, found before anything starts. */
export async function requireTests(role: Role, clauses: string[], grep: string | undefined): Promise<void> {
  const selected = await listSuiteTests(role, {
    ...(clauses.length ? { clauses } : {}),
    ...(grep !== undefined ? { grep } : {}),
  });
  if (selected.length === 0)
    throw new UsageError(`no ${role} test matches the selection (--clause / --grep)`);
}

export async function runCommand(opts: RunOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  markStartUp();
  checkRoleOptions(opts);
  const catalog = loadCatalog();
  const clauses = checkClauses(catalog, opts.clause, [opts.iut])[opts.iut];
  const ixit = await readIxit(opts.ixit);
  await requireTests(opts.iut, clauses, opts.grep);
  const baseline = await loadBaselineOption(opts.baseline, catalog, cwd);
  const started = new Date();
  const outDir = opts.out ? resolve(cwd, opts.out) : defaultOutDir(cwd, opts.iut, started);
  const shared = new Map<string, unknown>();
  shared.set(QUIET_MS_KEY, opts.quietPeriod ?? RUN_DEFAULTS.quietMs);
  if (opts.sessions !== undefined) shared.set(MAX_SESSIONS_KEY, opts.sessions);
  if (opts.port !== undefined) shared.set(PORT_RANGE_KEY, opts.port);
  if (opts.pki !== undefined) shared.set(SAVED_CA_KEY, await readCa(resolve(cwd, opts.pki)));
  const base: Omit<RunContext, "role"> = {
    ixit,
    timeoutMs: opts.timeout,
    outDir,
    strict: Boolean(opts.strict),
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: opts.maxPackages,
    shared,
  };
  const prepared =
    opts.iut === "client" ? await prepareClient(opts, base, io) : await prepareServer(opts, base);
  // Made last, once every other check passed, so a set-up error leaves no empty folder behind.
  try {
    await prepareOutDir(outDir, opts.out ? "--out" : "--out (default)");
    await prepared.ready();
  } catch (e) {
    await prepared.close();
    throw e;
  }

  const info = harnessInfo();
  const iutText = `${opts.iut} (${prepared.target})${opts.ixit ? `, IXIT ${opts.ixit}` : ", default IXIT"}`;
  io.out.write(
    `${headerLine({ harness: `${info.name} ${info.version}`, iut: iutText, options: headerOptions(opts, outDir, cwd) })}\n`,
  );
  if (opts.iut === "client")
    io.out.write(
      opts.pki
        ? `  the device must trust ${shown(resolve(cwd, opts.pki, CA_FILE), cwd)} (the CA of --pki; a copy in ${shown(resolve(outDir, "pki"), cwd)})\n`
        : `  the device must trust ${shown(resolve(outDir, "pki", CA_FILE), cwd)} (a new CA for this run; --pki keeps one)\n`,
    );

  const reporter = await allureSpec(opts, outDir, catalog, {
    iut: iutText,
    harness: `${info.name} ${info.version}`,
  });
  // SIGINT, SIGTERM and SIGHUP stop the run alike: what was judged until then becomes a partial
  // report, after every process and listener the run started has ended.
  const interrupt = new RunInterrupt(process, (signal) => io.err.write(`${interruptNotice(signal)}\n`));
  const collected: TestOutcome[] = [];
  let outcomes: TestOutcome[];
  try {
    const finished = await interrupt.race(
      runRolePass(
        {
          context: prepared.context,
          ...(clauses.length ? { clauses } : {}),
          ...(opts.grep ? { grep: opts.grep } : {}),
        },
        {
          catalog,
          ...(reporter ? { reporter } : {}),
          onSettled: (s) => io.out.write(`${clauseLine(s, io.color)}\n`),
          ...(io.status ? { status: io.status } : {}),
          onTest: (o) => collected.push(o),
          signal: interrupt.abort.signal,
        },
      ),
    );
    outcomes = finished ?? [...collected];
  } finally {
    await prepared.close();
    if (interrupt.signal) await endEverything(prepared.context);
  }
  try {
    const { exitCode } = await finishRun({
      catalog,
      outcomes,
      iut: { role: opts.iut, target: prepared.target, deviceId: ixit.deviceId },
      options: recordedOptions(opts, outDir, cwd),
      started,
      strict: Boolean(opts.strict),
      outDir,
      reporters: opts.reporter,
      cwd,
      io,
      ixit,
      selection: { clauses, ...(opts.grep !== undefined ? { grep: opts.grep } : {}) },
      ...(baseline ? { baseline } : {}),
      ...(opts.writeBaseline !== undefined ? { writeBaseline: opts.writeBaseline } : {}),
      ...(interrupt.signal ? { interrupted: interrupt.signal } : {}),
    });
    return interrupt.exitCode(exitCode);
  } finally {
    interrupt.dispose();
  }
}
