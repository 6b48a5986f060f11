/**
 * `sleep(ms)` and `sleepUntil(t)`: wait on the runtime's timer driver.
 *
 * A {@link Sleep} is the one timer entry of `time/`: a timeout holds one for
 * its deadline, an interval one for its next tick (tokio's `Timeout` and
 * `Interval` hold a `Sleep` the same way). They write its `when`, `waker`
 * and `driver`, read its `bucket`, and leave every change of state to the
 * driver's methods (see `reactor/time/timer-entry.ts`). {@link waitUntil}
 * is the wait all three share.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { currentDriver, running } from "../reactor/current";
import type { Driver } from "../reactor/driver";
import { DEFERRED, DEFERRED_CANCELLED, FIRED, NO_DEADLINE, UNPOLLED } from "../reactor/time/timer-entry";
import { checkDuration, checkTime } from "./check";

/**
 * Future for {@link sleep} and {@link sleepUntil}.
 * It is its own timer entry: registering allocates nothing, and cancelling
 * unlinks it from the wheel in O(1), leaving nothing behind.
 *
 * When the clock starts: a sleep made inside a runtime fixes its deadline
 * when it is made, on that runtime's clock (tokio's `sleep` is
 * `sleep_until(Instant::now() + d)`, and genfut's `interval` starts its
 * schedule the same way). One made outside any runtime has no clock to read
 * yet, so its deadline counts from its first poll. Either way it stays lazy
 * where it matters: nothing is registered until it is polled.
 *
 * Cancelling only deregisters: polled again, a cancelled sleep registers
 * again for the same deadline.
 *
 * Size matters here (a server may hold a sleep per connection): six
 * fields, all small integers or pointers, so V8 boxes none of them. Once
 * any sleep's `when` holds a double (a fraction, Infinity), V8 boxes that
 * field in every sleep made after it: 16 bytes more a sleep and ~35% slower
 * to make (a million six-field objects: 80 -> 96 MB, 190 -> 260 ms). So
 * deadlines are whole milliseconds, and a timeout of Infinity (the sleep a
 * timeout holds shares this class) keeps "never" out of the field. The
 * entry's fields are plain and tagged internal (left out of the published
 * declarations), not `#private`: a class with `#fields` runs a separate
 * initializer on every construction, ~20 ns a sleep in unoptimized code,
 * and a race makes a sleep each time.
 *
 * @example
 * const s: Sleep = sleep(1_000);
 * s.reset(now() + 5_000); // push the deadline out
 * yield* s;
 */
export class Sleep extends Future<void> {
  /** @internal The deadline, or `NO_DEADLINE` (made outside a runtime) until its first poll's task poll ends. */
  when: number;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNPOLLED;
  /**
   * @internal The driver (clock and wheel) of the runtime the sleep was
   * made in, or, made outside one, of the runtime that first polled it.
   */
  driver: Driver | null;
  /** @internal `sleep`'s duration, or `sleepUntil`'s time. */
  readonly arg: number;

  /** @internal */
  constructor(arg: number, driver: Driver | null, when: number) {
    super();
    this.arg = arg;
    this.driver = driver;
    this.when = when;
  }

  /**
   * The deadline on the runtime's clock (a whole ms): fixed when the sleep
   * is made inside a runtime; made outside one, when the task poll that
   * first polled it ends (-1 before).
   */
  get deadline(): number {
    return this.when;
  }

  /** @internal The duration: the deadline is this long after the sleep was made (or first polled). */
  get delayMs(): number {
    return this.arg;
  }

  poll(cx: Context): Poll<void> {
    const b = this.bucket;
    if (b >= 0 || b === DEFERRED) {
      // Registered: a re-poll only refreshes the waker (the latest one wins).
      this.waker = cx.waker;
      return Pending;
    }
    if (b === FIRED) return;
    let driver = this.driver;
    if (b === UNPOLLED) {
      const here = currentDriver("sleep()");
      if (driver === null) driver = this.driver = here; // made outside any runtime
      if (driver !== here) {
        // Made in another runtime: its clock and wheel, but not this poll's
        // batch (only that runtime's executor flushes it): straight to its wheel.
        if (this.arg === 0) {
          driver.timers.markFired(this);
          return;
        }
      } else if (!(this instanceof SleepUntil)) {
        return start(this, driver, cx);
      }
    } else if (b === DEFERRED_CANCELLED) {
      // Cancelled and polled again before its batch was flushed: still in it.
      driver!.timers.defer(this);
      this.waker = cx.waker;
      return Pending;
    }
    // A sleepUntil's first poll, or a poll after a cancel (same deadline, which may have passed).
    return waitUntil(this, cx, driver!.clock.now());
  }

  override cancel(): void {
    const b = this.bucket;
    if (b >= 0 || b === DEFERRED) this.driver!.timers.remove(this);
    this.waker = null;
  }

