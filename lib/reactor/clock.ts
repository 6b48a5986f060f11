/**
 * The runtime's clock: real (milliseconds since the runtime started) or
 * paused (starts at 0, moves only by `advance` or auto-advance, in whole ms).
 */
import { performance } from "node:perf_hooks";

export class Clock {
  #paused: boolean;
  #base = performance.now();
  #pausedNow = 0;

  constructor(paused = false) {
    this.#paused = paused;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Milliseconds on this clock. */
  now(): number {
    return this.#paused ? this.#pausedNow : performance.now() - this.#base;
  }

  /** A deadline `ms` from now; on the paused clock rounded up to a whole ms. */
  deadlineAfter(ms: number): number {
    return this.#paused ? Math.ceil(this.#pausedNow + ms) : this.now() + ms;
  }

  /** Moves the paused clock forward to `t` (never backwards). */
  setPaused(t: number): void {
    if (!this.#paused) throw new Error("the clock is not paused");
    if (t > this.#pausedNow) this.#pausedNow = t;
  }
}
