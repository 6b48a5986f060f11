/**
 * `sleep(ms)` and `sleepUntil(t)`: wait on the runtime's timer driver.
 */
import { Context, Future, Pending, Poll } from "../core";
import { FIRED, TimerDriver, TimerEntry, UNREGISTERED } from "../reactor";
import { currentRuntime } from "../task";

/**
 * Future for {@link sleep} and {@link sleepUntil}. It is its own timer entry:
 * registering allocates nothing, and cancelling removes it from the driver.
 */
export class Sleep extends Future<void> implements TimerEntry {
  deadline = NaN;
  waker: Context["waker"] | null = null;
  slot = UNREGISTERED;
  #driver: TimerDriver | null = null;
  readonly #ms: number;
  readonly #absolute: boolean;

  /** @internal */
  constructor(ms: number, absolute: boolean) {
    super();
    this.#ms = ms;
    this.#absolute = absolute;
  }

  poll(cx: Context): Poll<void> {
    if (this.slot === FIRED) return;
    let driver = this.#driver;
    if (driver === null) {
      // First poll: the deadline is fixed now (futures are lazy).
      const rt = currentRuntime(this.#absolute ? "sleepUntil()" : "sleep()");
      driver = this.#driver = rt.driver.timers;
      const clock = rt.driver.clock;
      this.deadline = this.#absolute ? (clock.paused ? Math.ceil(this.#ms) : this.#ms) : clock.deadlineAfter(this.#ms);
      if (this.deadline <= clock.now()) {
        this.slot = FIRED;
        return;
      }
      this.waker = cx.waker;
      driver.insert(this);
      return Pending;
    }
    this.waker = cx.waker;
    return Pending;
  }

  override cancel(): void {
    if (this.slot >= 0) this.#driver!.remove(this);
    this.waker = null;
  }

  override describe(): string {
    return this.#absolute ? `sleepUntil(${this.#ms}ms)` : `sleep(${this.#ms}ms)`;
  }
}

function checkMs(what: string, ms: number): void {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) {
    throw new RangeError(`${what} needs a duration in milliseconds >= 0, got ${String(ms)}`);
  }
}

/**
 * Completes `ms` milliseconds after it is first polled. Cancelling it (a lost
 * `select`, a `timeout`) removes its timer at once.
 *
 * @example
 * yield* sleep(250);
 */
export function sleep(ms: number): Future<void> {
  checkMs("sleep()", ms);
  return new Sleep(ms, false);
}

/**
 * Completes when the runtime's clock reaches `t` (see {@link now}).
 *
 * @example
 * const start = now();
 * yield* sleepUntil(start + 1000);
 */
export function sleepUntil(t: number): Future<void> {
  if (typeof t !== "number" || Number.isNaN(t)) throw new RangeError(`sleepUntil() needs a time in milliseconds, got ${String(t)}`);
  return new Sleep(t, true);
}
