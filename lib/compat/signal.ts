/**
 * `signalOf()` and `abortable()`: AbortSignals in both directions.
 *
 * - `signalOf()` hands a task's cancellation to Node: APIs that take a
 *   `signal` stop when the task is aborted.
 * - `abortable(fut, signal)` hands Node's cancellation to a future: when the
 *   signal aborts, the future is cancelled (its cleanup runs) and the signal's
 *   reason is thrown.
 */
import { badArgument } from "../core/check";
import { intoFuture, Spawnable } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { RuntimeError } from "../task/errors";
import { running, Task } from "../task/task";

/** One controller per task, made on first use; a WeakMap keeps the task record itself unchanged. */
const controllers = new WeakMap<Task<unknown>, AbortController>();

/**
 * The running task's own `AbortSignal`, created on first use (one per task).
 * It is aborted when the task is cancelled (`handle.abort()`, a scope or
 * `main()` shutting down), in the task's own turn, before its `finally`
 * blocks run. It is not aborted when the task finishes normally.
 *
 * Throws a `RuntimeError` outside a task.
 *
 * @example
 * function* download(url: string) {
 *   // fetch is aborted if this task is cancelled, even though the Promise was made eagerly
 *   const res = yield* fromPromise(fetch(url, { signal: signalOf() }));
 *   return res.status;
 * }
 */
export function signalOf(): AbortSignal {
  const task = running.task;
  if (task === null) {
    throw new RuntimeError("signalOf() was called outside a task: call it inside a coroutine driven by run(), spawn() or blockOn()");
  }
  let c = controllers.get(task);
  if (c === undefined) {
    const made = (c = new AbortController());
    controllers.set(task, made);
    task.onAbort = () => made.abort();
  }
  return c.signal;
}

/** Future for the {@link abortable} function. */
export class Abortable<T> extends Future<T> {
  #waker: Waker | null = null;
  #listening = false;
  /** True once the signal fired and the inner future is being cancelled. */
  #aborting = false;
  constructor(
    private readonly inner: Future<T>,
    private readonly signal: AbortSignal,
  ) {
    super();
  }

  poll(cx: Context): Poll<T> {
    if (this.#aborting || this.signal.aborted) return this.#abort(cx);
    if (!this.#listening) {
      this.#listening = true;
      this.signal.addEventListener("abort", this.#onAbort);
    }
    this.#waker = cx.waker;
    let v: Poll<T>;
    try {
      v = this.inner.poll(cx);
    } catch (e) {
      this.#stopListening();
      throw e;
    }
    if (v !== Pending) this.#stopListening();
    return v;
  }

  /** Cancels the inner future (driving async cleanup), then throws the signal's reason. */
  #abort(cx: Context): Poll<T> {
    this.#aborting = true;
    this.#stopListening();
    if (this.inner.cancel !== undefined && this.inner.cancel(cx) === Pending) return Pending;
    throw this.signal.reason;
  }

  readonly #onAbort = (): void => {
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  };

  #stopListening(): void {
    this.#waker = null;
    if (!this.#listening) return;
    this.#listening = false;
    this.signal.removeEventListener("abort", this.#onAbort);
  }

  override cancel(cx?: Context): void | typeof Pending {
    this.#stopListening();
    return this.inner.cancel?.(cx);
  }

  override describe(): string {
    return `abortable(${this.inner.describe()})`;
  }
}

/**
 * `fut`, unless `signal` aborts first: then `fut` is cancelled (its `finally`
 * blocks run to the end) and the signal's `reason` is thrown (a
 * `DOMException` named `AbortError` unless the aborter gave another).
 * An already aborted signal cancels `fut` before it ever runs.
 *
 * @example
 * const ac = new AbortController();
 * button.onclick = () => ac.abort();
 * yield* abortable(uploadAll(files), ac.signal);
 */
export function abortable<T>(fut: Spawnable<T>, signal: AbortSignal): Future<T> {
  if (typeof (signal as AbortSignal | null)?.addEventListener !== "function" || typeof signal.aborted !== "boolean") {
    badArgument(TypeError, "abortable(fut, signal)", "signal", "an AbortSignal", signal);
  }
  return new Abortable(intoFuture(fut, "abortable(fut, signal)", "fut"), signal);
}
