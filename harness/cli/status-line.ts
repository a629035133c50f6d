/**
 * One live status line at the bottom of a terminal ("12/35 clauses settled · waiting 41 s…"), so a
 * long wait for a device does not look like a hang. Only on a TTY: every other line the CLI writes
 * goes through the wrapped sinks, which take the status line away first and draw it again after,
 * so the log above stays exactly what a pipe would get.
 */
import type { Sink } from "./io.ts";

export interface StatusLine {
  /** Shows (or replaces) the status text. */
  show(text: string): void;
  /** Takes the status line away (at the end of a pass). */
  clear(): void;
}

const ERASE_LINE = "\r\u001b[2K";

export class TtyStatusLine implements StatusLine {
  private text = "";
  private drawn = false;

  constructor(private readonly tty: { write(s: string): unknown; columns?: number }) {}

  show(text: string): void {
    this.text = text;
    this.draw();
  }

  clear(): void {
    this.text = "";
    this.erase();
  }

  /** A sink whose writes keep the status line below them. */
  wrap(target: Sink): Sink {
    return {
      write: (s: string) => {
        this.erase();
        const r = target.write(s);
        // Redrawn only after a whole line, never in the middle of one.
        if (s.endsWith("\n")) this.draw();
        return r;
      },
    };
  }

  private draw(): void {
    if (!this.text) {
      this.erase();
      return;
    }
    // Cut to the width: a wrapped status line could not be erased with one carriage return.
    const width = Math.max(20, (this.tty.columns ?? 80) - 1);
    const text = this.text.length > width ? `${this.text.slice(0, width - 1)}…` : this.text;
    this.tty.write(`${ERASE_LINE}${text}`);
    this.drawn = true;
  }

  private erase(): void {
    if (!this.drawn) return;
    this.tty.write(ERASE_LINE);
    this.drawn = false;
  }
}
