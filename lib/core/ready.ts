/**
 * The two trivial futures: one that is ready at once, one that never is.
 */
import { awaitedOutside, current, DONE, drivenTwice, Future, outOfBudget } from "./future";
import { Pending, Poll } from "./poll";
import { describeValue } from "./coroutine";

/** Future for the {@link ready} function. */
export class Ready<T> extends Future<T> {
  constructor(private readonly value: T) {
    super();
  }

  /**
   * `Future.next` without its `poll` call: `yield* ready(v)` is the await
   * W1 counts, and a call is what costs most before V8 optimizes. (It also
   * keeps this call site monomorphic, so V8 can inline it into the
   * coroutine.) The protocol is `Future.next`'s: the budget, then `DONE`
   * (always ready, so charging before the value is charging on ready).
   */
  override next(resumedBy?: unknown): IteratorResult<Future<unknown>, T> {
    if (resumedBy === null) return drivenTwice(this);
    const cx = current.cx;
    if (cx === null) throw awaitedOutside(this);
    if (--current.budget < 0) return outOfBudget(this, cx);
    DONE.value = this.value;
    return DONE as IteratorReturnResult<T>;
  }
  poll(): Poll<T> {
    return this.value;
  }
  override describe(): string {
    return `ready(${describeValue(this.value)})`;
  }
}

/**
 * A future that is immediately ready with `value`.
 *
 * @example
 * const n = yield* ready(42); // 42, without suspending
 */
export function ready<T>(value: T): Future<T> {
  return new Ready(value);
}

/** Future for the {@link pending} function. */
export class Never<T> extends Future<T> {
  poll(): Poll<T> {
    return Pending;
  }
  override cancel(): void {}
  override describe(): string {
    return "pending()";
  }
}

/**
 * A future that never completes (and never wakes anyone). Useful as the
 * "forever" branch of a `select`, or to park a task until it is aborted.
 *
 * @example
 * yield* race(pending<number>(), sleep(10)); // the sleep wins
 */
export function pending<T = never>(): Future<T> {
  return new Never<T>();
}
