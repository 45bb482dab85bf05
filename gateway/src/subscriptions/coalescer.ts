/**
 * At most one run per `intervalMs`, trailing edge: the first change after a quiet period runs at
 * once, changes inside the interval collapse into one run when it ends, and a change that arrives
 * while a run is in flight triggers one more run afterwards. So the subscriber never sees more than
 * one push per interval, and the last push always reflects the last change.
 */
export class Coalescer {
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something changed. */
  notify(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.running || this.timer) return;
    this.schedule();
  }

  /** Marks a run done outside the coalescer (the initial snapshot) so the interval counts from it. */
  markRan(): void {
    this.lastRunAt = this.now();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule() {
    const wait = Math.max(0, this.lastRunAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => void this.fire(), wait);
    // A pending push must not keep a process alive on its own.
    this.timer.unref?.();
  }

  private async fire() {
    this.timer = null;
    if (this.closed || !this.dirty) return;
    this.dirty = false;
    this.running = true;
    this.lastRunAt = this.now();
    try {
      await this.run();
    } finally {
      this.running = false;
      if (this.dirty && !this.closed) this.schedule();
    }
  }
}
