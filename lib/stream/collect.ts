/**
 * `collect` and `fold`: reduce a stream to one value.
 */
import { StepConsumer } from "./drop";
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
export class Fold<T, A> extends StepConsumer<T, A> {
  #acc: A;
  constructor(
    stream: Stream<T>,
    init: A,
    private readonly f: (acc: A, value: T) => A | IntoFuture<A>,
  ) {
    super(stream);
    this.#acc = init;
  }
  poll(cx: Context): Poll<A> {
    try {
      for (;;) {
        const fut = this.inFlight as Future<A> | null;
        if (fut !== null) {
          const a = fut.poll(cx);
          if (a === Pending) return Pending;
          this.inFlight = null;
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
        if (step !== null) this.inFlight = step;
        else this.#acc = r as A;
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      return this.fail(e);
    }
  }
  override describe(): string {
    return `${this.stream.describe()}.fold(${this.f.name})`;
  }
}
