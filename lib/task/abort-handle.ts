/**
 * `AbortHandle`: the right to cancel a task without the right to await it.
 */
import type { JoinHandle } from "./task";

/**
 * Lets you abort a task without awaiting it: from `handle.abortHandle()`, or
 * from `JoinSet.spawn` (whose result still comes out of `joinNext`, as a
 * cancelled `JoinError`). tokio's `AbortHandle`.
 *
 * @example
 * const h = set.spawn(worker());
 * h.abort();
 */
export class AbortHandle {
  /** @internal */
  constructor(readonly handle: JoinHandle<unknown>) {}
  /** The task's id, unique within its runtime. */
  get id(): number {
    return this.handle.id;
  }
  /** The task's name. */
  get name(): string {
    return this.handle.name;
  }
  /** Cancels the task (its `finally` blocks run). Does nothing once it finished. */
  abort(): void {
    this.handle.abort();
  }
  /** True once the task completed, failed or was cancelled. */
  isFinished(): boolean {
    return this.handle.isFinished();
  }
}
