/**
 * The runtime's clock: real (milliseconds since the runtime started) or
 * paused (starts at 0, moves only by `advance` or auto-advance).
 *
 * Deadlines are whole milliseconds on either clock, rounded up, so a timer
 * never fires early and the timing wheel works in integer ticks. Starting at
 * 0 keeps those ticks small integers (V8 stores them unboxed).
 */
import { performance } from "node:perf_hooks";

export class Clock {
  readonly #paused: boolean;
  readonly #base = performance.now();
  #pausedNow = 0;

  constructor(paused = false) {
    this.#paused = paused;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Milliseconds on this clock (fractional on the real clock, whole on the paused one). */
  now(): number {
    return this.#paused ? this.#pausedNow : performance.now() - this.#base;
  }

  /** The deadline `ms` from now: a whole millisecond, rounded up (`ms` = 0: now). */
  deadlineAfter(ms: number): number {
    return Math.ceil(this.now() + ms);
  }

  /** Moves the paused clock forward to `t` (never backwards). */
  setPaused(t: number): void {
    if (!this.#paused) throw new Error("the clock is not paused");
    if (t > this.#pausedNow) this.#pausedNow = t;
  }
}
