/**
 * `JoinHandle<T>`: the future of a spawned task's result.
 */
import { Future } from "../core/future";
import { Pending, type Poll } from "../core/poll";
import type { Context } from "../core/waker";
import { JoinError } from "./errors";
import { Outcome, Task, TaskState } from "./task";

/**
 * Owned permission to await a spawned task. `yield* handle` gives the task's
 * value, or throws {@link JoinError}. Cancelling the await (a lost `select`,
 * say) detaches the task, as dropping a handle does in tokio; `abort()`
 * cancels the task itself.
 *
 * @example
 * const h = spawn(function* worker() { yield* sleep(10); return 42; });
 * const v = yield* h; // 42
 */
export class JoinHandle<T> extends Future<T> {
  readonly #task: Task<T>;

  /** @internal */
  constructor(task: Task<T>) {
    super();
    this.#task = task;
  }

  /** The task's id, unique within its runtime. */
  get id(): number {
    return this.#task.id;
  }

  /** The task's name: the `name` option, the generator function's name, or `task-<id>`. */
  get name(): string {
    return this.#task.name;
  }

  poll(cx: Context): Poll<T> {
    const t = this.#task;
    t.observed = true;
    if (t.state !== TaskState.Complete) {
      t.joinWaker = cx.waker;
      return Pending;
    }
    switch (t.outcome) {
      case Outcome.Ok:
        return t.value as T;
      case Outcome.Cancelled:
        throw new JoinError(t.name, true, t.error);
      default:
        throw new JoinError(t.name, false, t.error);
    }
  }

  /** Stops waiting; the task keeps running, detached. */
  override cancel(): void {
    this.#task.joinWaker = null;
  }

  /**
   * Cancels the task: its coroutine is returned at its current `yield*`,
   * its `finally` blocks run, and awaiting the handle throws a cancelled
   * `JoinError`. Aborting a finished task does nothing.
   */
  abort(): void {
    this.#task.abort();
  }

  /** True once the task has completed, failed or been cancelled. */
  isFinished(): boolean {
    return this.#task.state === TaskState.Complete;
  }

  override describe(): string {
    return `JoinHandle(${this.#task.name})`;
  }
}
