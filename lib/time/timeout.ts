/**
 * `timeout(ms, fut)`: a future with a deadline.
 */
import { intoFuture, Spawnable } from "../core/coroutine";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { currentDriver, running } from "../reactor/current";
import { FIRED, NO_DEADLINE } from "../reactor/time/timer-entry";
import { checkDuration, checkTime } from "./check";
import { TimeoutError } from "./errors";
import { Sleep, SleepUntil, waitUntil } from "./sleep";

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
 * Future for the {@link timeout} function: the inner future and a
 * {@link Sleep} until the deadline (tokio's `Timeout { value, delay }`).
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
export class Timeout<T> extends Future<T> {
  readonly #inner: Future<T>;
  readonly #ms: number;
  /** The deadline's timer, in the runtime the timeout was made in (or first polled by). */
  readonly #delay: Sleep;
  #state = State.Fresh;

  /** @internal `delay`: a sleep until the deadline (made outside a runtime: no driver nor deadline yet). */
  constructor(ms: number, inner: Future<T>, delay: Sleep) {
    super();
    this.#ms = ms;
    this.#inner = inner;
    this.#delay = delay;
  }

  poll(cx: Context): Poll<T> {
    if (this.#state === State.Cancelling) return this.#finishCancelling(cx);
    if (this.#state === State.Done) throw new RuntimeError("timeout() was polled after it completed");
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
    const d = this.#delay;
    if (this.#state === State.Fresh) {
      // First poll, and the inner future is pending: register the timer.
      const driver = (d.driver ??= currentDriver("timeout()"));
      this.#state = State.Running;
      if (this.#ms === Infinity) return Pending; // never: no deadline, no timer
      const now = driver.clock.now();
      // Made outside a runtime: the clock starts now.
      if (d.when === NO_DEADLINE) d.when = deadline(now, this.#ms);
      if (waitUntil(d, cx, now) === Pending) return Pending;
    } else if (d.bucket !== FIRED) {
      // Registered (or never due): the latest waker wins.
      d.waker = cx.waker;
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
    const d = this.#delay;
    if (d.bucket >= 0) d.driver!.timers.remove(d);
    d.waker = null;
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
  const d = running.driver;
  // Never (Infinity) keeps NO_DEADLINE: a double in one sleep's `when` boxes it in every sleep (see Sleep).
  const when = d === null || ms === Infinity ? NO_DEADLINE : deadline(d.clock.now(), ms);
  return new Timeout(ms, inner, new SleepUntil(when, d, when));
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
  const d = running.driver;
  const ms = Math.max(0, d === null ? Math.ceil(t) : Math.ceil(t) - d.clock.now());
  // At least 0, the clock's start: a time before it is as due, and never reads as NO_DEADLINE.
  const when = ms === Infinity ? NO_DEADLINE : Math.max(0, Math.ceil(t));
  return new Timeout(ms, inner, new SleepUntil(when, d, when));
}

/**
 * `ms` after `now`, in whole milliseconds rounded up; 0 is the millisecond
 * `now` is in (rounded down: due at once, and a whole number like every deadline).
 */
function deadline(now: number, ms: number): number {
  return ms === 0 ? Math.floor(now) : Math.ceil(now + ms);
}
