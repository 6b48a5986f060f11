/**
 * `take`, `takeWhile` and `skip`: adapters that cut a stream short or skip its head.
 *
 * `take` and `takeWhile` close their upstream as soon as they are done, so a
 * listener or iterator behind it is released at once, not when the adapter
 * itself is closed.
 */
import { current } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Adapter } from "./adapter";
import { Context } from "../core/waker";

/** Stream for the {@link Stream.take} method. */
export class TakeStream<T> extends Adapter<T, T> {
  #left: number;
  /** The upstream is closed once, whether by reaching `n` or by `close()`. */
  #closed = false;
  constructor(
    upstream: Stream<T>,
    n: number,
  ) {
    super(upstream);
    this.#left = n;
  }
  pollNext(cx: Context): Poll<T | End> {
    if (this.#left <= 0) return End;
    const v = this.upstream.pollNext(cx);
    if (v === Pending) return v;
    if (v === End) {
      this.#left = 0;
      return End;
    }
    if (--this.#left === 0) this.close();
    return v;
  }
  override close(): void {
    this.#left = 0;
    if (this.#closed) return;
    this.#closed = true;
    this.upstream.close();
  }
  override describe(): string {
    return `${this.upstream.describe()}.take(${this.#left} left)`;
  }
}

/** Stream for the {@link Stream.takeWhile} method. */
export class TakeWhileStream<T> extends Adapter<T, T> {
  #done = false;
  constructor(
    upstream: Stream<T>,
    private readonly pred: (value: T) => boolean,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<T | End> {
    if (this.#done) return End;
    const v = this.upstream.pollNext(cx);
    if (v === Pending) return v;
    if (v === End || !this.pred(v)) {
      // The first item that fails the test is dropped, as in Rust.
      this.close();
      return End;
    }
    return v;
  }
  override close(): void {
    if (this.#done) return;
    this.#done = true;
    this.upstream.close();
  }
  override describe(): string {
    return `${this.upstream.describe()}.takeWhile(${this.pred.name})`;
  }
}

/** Stream for the {@link Stream.skip} method. */
export class SkipStream<T> extends Adapter<T, T> {
  #left: number;
  constructor(
    upstream: Stream<T>,
    n: number,
  ) {
    super(upstream);
    this.#left = n;
  }
  pollNext(cx: Context): Poll<T | End> {
    for (;;) {
      const v = this.upstream.pollNext(cx);
      if (v === Pending || v === End || this.#left === 0) return v;
      this.#left--;
      if (--current.budget < 0) {
        cx.waker.wake();
        return Pending;
      }
    }
  }
  override describe(): string {
    return `${this.upstream.describe()}.skip(${this.#left} left)`;
  }
}
