/**
 * The task layer's errors. Each subclasses `Error` and sets `name`, so
 * `instanceof` and logs can tell them apart.
 */

/**
 * Why awaiting a `JoinHandle` failed: the task was aborted (`cancelled`), or
 * it threw (`cause` is its own error, with its own stack).
 *
 * @example
 * try { yield* handle; }
 * catch (e) { if (e instanceof JoinError && e.cancelled) console.log("aborted"); }
 */
export class JoinError extends Error {
  override name = "JoinError";
  /** True when the task was aborted rather than failing. */
  readonly cancelled: boolean;
  /** The task's name. */
  readonly taskName: string;
  constructor(taskName: string, cancelled: boolean, cause?: unknown) {
    super(
      cancelled
        ? `task "${taskName}" was cancelled${cause === undefined ? "" : `, and its cleanup failed: ${messageOf(cause)}`}`
        : `task "${taskName}" failed: ${messageOf(cause)}`,
      cause === undefined ? undefined : { cause },
    );
    this.cancelled = cancelled;
    this.taskName = taskName;
  }
  /** True if the task failed with an error of its own (tokio's `is_panic`). */
  get failed(): boolean {
    return !this.cancelled;
  }
}

/**
 * Nothing can ever wake the main future: every task is waiting on something
 * only another waiting task could provide. `dump` lists each task and what it
 * waits on.
 *
 * @example
 * run(function* () {
 *   yield* pending<void>(); // nothing will ever wake this
 * }).catch((e) => {
 *   if (e instanceof DeadlockError) console.error(String(e.dump));
 * });
 *
 * @category Diagnostics
 */
export class DeadlockError extends Error {
  override name = "DeadlockError";
  constructor(
    message: string,
    readonly dump: {
      /** The task listing, as `String(dump)` gives it. */
      toString(): string;
    },
  ) {
    super(`${message}\n${String(dump)}`);
  }
}


export { RuntimeError } from "../core/errors";

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
