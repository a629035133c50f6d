/**
 * Interleaves the DM packages of parallel sessions in a fixed round-robin order (A1 B1 C1 A2 B2
 * C2 …), so that a server which keeps one MsgID counter for all sessions instead of one per
 * session shows it on every run, not only when the scheduler happens to interleave requests.
 *
 * A session takes its turn before each DM package and gives it back when the answer is in; a
 * session that ends leaves the round. Waiting for a turn is bounded (`maxWaitMs`): against a server
 * that stalls, a session goes ahead out of turn rather than adding its neighbours' timeouts to its
 * own (the order only matters for servers that answer).
 */
export class TurnTaker {
  private readonly order: string[] = [];
  private current = 0;
  private holder: string | undefined;
  private readonly waiting = new Map<string, () => void>();
  /** Turns not awaited because the wait bound ran out, by session. */
  readonly skipped = new Map<string, number>();

  /** Registers the sessions in the order they take turns. */
  constructor(
    ids: readonly string[],
    private readonly maxWaitMs: number,
  ) {
    this.order.push(...ids);
  }

  /**
   * Resolves when it is `id`'s turn to send a package (true), or after `maxWaitMs` at most (false:
   * the session goes ahead out of turn).
   */
  take(id: string): Promise<boolean> {
    if (!this.order.includes(id)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting.get(id) !== granted) return;
        this.waiting.delete(id);
        this.skipped.set(id, (this.skipped.get(id) ?? 0) + 1);
        resolve(false);
      }, this.maxWaitMs);
      const granted = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiting.set(id, granted);
      this.dispatch();
    });
  }

  /** The package's answer is in: the next session's turn. */
  done(id: string): void {
    if (this.holder !== id) return;
    this.holder = undefined;
    this.current = (this.current + 1) % Math.max(1, this.order.length);
    this.dispatch();
  }

  /** The session ended: it takes no more turns. */
  leave(id: string): void {
    const at = this.order.indexOf(id);
    if (at < 0) return;
    if (this.holder === id) this.holder = undefined;
    this.order.splice(at, 1);
    if (at < this.current) this.current--;
    if (this.current >= this.order.length) this.current = 0;
    this.waiting.delete(id);
    this.dispatch();
  }

  private dispatch(): void {
    if (this.holder !== undefined || this.order.length === 0) return;
    const next = this.order[this.current]!;
    const resolve = this.waiting.get(next);
    if (!resolve) return;
    this.waiting.delete(next);
    this.holder = next;
    resolve();
  }
}
