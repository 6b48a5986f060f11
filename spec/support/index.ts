/**
 * Test helpers shared by every spec: wakers that count or refuse, futures
 * that are pending a set number of times, and a paused-clock runtime per test.
 */
import { Context, Future, JoinError, JoinHandle, Pending, Poll, Runtime, RuntimeOptions, Waker } from "../../lib";

/** A waker that counts its wakes. */
export class CountingWaker implements Waker {
  count = 0;
  wake(): void {
    this.count++;
  }
}

/** A waker that fails the test if anything wakes it. */
export const panickingWaker: Waker = {
  wake() {
    throw new Error("this waker must not be woken");
  },
};

/** A context around a new counting waker. */
export function countingContext(): { cx: Context; waker: CountingWaker } {
  const waker = new CountingWaker();
  return { cx: new Context(waker), waker };
}

/**
 * A leaf that is pending `times` times (waking itself each time), then ready
 * with `value`. Counts its polls and cancellations.
 */
export class PendingTimes<T> extends Future<T> {
  polls = 0;
  cancelled = 0;
  constructor(
    private times: number,
    private readonly value: T,
  ) {
    super();
  }
  poll(cx: Context): Poll<T> {
    this.polls++;
    if (this.times-- > 0) {
      cx.waker.wake();
      return Pending;
    }
    return this.value;
  }
  override cancel(): void {
    this.cancelled++;
  }
}

/** A future pending once (self-waking), then ready with `value`. */
export function pendingOnce<T>(value: T): PendingTimes<T> {
  return new PendingTimes(1, value);
}

/**
 * A leaf completed by hand: `resolve(v)` wakes whoever polled it last.
 * Counts polls, and records the waker so tests can inspect registration.
 */
export class Manual<T> extends Future<T> {
  polls = 0;
  cancelled = 0;
  waker: Waker | null = null;
  #done = false;
  #value: T | undefined;
  poll(cx: Context): Poll<T> {
    this.polls++;
    if (this.#done) return this.#value as T;
    this.waker = cx.waker;
    return Pending;
  }
  override cancel(): void {
    this.cancelled++;
    this.waker = null;
  }
  resolve(v: T): void {
    this.#done = true;
    this.#value = v;
    const w = this.waker;
    this.waker = null;
    w?.wake();
  }
  override describe(): string {
    return "manual()";
  }
}

/** A runtime on a paused clock, as most time-related specs want. */
export function pausedRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime({ startPaused: true, ...options });
}

/** Node's active timer handles right now (to prove nothing was left behind). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** Awaits `h`, which must fail: its `JoinError` (an error of its own if it completes instead). */
export function* joinErrorOf(h: JoinHandle<unknown>): Generator<unknown, JoinError, unknown> {
  try {
    yield* h;
  } catch (e) {
    return e as JoinError;
  }
  throw new Error(`task "${h.name}" completed, but it was expected to fail`);
}
