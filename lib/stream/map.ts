/**
 * `map` and `filter`: synchronous, one-to-one and one-to-at-most-one adapters.
 */
import { current } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Adapter } from "./adapter";
import { Context } from "../core/waker";

/** Stream for the {@link Stream.map} method. */
export class MapStream<T, U> extends Adapter<T, U> {
  constructor(
    upstream: Stream<T>,
    private readonly f: (value: T) => U,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<U | End> {
    const v = this.upstream.pollNext(cx);
    if (v === Pending || v === End) return v as Pending | End;
    return this.f(v);
  }
  override describe(): string {
    return `${this.upstream.describe()}.map(${this.f.name})`;
  }
}

/** Stream for the {@link Stream.filter} method. */
export class FilterStream<T> extends Adapter<T, T> {
  constructor(
    upstream: Stream<T>,
    private readonly pred: (value: T) => boolean,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<T | End> {
    for (;;) {
      const v = this.upstream.pollNext(cx);
      if (v === Pending || v === End) return v;
      if (this.pred(v)) return v;
      // A long run of rejected, ready items must not starve other tasks:
      // each one costs a unit of the task's coop budget.
      if (--current.budget < 0) {
        cx.waker.wake();
        return Pending;
      }
    }
  }
  override describe(): string {
    return `${this.upstream.describe()}.filter(${this.pred.name})`;
  }
}
