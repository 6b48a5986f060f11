/**
 * `sleep(ms)` and `sleepUntil(t)`: wait on the runtime's timer driver.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { Driver } from "../reactor/driver";
import { DEFERRED, DEFERRED_CANCELLED, DeferredEntry, FIRED, UNREGISTERED } from "../reactor/time/timer-driver";
import { currentRuntime, tryCurrentRuntime } from "../task/runtime";
import { checkDuration, checkTime } from "./check";

/** `bucket` of a sleep that was never polled (the wheel's and the driver's markers are -1 to -4). */
const UNPOLLED = -5;

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
 * fields, all small integers or pointers, so V8 boxes none of them.
 *
 * @example
 * const s: Sleep = sleep(1_000);
 * s.reset(now() + 5_000); // push the deadline out
 * yield* s;
 */
export class Sleep extends Future<void> implements DeferredEntry {
  /** @internal */ when: number;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNPOLLED;
  /**
   * @internal The driver (clock and wheel) of the runtime the sleep was
   * made in, or, made outside one, of the runtime that first polled it. A
   * plain field like its neighbours, not a `#field`: a class with `#fields`
   * runs a separate initializer on every construction, ~20 ns a sleep in
   * unoptimized code, and a race makes a sleep each time.
   */
  driver: Driver | null;
  /** `sleep`'s duration, or `sleepUntil`'s time. */
  protected readonly arg: number;

  /** @internal `when`: the deadline, or -1 (made outside a runtime) until the first poll's clock gives it. */
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
    const driver = this.driver;
    if (b === UNPOLLED) {
      const here = currentRuntime("sleep()").driver;
      if (driver === null) return this.start((this.driver = here), cx); // made outside any runtime
      if (driver === here) return this.start(driver, cx);
      // Made in another runtime: its clock and wheel, but not this poll's
      // batch (only that runtime's executor flushes it): straight to its wheel.
      if (this.arg === 0) {
        this.bucket = FIRED;
        return;
      }
    } else if (b === DEFERRED_CANCELLED) {
      // Cancelled and polled again before its batch was flushed: still in it.
      driver!.timers.defer(this);
      this.waker = cx.waker;
      return Pending;
    }
    // Polled again after a cancel: same deadline, which may have passed.
    if (this.when <= driver!.clock.now()) {
      this.bucket = FIRED;
      return;
    }
    return this.register(driver!, cx);
  }

  /**
   * The first poll. The sleep goes into the driver's batch (see
   * `TimerDriver.defer`): no wheel insert until the task poll ends, and none
   * at all if the sleep is cancelled before then. A sleep made outside a
   * runtime gets its deadline there too, from one clock reading for the batch.
   */
  protected start(driver: Driver, cx: Context): Poll<void> {
    const ms = this.arg;
    if (ms === 0) {
      if (this.when < 0) this.when = driver.clock.deadlineAfter(0);
      this.bucket = FIRED;
      return;
    }
    this.waker = cx.waker;
    if (ms === Infinity) {
      this.when = Infinity; // never: nothing to register
      this.bucket = UNREGISTERED;
      return Pending;
    }
    driver.timers.defer(this);
    return Pending;
  }

  /** Inserts the sleep, whose deadline is fixed and ahead of the clock, into the wheel. */
  protected register(driver: Driver, cx: Context): Poll<void> {
    this.waker = cx.waker;
    if (this.when === Infinity) return Pending;
    if (!driver.timers.insert(this)) {
      this.waker = null;
      this.bucket = FIRED;
      return;
    }
    return Pending;
  }

  override cancel(): void {
    if (this.bucket >= 0 || this.bucket === DEFERRED) this.driver!.timers.remove(this);
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
    const driver = (this.driver ??= currentRuntime("Sleep.reset()").driver);
    const when = Math.ceil(t);
    const b = this.bucket;
    if (b >= 0) {
      // In the wheel: move it there, keeping the waker of its last poll.
      driver.timers.remove(this);
      this.when = when;
      if (!driver.timers.insert(this)) {
        this.bucket = FIRED;
        const w = this.waker;
        this.waker = null;
        w?.wake();
      }
      return;
    }
    this.when = when;
    if (b === DEFERRED) return; // the batch inserts it at its new deadline
    if (b === DEFERRED_CANCELLED) return; // its next poll defers it again, at the new deadline
    this.bucket = UNREGISTERED;
    // Never polled, completed, or cancelled: the next poll registers the new
    // deadline. Only a sleep of Infinity waits with a waker and no timer:
    // give it one now, or its task would never hear of the new deadline.
    if (this.waker !== null && !driver.timers.insert(this)) {
      this.bucket = FIRED;
      const w = this.waker;
      this.waker = null;
      w.wake();
    }
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
    return driver !== null && this.when >= 0 && this.when <= driver.clock.now();
  }
}

/** Future for {@link sleepUntil}: a {@link Sleep} whose deadline is given. */
export class SleepUntil extends Sleep {
  /** The first poll: the deadline is known, so the clock says at once whether it has passed. */
  protected override start(driver: Driver, cx: Context): Poll<void> {
    if (this.when <= driver.clock.now()) {
      this.bucket = FIRED;
      return;
    }
    return this.register(driver, cx);
  }

  override describe(): string {
    return `sleepUntil(${this.arg}ms)`;
  }
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
  const rt = tryCurrentRuntime();
  if (rt === null) return new Sleep(ms, null, -1);
  return new Sleep(ms, rt.driver, rt.driver.clock.deadlineAfter(ms));
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
  const rt = tryCurrentRuntime();
  return new SleepUntil(t, rt === null ? null : rt.driver, Math.ceil(t));
}
