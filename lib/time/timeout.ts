/**
 * `timeout(ms, fut)`: a future with a deadline.
 */
import { intoFuture, Spawnable } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import type { Driver } from "../reactor/driver";
import { FIRED, TimerEntry, UNREGISTERED } from "../reactor/time/timer-driver";
import { currentRuntime, tryCurrentRuntime } from "../task/runtime";
import { checkDuration, checkTime } from "./check";
import { TimeoutError } from "./errors";

const enum State {
  /** Not polled yet: no timer (and, made outside a runtime, no deadline yet). */
  Fresh,
  /** The inner future runs; the timer is registered (or due). */
  Running,
  /** The deadline won: the inner future's cancellation is still running. */
  Cancelling,
  Done,
}

/**
 * Future for the {@link timeout} function. It is its own timer entry, so a
 * timeout costs one object beyond its inner future.
 *
 * Made inside a runtime, its deadline is fixed then, on that runtime's clock
 * (tokio's `timeout` takes `Instant::now() + d` too); made outside one, at
 * its first poll. Its timer is registered only once a poll finds the inner
 * future pending, so a timeout around ready work never touches the wheel.
 *
 * @example
 * const t: Timeout<Buffer> = timeout(5_000, stream.readToEnd());
 * const body = yield* t; // throws TimeoutError after 5 s
 */
export class Timeout<T> extends Future<T> implements TimerEntry {
  /** @internal */ when: number;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNREGISTERED;
  readonly #inner: Future<T>;
  readonly #ms: number;
  /** The runtime whose clock and timers it uses: where it was made, or first polled. */
  #driver: Driver | null;
  #state = State.Fresh;

  /** @internal `driver` and `when`: where it was made and its deadline, or null and NaN (made outside a runtime). */
  constructor(ms: number, inner: Future<T>, driver: Driver | null, when: number) {
    super();
    this.#ms = ms;
    this.#inner = inner;
    this.#driver = driver;
    this.when = when;
  }

  poll(cx: Context): Poll<T> {
    if (this.#state === State.Cancelling) return this.#finishCancelling(cx);
    if (this.#state === State.Done) throw new Error("timeout() was polled after it completed");
    // The inner future first: a ready value wins even past the deadline
    // (tokio does the same), and an already-elapsed timeout still lets
    // ready work through.
    let v: Poll<T>;
    try {
      v = this.#inner.poll(cx);
    } catch (e) {
      this.#deregister();
      this.#state = State.Done;
      throw e;
    }
    if (v !== Pending) {
      this.#deregister();
      this.#state = State.Done;
      return v;
    }
    const b = this.bucket;
    if (b >= 0) {
      this.waker = cx.waker;
      return Pending;
    }
    if (this.#state === State.Fresh) {
      // First poll, and the inner future is pending: register the timer.
      const driver = (this.#driver ??= currentRuntime("timeout()").driver);
      this.#state = State.Running;
      const now = driver.clock.now();
      // Made outside a runtime: the clock starts now.
      if (Number.isNaN(this.when)) this.when = deadline(now, this.#ms);
      if (this.when === Infinity) {
        this.waker = cx.waker;
        return Pending;
      }
      if (this.when > now) {
        this.waker = cx.waker;
        if (driver.timers.insert(this)) return Pending;
        this.waker = null;
      }
      this.bucket = FIRED;
    } else if (b !== FIRED) {
      // Infinity: never registered, never due.
      this.waker = cx.waker;
      return Pending;
    }
    // The deadline won: cancel the inner future and let its cleanup finish
    // (it may take several polls) before reporting the timeout.
    this.#state = State.Cancelling;
    return this.#finishCancelling(cx);
  }

  #finishCancelling(cx: Context): Poll<T> {
    let r: unknown;
    try {
      r = this.#inner.cancel?.(cx);
    } catch (e) {
      // The inner cleanup failed: that error is not allowed to vanish behind the timeout.
      this.#state = State.Done;
      throw e;
    }
    if (r === Pending) return Pending;
    this.#state = State.Done;
    throw new TimeoutError(this.#ms, this.#inner.describe());
  }

  /**
   * Cancels the inner future and removes the timer. Returns `Pending` while
   * the inner future's cleanup is still running; call again on wake.
   */
  override cancel(cx?: Context): void | typeof Pending {
    this.#deregister();
    if (this.#state === State.Done) return;
    this.#state = State.Cancelling;
    const r = this.#inner.cancel?.(cx);
    if (r === Pending) return Pending;
    this.#state = State.Done;
  }

  #deregister(): void {
    if (this.bucket >= 0) this.#driver!.timers.remove(this);
    this.waker = null;
  }

  override describe(): string {
    return `timeout(${this.#ms}ms, ${this.#inner.describe()})`;
  }
}

/**
 * Runs `fut` (a future, a generator object or a generator function) with a
 * time limit of `ms` milliseconds, counted from when the timeout is made
 * (made outside any runtime: from its first poll). Gives its
 * value, or rethrows its error; if the limit passes first, cancels `fut`,
 * waits for its cleanup (`finally` blocks) to finish, and throws
 * {@link TimeoutError}. The inner future is polled first on every poll, so a
 * value that is ready wins even past the deadline. An error thrown by the
 * cancelled future's cleanup is thrown instead of the `TimeoutError`.
 * Throws a `RangeError` for a negative or NaN limit; `Infinity` never times out.
 *
 * @example
 * try {
 *   const reply = yield* timeout(500, rx.recv());
 * } catch (e) {
 *   if (!(e instanceof TimeoutError)) throw e;
 *   console.log("no reply within 500ms");
 * }
 */
export function timeout<T>(ms: number, fut: Spawnable<T>): Timeout<T> {
  checkDuration("timeout(ms, fut)", ms);
  const inner = intoFuture(fut, "timeout(ms, fut)", "fut");
  const rt = tryCurrentRuntime();
  if (rt === null) return new Timeout(ms, inner, null, NaN);
  return new Timeout(ms, inner, rt.driver, deadline(rt.driver.clock.now(), ms));
}

/**
 * Like {@link timeout}, with the deadline given as a time `t` on the
 * runtime's clock (tokio's `timeout_at`): rounded up to a whole
 * millisecond; a `t` already passed still lets a ready future through, then
 * times out. The `TimeoutError`'s `.ms` is the limit from when it was made
 * to `t` (made outside a runtime: `t` itself, from the clock's 0).
 * Throws a `RangeError` for NaN; `Infinity` never times out.
 *
 * @example
 * const deadline = now() + 2_000;            // one budget for several steps
 * const a = yield* timeoutAt(deadline, stepOne());
 * const b = yield* timeoutAt(deadline, stepTwo(a));
 */
export function timeoutAt<T>(t: number, fut: Spawnable<T>): Timeout<T> {
  checkTime("timeoutAt(t, fut)", t, "t");
  const inner = intoFuture(fut, "timeoutAt(t, fut)", "fut");
  const rt = tryCurrentRuntime();
  const when = Math.ceil(t);
  if (rt === null) return new Timeout(Math.max(0, when), inner, null, when);
  return new Timeout(Math.max(0, when - rt.driver.clock.now()), inner, rt.driver, when);
}

/** `ms` after `now`, in whole milliseconds rounded up; 0 is `now` itself (due at once). */
function deadline(now: number, ms: number): number {
  return ms === 0 ? now : Math.ceil(now + ms);
}
