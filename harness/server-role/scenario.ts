/**
 * Scenarios: the stimuli of the client suites, each a named unit that drives one or more device
 * sessions and records them. A suite declares a scenario beside the section that judges it:
 *
 *   const mixed = scenario("5.6 mixed batch", async (run) => {
 *     const s = await run.start("mixed");
 *     await s.run([[step(`GET ${s.document(docA)}`, "location"), step("FOO bar", "unsupported")]]);
 *   });
 *   check("[DMC-5.6-06] one status per command, in command order", [mixed], async function () {
 *     judge(this, checkStatusOrder(await mixed.views(), ixit()));
 *   });
 *
 * A scenario runs at most once per run (memoised in the run context), however many tests judge it,
 * and only when a selected test uses it: the runner starts the scenarios of the selected tests
 * together at the start of the run, so independent sessions run in parallel. Scenarios that change
 * the IXIT's writable node take the run's writable-node lock and so never run beside each other.
 *
 * What a scenario produces is only its sessions' transcripts (each named, with the driver's
 * expectations as events): the tests derive everything from them. So a run can be replayed from
 * recorded transcripts (`replayContext`), which is how the mutation suite judges mutated sessions
 * with the very suites that judge live ones.
 */

import type { Transcript } from "../model/transcript.ts";
import { type DeviceSessionView, viewSession } from "../model/transcript-contract.ts";
import { type RunContext, runContext, sharedOnce } from "../runner/run-context.ts";
import { DeviceSession, type StartOptions } from "./device-session.ts";
import { REPLAY_KEY, runWatch } from "./run-watch.ts";

export interface RecordedScenario {
  name: string;
  /** The scenario's sessions in the order they were opened; each transcript's `session` names it. */
  sessions: Transcript[];
}

export type ScenarioDrive = (run: ScenarioRun) => Promise<void>;

export interface ScenarioOptions {
  /** Changes the IXIT's writable node: runs under the run's writable-node lock. */
  writable?: boolean;
}

/** What a scenario's drive function gets: sessions opened through it are recorded as the scenario's. */
export class ScenarioRun {
  readonly sessions: DeviceSession[] = [];

  constructor(readonly scenario: string) {}

  /** Opens a session's listener without waking the device (for a DEFAULT ServerURL, say). */
  async open(name: string, opts: Omit<StartOptions, "flags" | "name"> = {}): Promise<DeviceSession> {
    const s = await DeviceSession.open({ ...opts, name: `${this.scenario}: ${name}` });
    this.sessions.push(s);
    return s;
  }

  /** Opens a session and wakes the device with a notification for it. */
  async start(name: string, opts: Omit<StartOptions, "name"> = {}): Promise<DeviceSession> {
    const s = await this.open(name, opts);
    await s.notify(opts.flags ?? {});
    return s;
  }
}

const SCENARIO_KEY = (name: string) => `server-role.scenario:${name}`;
const STARTED_KEY = "server-role.scenarios";
const WRITABLE_LOCK_KEY = "server-role.writableLock";

export class Scenario {
  constructor(
    readonly name: string,
    private readonly drive: ScenarioDrive,
    readonly opts: ScenarioOptions = {},
  ) {}

  /** The recorded sessions: driven once per run (or taken from the replayed recording). */
  result(): Promise<RecordedScenario> {
    const ctx = runContext();
    const replay = ctx.shared.get(REPLAY_KEY) as Map<string, RecordedScenario> | undefined;
    if (replay) return Promise.resolve(replay.get(this.name) ?? { name: this.name, sessions: [] });
    return sharedOnce(SCENARIO_KEY(this.name), () => {
      const p = this.opts.writable ? writableLock(ctx).run(() => this.record()) : this.record();
      runWatch().driving(p);
      started(ctx).push(p);
      return p;
    });
  }

  /** Every session of the scenario, read as the checks read it. */
  async views(): Promise<DeviceSessionView[]> {
    return (await this.result()).sessions.map(viewSession);
  }

  /** The session of the scenario whose name ends with `name` (ScenarioRun names it "<scenario>: <name>"). */
  async view(name: string): Promise<DeviceSessionView | undefined> {
    const t = (await this.result()).sessions.find((s) => s.session?.endsWith(`: ${name}`));
    return t ? viewSession(t) : undefined;
  }

  private async record(): Promise<RecordedScenario> {
    const run = new ScenarioRun(this.name);
    try {
      await this.drive(run);
    } finally {
      // A drive that stopped early (a wait ran out) leaves its sessions to be finished here.
      await Promise.allSettled(run.sessions.map((s) => s.finish()));
    }
    return { name: this.name, sessions: run.sessions.map((s) => s.transcript) };
  }
}

export function scenario(name: string, drive: ScenarioDrive, opts: ScenarioOptions = {}): Scenario {
  return new Scenario(name, drive, opts);
}

function started(ctx: RunContext): Array<Promise<RecordedScenario>> {
  let list = ctx.shared.get(STARTED_KEY) as Array<Promise<RecordedScenario>> | undefined;
  if (!list) {
    list = [];
    ctx.shared.set(STARTED_KEY, list);
  }
  return list;
}

/**
 * Every scenario of the run that has finished driving so far (in a replayed run: every recorded
 * one). The "never" clauses judge every session of the run with it, after the run watch ended.
 */
export async function recordedScenarios(): Promise<RecordedScenario[]> {
  const ctx = runContext();
  const replay = ctx.shared.get(REPLAY_KEY) as Map<string, RecordedScenario> | undefined;
  if (replay) return [...replay.values()];
  const settled = await Promise.allSettled(started(ctx));
  return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
}

/** A context that replays recorded scenarios instead of driving a device. */
export function replayContext(base: RunContext, recorded: RecordedScenario[]): RunContext {
  const shared = new Map(base.shared);
  shared.set(REPLAY_KEY, new Map(recorded.map((r) => [r.name, r])));
  return { ...base, shared };
}

/** Every scenario recorded in a live run's context (after the run), for replay or the mutation suite. */
export async function recordedIn(ctx: RunContext): Promise<RecordedScenario[]> {
  const list = (ctx.shared.get(STARTED_KEY) as Array<Promise<RecordedScenario>> | undefined) ?? [];
  const settled = await Promise.allSettled(list);
  return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
}

/** Scenarios that change the writable node run one after the other, in the order they asked. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function writableLock(ctx: RunContext): Mutex {
  let m = ctx.shared.get(WRITABLE_LOCK_KEY) as Mutex | undefined;
  if (!m) {
    m = new Mutex();
    ctx.shared.set(WRITABLE_LOCK_KEY, m);
  }
  return m;
}
