/**
 * `sleep(ms)` and `sleepUntil(t)`: wait on the runtime's timer driver.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { Driver } from "../reactor/driver";
import { FIRED, TimerEntry, UNREGISTERED } from "../reactor/timer-driver";
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
 * Size matters here (a server may hold a sleep per connection): seven
 * fields, all small integers or pointers, so V8 boxes none of them.
 */
export class Sleep extends Future<void> implements TimerEntry {
  /** @internal */ when = -1;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNREGISTERED;
  #driver: Driver | null = null;
  /** `sleep`'s duration, or `sleepUntil`'s time. */
  protected readonly arg: number;

  /** @internal */
  constructor(arg: number) {
    super();
    this.arg = arg;
  }

  /** The deadline on the runtime's clock (a whole ms) once first polled; -1 before. */
  get deadline(): number {
    return this.when;
  }

  /** The deadline for a first poll at `now`. */
  protected deadlineFrom(now: number): number {
    return this.arg === 0 ? now : Math.ceil(now + this.arg);
  }

  poll(cx: Context): Poll<void> {
    const b = this.bucket;
    if (b >= 0) {
      // Registered: a re-poll only refreshes the waker (the latest one wins).
      this.waker = cx.waker;
      return Pending;
    }
    if (b === FIRED) return;
    let driver = this.#driver;
    let now: number;
    if (driver === null) {
      // First poll: the deadline is fixed now (futures are lazy).
      driver = this.#driver = currentRuntime("sleep()").driver;
      now = driver.clock.now();
      this.when = this.deadlineFrom(now);
    } else {
      // Polled again after a cancel: same deadline, which may have passed.
      now = driver.clock.now();
    }
    if (this.when <= now) {
      this.bucket = FIRED;
      return;
    }
    this.waker = cx.waker;
    if (this.when === Infinity) return Pending; // never: nothing to register
    if (!driver.timers.insert(this)) {
      this.waker = null;
      this.bucket = FIRED;
      return;
    }
    return Pending;
  }

  override cancel(): void {
    if (this.bucket >= 0) this.#driver!.timers.remove(this);
    this.waker = null;
  }

  override describe(): string {
    return `sleep(${this.arg}ms)`;
  }
}

/** Future for {@link sleepUntil}: a {@link Sleep} whose deadline is given. */
export class SleepUntil extends Sleep {
  protected override deadlineFrom(): number {
    return Math.ceil(this.arg);
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