  override describe(): string {
    return `sleep(${this.arg}ms)`;
  }

  /**
   * Moves the deadline to `t` on the runtime's clock (rounded up to a whole
   * millisecond), whether the sleep is waiting, was never polled, or has
   * already completed (it is then pending again), as tokio's
   * `Sleep::reset`. A waiting sleep moves its timer at once: no new future,
   * no extra poll unless the new deadline has already passed (its task is
   * then woken to complete it). `t` must be finite (a `RangeError`
   * otherwise); a sleep made outside any runtime must be reset inside one.
   *
   * @example
   * const idle = sleep(30_000);
   * for (;;) {
   *   const r = yield* select(rx.recv(), idle);
   *   if (r.index === 1) break;                // 30 s without a message
   *   idle.reset(now() + 30_000);               // activity: push the deadline out
   * }
   */
  reset(t: number): void {
    checkTime("Sleep.reset()", t);
    if (!Number.isFinite(t)) throw new RangeError(`Sleep.reset() needs a finite time in milliseconds, got ${String(t)}`);
    const driver = (this.driver ??= currentDriver("Sleep.reset()"));
    driver.timers.reset(this, Math.ceil(t));
  }

  /**
   * True once the deadline has passed on the runtime's clock (or the sleep
   * completed). A sleep made outside any runtime and never polled has no
   * deadline yet: false.
   *
   * @example
   * if (!s.isElapsed()) yield* s;
   */
  isElapsed(): boolean {
    if (this.bucket === FIRED) return true;
    const driver = this.driver;
    const w = this.when;
    // `w >= 0`: NO_DEADLINE (and a `sleepUntil` before the clock's 0) reads false until polled.
    return driver !== null && w >= 0 && w <= driver.clock.now();
  }
}

/** Future for {@link sleepUntil}: a {@link Sleep} whose deadline is given, registered at its first poll. */
export class SleepUntil extends Sleep {
  override describe(): string {
    return `sleepUntil(${this.arg}ms)`;
  }
}

/**
 * The first poll of a `sleep` in its own runtime. It goes into the driver's
 * batch (see `TimerDriver.defer`): no wheel insert until the task poll ends,
 * and none at all if the sleep is cancelled before then. A sleep made
 * outside a runtime gets its deadline there too, from one clock reading
 * for the batch.
 */
function start(s: Sleep, driver: Driver, cx: Context): Poll<void> {
  const ms = s.arg;
  if (ms === 0) {
    if (s.when === NO_DEADLINE) s.when = driver.clock.deadlineAfter(0);
    driver.timers.markFired(s);
    return;
  }
  s.waker = cx.waker;
  if (ms === Infinity) {
    s.when = Infinity;
    driver.timers.insert(s); // "never": nothing registered, UNREGISTERED
    return Pending;
  }
  driver.timers.defer(s);
  return Pending;
}

/**
 * Waits for the fixed deadline of `s`, with `now` read from its driver's
 * clock: ready at once (FIRED) if `now` has reached it, otherwise registered
 * in the wheel now, with the waker of `cx` (a deadline of Infinity waits
 * with the waker and no registration). What a `sleepUntil`'s first poll, a
 * cancelled sleep's next poll, a timeout's first poll and an interval's
 * tick do. @internal
 */
export function waitUntil(s: Sleep, cx: Context, now: number): Poll<void> {
  const timers = s.driver!.timers;
  if (s.when <= now) {
    timers.markFired(s);
    return;
  }
  s.waker = cx.waker;
  if (s.when === Infinity || timers.insert(s)) return Pending;
  s.waker = null; // the wheel had passed it: FIRED
  return;
}

/**
 * Completes `ms` milliseconds after it is made (rounded up to a whole
 * millisecond; `sleep(0)` is ready at once, `sleep(Infinity)` never). A
 * sleep made outside any runtime counts from its first poll instead.
 * Nothing is registered until the first poll, and cancelling it (a lost
 * `select`, a `timeout`) removes its timer at once.
 * Throws a `RangeError` for a negative or NaN duration.
 *
 * @example
 * yield* sleep(250);
 */
export function sleep(ms: number): Sleep {
  checkDuration("sleep(ms)", ms);
  // Inside a runtime the clock starts now, as tokio's does (one clock read).
  const d = running.driver;
  if (d === null) return new Sleep(ms, null, NO_DEADLINE);
  return new Sleep(ms, d, d.clock.deadlineAfter(ms));
}

/**
 * Completes when the runtime's clock reaches `t` (see {@link now}); at once
 * if it already has. Throws a `RangeError` for NaN.
 *
 * @example
 * const start = now();
 * yield* sleepUntil(start + 1000);
 */
export function sleepUntil(t: number): Sleep {
  checkTime("sleepUntil(t)", t);
  return new SleepUntil(t, running.driver, Math.ceil(t));
}
