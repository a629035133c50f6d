/**
 * The one place a device session's waits end. Everything that can change what a script waits for
 * (a DM package, a side request, a settled connection, the device declared silent, the session
 * closed) calls notify(); a wait is a probe re-evaluated on each notification until it yields a
 * value, its deadline passes, or the inbox closes. No polling, no queue of its own: the session's
 * transcript is the state the probes read.
 */
export class Inbox {
  private readonly waiters = new Set<() => void>();
  private closed = false;

  /** Something changed: re-run every waiting probe. */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** No wait may start or go on after this; waiting probes get one last look. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Resolves with the first defined value `probe` returns, re-evaluated after every notify(), or
   * with undefined once `deadline` (epoch ms) passes or the inbox is closed.
   */
  async until<T>(probe: () => T | undefined, deadline: number): Promise<T | undefined> {
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) return undefined;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }
}
