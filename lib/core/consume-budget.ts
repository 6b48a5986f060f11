/**
 * `consumeBudget()`: a cooperative yield point that yields only when the
 * task's budget is spent (tokio's `task::consume_budget`).
 */
import { current, Future, pendingStep, readyStepUncharged, refusedStep } from "./future";
import { Pending, Poll } from "./poll";
import { Context } from "./waker";

/**
 * Future for {@link consumeBudget}. It holds no state, so one instance serves
 * every call.
 */
export class ConsumeBudget extends Future<void> {
  // Written out: see `YieldNow`'s constructor.
  constructor() {
    super();
  }

  /**
   * Takes one unit of the task's budget; with none left, asks to run again
   * at once and is pending, which puts the task at the back of the queue
   * (the next poll, with a fresh budget, is ready). Counting here, not only
   * in `next()`, makes it count when a combinator polls it too.
   */
  poll(cx: Context): Poll<void> {
    if (--current.budget < 0) {
      cx.waker.wake();
      return Pending;
    }
  }

  /**
   * `yield*`: as `Future.next`, without its budget check and charge (the
   * poll is both), and without its check for a second driver.
   */
  override next(): IteratorResult<Future<unknown>, void> {
    const cx = current.cx;
    if (cx === null) return refusedStep(this, undefined); // throws: awaited outside a coroutine
    return this.poll(cx) === Pending ? pendingStep(this) : readyStepUncharged(undefined);
  }

  override describe(): string {
    return "consumeBudget()";
  }
}

const CONSUME_BUDGET = new ConsumeBudget();

/**
 * Counts one unit against the task's cooperative budget (128 polls a turn,
 * tokio's figure) and yields to other tasks only when it is spent. For
 * CPU-bound loops that await nothing pending: unlike `yieldNow()`, which
 * suspends every time, it costs almost nothing until the budget runs out.
 *
 * @example
 * for (const row of rows) {
 *   total += score(row);
 *   yield* consumeBudget(); // a yield every 128 rows, not every row
 * }
 */
export function consumeBudget(): Future<void> {
  return CONSUME_BUDGET;
}
