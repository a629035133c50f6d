/**
 * Where a run's wall time goes, phase by phase (issue 11): start-up, the test PKI, listener
 * start-up, each DM session, the quiet windows, each pass of the suites, report writing. Off
 * unless DM20_PHASES is set (`npm run profile` sets it); then `run` and `selftest` print a table
 * on stderr when they end. Off, recording is one branch per call.
 *
 * Sessions overlap, so a phase's time is given twice: the sum of its spans (work done) and the
 * wall time they cover together (what it cost the user). Times are performance.now(), i.e. ms since
 * the process started, so start-up is the span from 0 to the command's first line. A worker thread
 * (selftest's) records its own and hands them over (addPhases), so the table covers every thread.
 * DM20_PHASES=spans also lists every span, in order of start: what lies on a run's critical path.
 *
 * Kept on globalThis for the reason run-context.ts gives (this module can be evaluated twice in
 * one process).
 */

export interface PhaseSpan {
  kind: string;
  label: string;
  from: number;
  to: number;
  /** Recorded in a worker thread: which (the table's rows mix threads; the span list names them). */
  thread?: string;
}

const SLOT = Symbol.for("oma-dm20-conformance.phases");
const holder = globalThis as { [SLOT]?: PhaseSpan[] };

/** Whether phases are recorded in this process (DM20_PHASES set and not "0"). */
export function phasesOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DM20_PHASES !== undefined && env.DM20_PHASES !== "" && env.DM20_PHASES !== "0";
}

function spans(): PhaseSpan[] | undefined {
  if (holder[SLOT] === undefined && phasesOn()) holder[SLOT] = [];
  return holder[SLOT];
}

/** Starts a span of `kind`; the returned function ends it (idempotent). */
export function phaseStart(kind: string, label = ""): () => void {
  const list = spans();
  if (!list) return () => {};
  const span: PhaseSpan = { kind, label, from: performance.now(), to: Number.NaN };
  list.push(span);
  return () => {
    if (Number.isNaN(span.to)) span.to = performance.now();
  };
}

/** `work`, timed as a span of `kind` (ended however it settles). */
export async function phase<T>(kind: string, label: string, work: Promise<T>): Promise<T> {
  const end = phaseStart(kind, label);
  try {
    return await work;
  } finally {
    end();
  }
}

/** Records start-up: from the process's start to now (the command's first line). */
export function markStartUp(): void {
  const list = spans();
  if (list && !list.some((s) => s.kind === "start-up")) {
    list.push({ kind: "start-up", label: "node, modules, options", from: 0, to: performance.now() });
  }
}

/**
 * Spans another thread recorded (its recordedPhases()), with that thread's performance.timeOrigin:
 * they are moved onto this thread's clock and kept as this thread's, marked with `thread`.
 */
export function addPhases(list: PhaseSpan[], origin: number, thread: string): void {
  const mine = spans();
  if (!mine) return;
  const shift = origin - performance.timeOrigin;
  for (const s of list) mine.push({ ...s, from: s.from + shift, to: s.to + shift, thread });
}

/** The recorded spans (ended ones), for the table and for tests. */
export function recordedPhases(): PhaseSpan[] {
  return (holder[SLOT] ?? []).filter((s) => !Number.isNaN(s.to));
}

/** Forgets what was recorded, and whether recording is on (read again from DM20_PHASES). */
export function resetPhases(): void {
  delete holder[SLOT];
}

/** Wall time covered by the union of the spans. */
export function coveredMs(list: Array<Pick<PhaseSpan, "from" | "to">>): number {
  const sorted = [...list].sort((a, b) => a.from - b.from);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (s.to <= end) continue;
    total += s.to - Math.max(s.from, end);
    end = s.to;
  }
  return total;
}

/** Every span but the listeners' (one per session), in order of start, with its thread. */
function spanList(list: PhaseSpan[]): string[] {
  const ms = (n: number) => `${Math.round(n)}`.padStart(6);
  return [
    "  spans (DM20_PHASES=spans):",
    ...[...list]
      .filter((s) => s.kind !== "listener")
      .sort((a, b) => a.from - b.from)
      .map(
        (s) =>
          `  ${ms(s.from)} ${ms(s.to)} ${ms(s.to - s.from)}  ${(s.thread ?? "main").padEnd(6)} ${s.kind.padEnd(8)} ${s.label}`,
      ),
  ];
}

/** The table `run` and `selftest` print: one row per kind, in order of first start. */
export function phaseTable(
  list: PhaseSpan[] = recordedPhases(),
  now = performance.now(),
  withSpans = process.env.DM20_PHASES === "spans",
): string {
  const kinds = [...new Set([...list].sort((a, b) => a.from - b.from).map((s) => s.kind))];
  const ms = (n: number) => `${Math.round(n)}`.padStart(8);
  const lines = [
    `phases (DM20_PHASES): ${(now / 1000).toFixed(2)} s since the process started`,
    `  ${"phase".padEnd(12)} ${"count".padStart(5)} ${"sum ms".padStart(8)} ${"wall ms".padStart(8)} ${"from ms".padStart(8)} ${"to ms".padStart(8)}`,
  ];
  for (const kind of kinds) {
    const of = list.filter((s) => s.kind === kind);
    const sum = of.reduce((n, s) => n + (s.to - s.from), 0);
    const from = Math.min(...of.map((s) => s.from));
    const to = Math.max(...of.map((s) => s.to));
    lines.push(
      `  ${kind.padEnd(12)} ${`${of.length}`.padStart(5)} ${ms(sum)} ${ms(coveredMs(of))} ${ms(from)} ${ms(to)}`,
    );
  }
  const slowest = list.filter((s) => s.kind === "session").sort((a, b) => b.to - b.from - (a.to - a.from))[0];
  if (slowest)
    lines.push(`  slowest session: ${slowest.label} (${Math.round(slowest.to - slowest.from)} ms)`);
  if (withSpans) lines.push(...spanList(list));
  return `${lines.join("\n")}\n`;
}
