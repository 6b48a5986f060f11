/**
 * The two trivial futures: one that is ready at once, one that never is.
 */
import { current, DONE, Future, refusedStep } from "./future";
import { Pending, Poll } from "./poll";
import { describeValue } from "./coroutine";

/** Future for the {@link ready} function. */
export class Ready<T> extends Future<T> {
  constructor(private readonly value: T) {
    super();
  }

  /**
   * `Future.next` without its `poll` call: `yield* ready(v)` is the await
   * W1 counts. W1, 9 interleaved runs of the shipped build: 25.7 ms with
   * this override, 28.1 ms without (+9%); under `--max-opt=0`, 229 against
   * 246 ms. And `readyStep` (core/future.ts) written out, one call less
   * per await: the same in the shipped build (25.5 against 25.7 ms), but
   * under `--max-opt=0` (ts-node), 194 against 229 ms a million awaits.
   * Keep it in step with `readyStep`. (Always ready, so checking the
   * budget before the value is charging it on ready.)
   */
  override next(resumedBy?: unknown): IteratorResult<Future<unknown>, T> {
    if (resumedBy === null || current.cx === null || current.budget <= 0) return refusedStep(this, resumedBy);
    current.budget--;
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
