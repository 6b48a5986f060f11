/**
 * `Stream<T>`: the asynchronous iterator, Rust's `Stream` trait.
 *
 * It lives in core, not in `stream/`, because channel receivers, intervals and
 * listeners are streams, and `sync/` may import nothing but core. The
 * combinators (`map`, `filter`, …) live in `lib/stream/`, which installs them
 * as methods of this class (Rust's `StreamExt`), and `lib/compat/` makes
 * every stream `for await`-able.
 */
import { Future } from "./future";
import { Pending, Poll } from "./poll";
import { Context } from "./waker";

/**
 * What `pollNext` returns when the stream is exhausted.
 *
 * @example
 * pollNext(cx: Context): Poll<number | End> {
 *   return this.i < this.n ? this.i++ : End;
 * }
 */
export const End: unique symbol = Symbol("End");
/** The type of {@link End}. */
export type End = typeof End;

/**
 * A source of values over time. `pollNext(cx)` gives the next value, `End`
 * when there are no more, or `Pending` after registering `cx.waker`.
 *
 * @example
 * for (let v; (v = yield* rx.next()) !== undefined; ) console.log(v);
 */
export abstract class Stream<T> implements Disposable {
  /** Try to take the next item: the item, `End`, or `Pending` (with the waker registered). */
  abstract pollNext(cx: Context): Poll<T | End>;

  /** Stop early and release what the stream holds (listeners, iterators, buffers). */
  close(): void {}

  /** Deregister a waker left by a `pollNext` whose `next()` was cancelled. */
  cancelNext?(): void;

  /** A future for the next item: `undefined` at the end of the stream. */
  next(): Future<T | undefined> {
    return new StreamNext(this);
  }

  /** How the stream reads in a task dump. */
  describe(): string {
    return this.constructor.name;
  }

  /** Same as `close()`, so `using s = ...` releases the stream when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** Future for `Stream.next()`. */
export class StreamNext<T> extends Future<T | undefined> {
  constructor(private readonly stream: Stream<T>) {
    super();
  }
  poll(cx: Context): Poll<T | undefined> {
    const v = this.stream.pollNext(cx);
    return v === End ? undefined : v;
  }
  override cancel(): void {
    this.stream.cancelNext?.();
  }
  override describe(): string {
    return `${this.stream.describe()}.next()`;
  }
}
