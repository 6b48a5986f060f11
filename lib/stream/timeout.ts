/**
 * `timeout(ms)` and `throttle(ms)`: streams on the runtime's clock.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { now } from "../time/clock";
import { TimeoutError } from "../time/errors";
import { sleep, sleepUntil } from "../time/sleep";
import { Adapter } from "./adapter";

/**
 * What both streams share: an upstream, a period, and at most one timer of
 * their own, which closing the stream or dropping a `next()` cancels.
 */
abstract class TimedStream<T> extends Adapter<T, T> {
  protected timer: Future<void> | null = null;
  constructor(
    upstream: Stream<T>,
    protected readonly ms: number,
  ) {
    super(upstream);
  }
  protected clearTimer(): void {
    const t = this.timer;
    this.timer = null;
    t?.cancel?.();
  }
  override close(): void {
    this.clearTimer();
    super.close();
  }
  override cancelNext(): void {
    this.clearTimer();
    super.cancelNext();
  }
}

/**
 * Stream for the {@link Stream.timeout} method.
 *
 * Each wait for an item may last at most `ms`. When it lasts longer, `next()`
 * throws a `TimeoutError`; the stream stays usable, and the next `next()`
 * waits (again for up to `ms`) for the same upstream item, as tokio-stream's
 * `timeout` does. The timer exists only while a `next()` is waiting: an item,
 * the end, a cancelled `next()` or `close()` removes it.
 */
export class TimeoutStream<T> extends TimedStream<T> {
  constructor(upstream: Stream<T>, ms: number) {
    super(upstream, ms);
  }
  pollNext(cx: Context): Poll<T | End> {
    const v = this.upstream.pollNext(cx);
    if (v !== Pending) {
      this.clearTimer();
      return v;
    }
    // The deadline is fixed by the first poll of this wait (sleep is lazy).
    const t = (this.timer ??= sleep(this.ms));
    if (t.poll(cx) === Pending) return Pending;
    this.timer = null;
    throw new TimeoutError(this.ms, `${this.upstream.describe()}.next()`);
  }
  override describe(): string {
    return `${this.upstream.describe()}.timeout(${this.ms}ms)`;
  }
}

/**
 * Stream for the {@link Stream.throttle} method.
 *
 * After each item, the next one is given no sooner than `ms` later. The
 * upstream is not polled during the pause (tokio-stream's `throttle`), so a
 * bounded upstream applies backpressure instead of buffering.
 */
export class ThrottleStream<T> extends TimedStream<T> {
  /** When the next item may be given (runtime clock); -Infinity before the first. */
  #notBefore = -Infinity;
  constructor(upstream: Stream<T>, ms: number) {
    super(upstream, ms);
  }
  pollNext(cx: Context): Poll<T | End> {
    if (this.#notBefore > -Infinity) {
      if (this.timer === null && now() < this.#notBefore) this.timer = sleepUntil(this.#notBefore);
      const t = this.timer;
      if (t !== null) {
        if (t.poll(cx) === Pending) return Pending;
        this.timer = null;
      }
    }
    const v = this.upstream.pollNext(cx);
    if (v === Pending || v === End) return v;
    this.#notBefore = now() + this.ms;
    return v;
  }
  override describe(): string {
    return `${this.upstream.describe()}.throttle(${this.ms}ms)`;
  }
}
