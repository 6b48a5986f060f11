/**
 * `sleep(ms)` and `sleepUntil(t)`: wait on the runtime's timer driver.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { Driver } from "../reactor/driver";
import { DEFERRED, DEFERRED_CANCELLED, DeferredEntry, FIRED, UNREGISTERED } from "../reactor/timer-driver";
import { currentRuntime } from "../task/runtime";
import { checkDuration, checkTime } from "./check";

/**
 * Future for {@link sleep} (and, as {@link SleepUntil}, {@link sleepUntil}).
 * It is its own timer entry: registering allocates nothing, and cancelling
 * unlinks it from the wheel in O(1), leaving nothing behind.
 *
 * Cancelling only deregisters: polled again, a cancelled sleep registers
 * again for the same deadline.
 *
 * Size matters here (a server may hold a sleep per connection): six
 * fields, all small integers or pointers, so V8 boxes none of them.
 */
export class Sleep extends Future<void> implements DeferredEntry {
  /** @internal */ when = -1;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNREGISTERED;
  /**
   * @internal The runtime's driver, from the first poll on. A plain field
   * like its neighbours, not a `#field`: a class with `#fields` runs a
   * separate initializer on every construction, ~20 ns a sleep in
   * unoptimized code, and a race makes a sleep each time.
   */
  driver: Driver | null = null;
  /** `sleep`'s duration, or `sleepUntil`'s time. */
  protected readonly arg: number;

  /** @internal */
  constructor(arg: number) {
    super();
    this.arg = arg;
  }

  /**
   * The deadline on the runtime's clock (a whole ms), fixed when the task
   * poll that first polled the sleep ends; -1 before.
   */
  get deadline(): number {
    return this.when;
  }

  /** @internal The duration: the deadline is this long after the first poll. */
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
    if (b === DEFERRED_CANCELLED) {
      // Cancelled and polled again before its batch was flushed: still in it.
      driver!.timers.defer(this);
      this.waker = cx.waker;
      return Pending;
    }
    if (driver === null) {
      // First poll: futures are lazy, the clock starts now.
      driver = this.driver = currentRuntime("sleep()").driver;
      return this.start(driver, cx);
    }
    // Polled again after a cancel: same deadline, which may have passed.
    if (this.when <= driver.clock.now()) {
      this.bucket = FIRED;
      return;
    }
    return this.register(driver, cx);
  }

  /**
   * The first poll. A duration goes into the driver's batch (see
   * `TimerDriver.defer`): no clock read and no wheel insert until the task
   * poll ends, and none at all if the sleep is cancelled before then.
   */
  protected start(driver: Driver, cx: Context): Poll<void> {
    const ms = this.arg;
    if (ms === 0) {
      this.when = driver.clock.now();
      this.bucket = FIRED;
      return;
    }
    this.waker = cx.waker;
    if (ms === Infinity) {
      this.when = Infinity; // never: nothing to register
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
}

/** Future for {@link sleepUntil}: a {@link Sleep} whose deadline is given. */
export class SleepUntil extends Sleep {
  /** The first poll: the deadline is known, so the clock says at once whether it has passed. */
  protected override start(driver: Driver, cx: Context): Poll<void> {
    this.when = Math.ceil(this.arg);
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
 * Completes `ms` milliseconds after it is first polled (rounded up to a whole
 * millisecond; `sleep(0)` is ready at once, `sleep(Infinity)` never).
 * Cancelling it (a lost `select`, a `timeout`) removes its timer at once.
 * Throws a `RangeError` for a negative or NaN duration.
 *
 * @example
 * yield* sleep(250);
 */
export function sleep(ms: number): Sleep {
  checkDuration("sleep()", ms);
  return new Sleep(ms);
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
  checkTime("sleepUntil()", t);
  return new SleepUntil(t);
}
