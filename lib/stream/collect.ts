/**
 * `collect` and `fold`: reduce a stream to one value.
 */
import { cancelStepThenClose } from "./drop";
import { IntoFuture, toFuture } from "../core/coroutine";
import { current, Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";

/** Future for the {@link Stream.collect} method. */
export class Collect<T> extends Future<T[]> {
  #items: T[] = [];
  constructor(private readonly stream: Stream<T>) {
    super();
  }
  poll(cx: Context): Poll<T[]> {
    try {
      for (;;) {
        const v = this.stream.pollNext(cx);
        if (v === Pending) return Pending;
        if (v === End) {
          this.stream.close();
          return this.#items;
        }
        this.#items.push(v);
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      this.stream.close();
      throw e;
    }
  }
  override cancel(): void {
    this.stream.cancelNext?.();
    this.stream.close();
  }
  override describe(): string {
    return `${this.stream.describe()}.collect(${this.#items.length} so far)`;
  }
}

/** Future for the {@link Stream.fold} method. */
export class Fold<T, A> extends Future<A> {
  #acc: A;
  #inFlight: Future<A> | null = null;
  constructor(
    private readonly stream: Stream<T>,
    init: A,
    private readonly f: (acc: A, value: T) => A | IntoFuture<A>,
  ) {
    super();
    this.#acc = init;
  }
  poll(cx: Context): Poll<A> {
    try {
      for (;;) {
        const fut = this.#inFlight;
        if (fut !== null) {
          const a = fut.poll(cx);
          if (a === Pending) return Pending;
          this.#inFlight = null;
          this.#acc = a;
        }
        const v = this.stream.pollNext(cx);
        if (v === Pending) return Pending;
        if (v === End) {
          this.stream.close();
          return this.#acc;
        }
        const r = this.f(this.#acc, v);
        // An asynchronous step (a future or a generator object) is awaited.
        const step = toFuture(r) as Future<A> | null;
        if (step !== null) this.#inFlight = step;
        else this.#acc = r as A;
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      this.#inFlight = null;
      this.stream.close();
      throw e;
    }
  }
  override cancel(cx?: Context): void | typeof Pending {
    let r: void | typeof Pending;
    try {
      r = cancelStepThenClose(this.#inFlight, this.stream, cx);
    } catch (e) {
      this.#inFlight = null;
      throw e;
    }
    if (r !== Pending) this.#inFlight = null;
    return r;
  }
  override describe(): string {
    return `${this.stream.describe()}.fold(${this.f.name})`;
  }
}
