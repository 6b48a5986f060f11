/**
 * Dropping a future from synchronous code (`Stream.close()`), and cancelling
 * a group of children from a future's `cancel(cx)`.
 *
 * A combinator stream that owns in-flight futures (`andThen`, `buffered`)
 * must cancel them when it is closed, but `close()` is synchronous and a
 * coroutine's cleanup may `yield*`. Rejected: dropping such cleanup on the
 * floor (a `finally` that never finishes is a lost release). Instead the rest
 * of the cleanup runs as a small detached task on the running runtime, whose
 * errors are reported like any unjoined task's.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, noopWaker } from "../core/waker";
import type { Stream } from "../core/stream";
import { tryCurrentRuntime } from "../task/runtime";
import { reportToStderr } from "../reactor/host";

const DETACHED = new Context(noopWaker);

/** Future that keeps calling `cancel(cx)` on a future until its cleanup is done. */
class FinishCancel extends Future<void> {
  constructor(private readonly fut: Future<unknown>) {
    super();
  }
  poll(cx: Context): Poll<void> {
    return this.fut.cancel!(cx) === Pending ? Pending : undefined;
  }
  override describe(): string {
    return `cleanup of ${this.fut.describe()}`;
  }
}

/**
 * Cancels `fut` now; if its cleanup suspends, finishes it on a detached task.
 * Errors thrown synchronously by the cleanup propagate to the caller.
 */
export function dropFuture(fut: Future<unknown>): void {
  if (fut.cancel === undefined) return;
  if (fut.cancel(DETACHED) !== Pending) return;
  const rt = tryCurrentRuntime();
  if (rt !== null) {
    rt.spawn(new FinishCancel(fut), { name: "stream-cleanup" });
  } else {
    reportToStderr(`genfut: ${fut.describe()} was dropped outside a runtime while its cleanup was suspended; the cleanup cannot finish`);
  }
}

/**
 * Cancels every future in `children` (removing the finished ones), driving
 * suspended cleanups on later calls. Returns `Pending` while any cleanup is
 * still running. The first error thrown by a cleanup is rethrown after every
 * child has been asked to cancel, so one failing `finally` does not stop the
 * others from running.
 */
export function cancelAll(children: Future<unknown>[], cx: Context | undefined): void | typeof Pending {
  let error: unknown = undefined;
  let failed = false;
  let w = 0;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    let r: void | typeof Pending = undefined;
    try {
      r = c.cancel?.(cx);
    } catch (e) {
      if (!failed) {
        failed = true;
        error = e;
      }
    }
    if (r === Pending) children[w++] = c;
  }
  children.length = w;
  if (failed) throw error;
  return w > 0 ? Pending : undefined;
}

/**
 * A consumer that awaits one step at a time (`forEach`, `fold`): it owns the
 * stream it reads and the step in flight, and its failure and cancellation
 * release both the same way.
 */
export abstract class StepConsumer<S, R> extends Future<R> {
  /** The step being awaited, if any. */
  protected inFlight: Future<unknown> | null = null;

  constructor(protected readonly stream: Stream<S>) {
    super();
  }

  /** A poll that threw: forget the step, release the stream, rethrow. */
  protected fail(e: unknown): never {
    this.inFlight = null;
    this.stream.close();
    throw e;
  }

  /**
   * Cancels the step in flight (if any), then releases the stream. Returns
   * `Pending` while the step's cleanup is still running; if that cleanup
   * throws, the stream is still released and the error propagates.
   */
  override cancel(cx?: Context): void | typeof Pending {
    const step = this.inFlight;
    try {
      if (step !== null && step.cancel !== undefined && step.cancel(cx) === Pending) return Pending;
    } catch (e) {
      this.fail(e);
    }
    this.inFlight = null;
    this.stream.cancelNext?.();
    this.stream.close();
  }
}
