/**
 * A queue of arrivals that a script consumes one at a time with a bounded wait: items that arrive
 * before anyone asks are kept in order; a wait that times out resolves null, never hangs.
 */
export class Waiters<T> {
  readonly #items: T[] = [];
  readonly #waiting: Array<{ resolve: (v: T | null) => void; timer: NodeJS.Timeout }> = [];

  push(item: T): void {
    const w = this.#waiting.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(item);
    } else {
      this.#items.push(item);
    }
  }

  next(timeoutMs: number): Promise<T | null> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          const i = this.#waiting.indexOf(entry);
          if (i >= 0) this.#waiting.splice(i, 1);
          resolve(null);
        }, timeoutMs),
      };
      this.#waiting.push(entry);
    });
  }

  /** Items that arrived and were never consumed. */
  drain(): T[] {
    return this.#items.splice(0);
  }

  /** Resolves every pending wait with null (on shutdown). */
  cancelAll(): void {
    for (const w of this.#waiting.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
  }
}
