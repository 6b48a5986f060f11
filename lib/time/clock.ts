/**
 * `now()` and `advance(ms)`: reading and moving the runtime's clock.
 */
import { current, Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { currentDriver } from "../reactor/current";
import type { Driver } from "../reactor/driver";
import { checkDuration } from "./check";

/**
 * Milliseconds on the running runtime's clock (0 at start on a paused clock).
 *
 * @example
 * const t0 = now(); yield* sleep(50); console.log(now() - t0); // >= 50
 */
export function now(): number {
  return currentDriver("now()").clock.now();
}

/** Future for the {@link advance} function. */
export class Advance extends Future<void> {
  #target = NaN;
  #driver: Driver | null = null;
  constructor(private readonly ms: number) {
    super();
  }

  poll(cx: Context): Poll<void> {
    let driver = this.#driver;
    if (driver === null) {
      driver = this.#driver = currentDriver("advance()");
      if (!driver.clock.paused) throw new RangeError("advance() needs a paused clock: new Runtime({ startPaused: true })");
      this.#target = driver.clock.deadlineAfter(this.ms);
    }
    // Step through the deadlines one at a time, letting woken tasks run
    // before the next, so the order is the order real time would give.
    const next = driver.timers.nextDeadline();
    if (next <= this.#target) {
      driver.clock.setPaused(next);
      driver.timers.fireUntil(next);
      this.#yield(cx);
      return Pending;
    }
    if (driver.clock.now() < this.#target) {
      driver.clock.setPaused(this.#target);
      this.#yield(cx);
      return Pending;
    }
    return;
  }

  #yield(cx: Context): void {
    if (current.defer !== null) current.defer(cx.waker);
    else cx.waker.wake();
  }

  override describe(): string {
    return `advance(${this.ms}ms)`;
  }
}

/**
 * Moves a paused clock forward by `ms`, a whole number of milliseconds,
 * firing the timers due on the way in deadline order and letting the tasks
 * they wake run at each step. The paused clock moves in whole milliseconds
 * (so paused programs read exact, repeatable times): a fraction such as
 * `advance(0.25)` is a `RangeError`, rather than a silent move of a whole
 * millisecond that would fire a 1 ms sleep.
 *
 * @example
 * const rt = new Runtime({ startPaused: true });
 * rt.blockOn(function* () { yield* advance(1000); return now(); }); // 1000
 */
export function advance(ms: number): Future<void> {
  checkDuration("advance(ms)", ms);
  if (ms === Infinity) throw new RangeError("advance(ms): ms must be a finite number of milliseconds, got Infinity");
  if (!Number.isInteger(ms)) throw new RangeError(`advance(ms): ms must be a whole number of milliseconds (the paused clock moves in whole ms), got ${ms}`);
  return new Advance(ms);
}

/**
 * Pauses the running runtime's clock where it is (rounded up to the next
 * whole millisecond), as tokio's `time::pause()` at run time: from then on
 * time moves only by {@link advance}, or jumps to the next deadline when
 * every task is idle. Harmless if the clock is already paused (tokio
 * panics; here a test helper may pause twice).
 *
 * @example
 * yield* sleep(5);  // real time
 * pause();
 * yield* sleep(60_000); // returns at once: the paused clock jumps ahead
 * resume();
 */
export function pause(): void {
  const driver = currentDriver("pause()");
  if (driver.clock.paused) return;
  driver.clock.pause();
  driver.timers.clockChanged();
}

/**
 * Lets the running runtime's paused clock run in real time again, on from
 * the time it reads (tokio's `time::resume()`): timers still waiting fire
 * when real time reaches them. Harmless if the clock is not paused.
 *
 * @example
 * pause();
 * yield* advance(1000);
 * resume(); // now() continues from 1000 in real time
 */
export function resume(): void {
  const driver = currentDriver("resume()");
  if (!driver.clock.paused) return;
  driver.clock.resume();
  driver.timers.clockChanged();
}
