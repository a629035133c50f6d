/**
 * How many device sessions may be under way at once. Independent sessions run in parallel by
 * default; a device that can hold only one DM session at a time (or keeps its state in a way that
 * parallel sessions would race on) is driven with a limit instead. The limit is a number under
 * MAX_SESSIONS_KEY in the run's shared state (unset or 0: no limit). A session takes its slot when
 * the device is woken and gives it back when the session is closed, so a script that opens a
 * listener early (the DEFAULT ServerURL) does not hold a slot while it waits for its turn.
 */
import { runContext } from "../runner/run-context.ts";

export const MAX_SESSIONS_KEY = "server-role.maxSessions";
const SLOTS_KEY = "server-role.sessionSlots";

export class SessionSlots {
  private used = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Resolves with the function that gives the slot back (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.used >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next)
        next(); // the slot passes straight on
      else this.used--;
    };
  }
}

/** The run's session slots, or undefined when sessions are not limited. */
export function sessionSlots(): SessionSlots | undefined {
  const shared = runContext().shared;
  const limit = shared.get(MAX_SESSIONS_KEY);
  if (typeof limit !== "number" || limit <= 0) return undefined;
  let slots = shared.get(SLOTS_KEY) as SessionSlots | undefined;
  if (!slots || slots.limit !== limit) {
    slots = new SessionSlots(limit);
    shared.set(SLOTS_KEY, slots);
  }
  return slots;
}
