/**
 * `timeout(ms, fut)`: a future with a deadline.
 */
import { intoFuture, Task } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { FIRED, TimerDriver, TimerEntry, UNREGISTERED } from "../reactor/timer-driver";
import { currentRuntime } from "../task/runtime";
import { checkDuration } from "./check";
import { TimeoutError } from "./errors";

const enum State {
  /** Not polled yet: no deadline, no timer. */
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
 */
export class Timeout<T> extends Future<T> implements TimerEntry {
  /** @internal */ when = NaN;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNREGISTERED;
  readonly #inner: Future<T>;
  readonly #ms: number;
  #driver: TimerDriver | null = null;
  #state = State.Fresh;

  /** @internal */
  constructor(ms: number, inner: Future<T>) {
    super();
    this.#ms = ms;
    this.#inner = inner;
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
      // First poll, and the inner future is pending: the clock starts now.
      const rt = currentRuntime("timeout()");
      this.#driver = rt.driver.timers;
      this.#state = State.Running;
      const now = rt.driver.clock.now();
      this.when = this.#ms === 0 ? now : Math.ceil(now + this.#ms);
      if (this.when === Infinity) {
        this.waker = cx.waker;
        return Pending;
      }
      if (this.when > now) {
        this.waker = cx.waker;
        if (this.#driver.insert(this)) return Pending;
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
    if (this.bucket >= 0) this.#driver!.remove(this);
    this.waker = null;
  }

  override describe(): string {
    return `timeout(${this.#ms}ms, ${this.#inner.describe()})`;
  }
}

/**
 * Runs `fut` (a future, a generator object or a generator function) with a
 * time limit of `ms` milliseconds, counted from the first poll. Gives its
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
export function timeout<T>(ms: number, fut: Task<T>): Timeout<T> {
  checkDuration("timeout()", ms);
  return new Timeout(ms, intoFuture(fut, "timeout()"));
}
