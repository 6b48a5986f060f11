/**
 * The runtime's clock: real (milliseconds since the runtime started) or
 * paused (starts at 0, moves only by `advance` or auto-advance).
 *
 * Deadlines are whole milliseconds on either clock, rounded up, so a timer
 * never fires early and the timing wheel works in integer ticks. Starting at
 * 0 keeps those ticks small integers (V8 stores them unboxed).
 */
import { performance } from "node:perf_hooks";
import { RuntimeError } from "../../core/errors";

export class Clock {
  #paused: boolean;
  /** `performance.now()` at the real clock's 0 (moved by `resume()` so the clock goes on from where it stopped). */
  #base = performance.now();
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
    if (!this.#paused) throw new RuntimeError("the clock is not paused");
    if (t > this.#pausedNow) this.#pausedNow = t;
  }

  /**
   * Stops a real clock at the next whole millisecond (rounded up: the
   * paused clock reads whole milliseconds, and a clock never goes back).
   */
  pause(): void {
    if (this.#paused) return;
    this.#pausedNow = Math.ceil(performance.now() - this.#base);
    this.#paused = true;
  }

  /** Lets a paused clock run in real time again, on from where it stopped. */
  resume(): void {
    if (!this.#paused) return;
    this.#base = performance.now() - this.#pausedNow;
    this.#paused = false;
  }
}
