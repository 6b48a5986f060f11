/**
 * `JoinSet<T>`: spawned tasks owned by a set, joined in completion order.
 */
import { Coroutine, Task } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Shield } from "../core/shield";
import { End } from "../core/stream";
import { Context, noopWaker } from "../core/waker";
import { JoinError } from "../task/errors";
import { JoinHandle } from "../task/join-handle";
import { currentRuntime, Runtime, SpawnOptions } from "../task/runtime";
import { FuturesUnordered } from "./futures-unordered";

/** Polling a fresh handle with this marks it observed and registers nothing useful. */
const PRIME = new Context(noopWaker);

/**
 * Sets that were dropped without `close()`: their tasks' errors, which only
 * `joinNext` would have delivered, go back to the runtime to be reported as
 * unhandled (those already failed at once, those still running if they
 * fail). The held value is the set's handle list, which does not reach the
 * set, so the set can be collected while its tasks run. Rejected: reporting
 * when the runtime goes idle, which would report errors that a set still
 * in use is about to deliver.
 */
const dropped = new FinalizationRegistry<Set<JoinHandle<unknown>>>((handles) => {
  for (const h of handles) disown(h);
});

/** Hands `h`'s error to its runtime to report, if nobody will deliver it. */
function disown(h: JoinHandle<unknown>): void {
  (h.scheduler as Runtime).disown(h);
}

/**
 * Lets you abort a task of a {@link JoinSet} (its result still comes out of
 * `joinNext`, as a cancelled `JoinError`).
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

/** A set member: awaits one handle and leaves the set's handle list when done. */
class Member<T> extends Future<T> {
  constructor(
    private readonly handles: Set<JoinHandle<T>>,
    private readonly handle: JoinHandle<T>,
  ) {
    super();
  }
  poll(cx: Context): Poll<T> {
    let v: Poll<T>;
    try {
      v = this.handle.poll(cx);
    } catch (e) {
      this.handles.delete(this.handle);
      throw e;
    }
    if (v !== Pending) this.handles.delete(this.handle);
    return v;
  }
  override cancel(): void {
    this.handle.cancel();
  }
  override describe(): string {
    return this.handle.describe();
  }
}

/**
 * A set of spawned tasks, tokio's `JoinSet`. `spawn` starts a task on the
 * running runtime; `joinNext()` gives the next result in completion order
 * (`undefined` once the set is empty) or throws the task's `JoinError`.
 * A failed task's error is delivered by `joinNext` (or thrown by `close()`),
 * not reported as unhandled; but a set dropped without `close()` hands the
 * errors it never delivered to the runtime's `onUnhandledError` once it is
 * garbage-collected. Closing the set (`close()`, or leaving a `using`
 * block) aborts every task still in it; an error their cleanup throws is
 * reported as unhandled.
 *
 * @example
 * using set = new JoinSet<number>();
 * for (const n of [3, 1, 2]) set.spawn(function* () { yield* sleep(n * 10); return n; });
 * for (let v; (v = yield* set.joinNext()) !== undefined; ) console.log(v); // 1, 2, 3
 */
export class JoinSet<T> implements Disposable {
  readonly #results = new FuturesUnordered<T>();
  readonly #handles = new Set<JoinHandle<T>>();
  #closed = false;

  constructor() {
    dropped.register(this, this.#handles as Set<JoinHandle<unknown>>, this);
  }

  /**
   * Spawns `task` on the running runtime and adds it to the set.
   * Throws a `RuntimeError` outside a runtime, and an `Error` once the set is closed.
   */
  spawn(task: Task<T>, options?: SpawnOptions): AbortHandle {
    if (this.#closed) throw new Error("JoinSet.spawn(): the set was closed");
    const h = currentRuntime("JoinSet.spawn()").spawn(task, options);
    // Mark the handle observed now: the set delivers the task's error
    // through joinNext, so the runtime must not report it as unhandled.
    h.poll(PRIME);
    this.#handles.add(h);
    this.#results.push(new Member(this.#handles, h));
    return new AbortHandle(h);
  }

  /** Tasks in the set: spawned and not yet returned by `joinNext`. */
  len(): number {
    return this.#handles.size;
  }

  /** True when no task is in the set. */
  isEmpty(): boolean {
    return this.#handles.size === 0;
  }

  /**
   * The next task to finish: its value, `undefined` when the set is empty,
   * or a thrown `JoinError` (`.cancelled` for an aborted task, `.cause` for
   * a failed one).
   */
  joinNext(): Future<T | undefined> {
    return new JoinNext(this, this.#results);
  }

  /** Aborts every task in the set; their results (cancelled) still come out of `joinNext`. */
  abortAll(): void {
    for (const h of this.#handles) h.abort();
  }

  /**
   * Aborts every task and waits for all of them to finish. Cancellations are
   * expected and ignored; the errors of tasks that had failed on their own
   * are thrown (several as an `AggregateError`). Shielded (see
   * {@link shield}): once awaited, it finishes even if the awaiting task is
   * cancelled.
   *
   * @example
   * yield* set.shutdown(); // nothing of the set is running any more
   */
  shutdown(): Future<void> {
    return new Shield(new Coroutine(this.#shutdown(), "JoinSet.shutdown"));
  }

  *#shutdown(): Generator<unknown, void, unknown> {
    this.abortAll();
    const errors: unknown[] = [];
    for (;;) {
      try {
        if ((yield* this.joinNext()) === undefined && this.#handles.size === 0) break;
      } catch (e) {
        if (!(e instanceof JoinError && e.cancelled && e.cause === undefined)) errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `JoinSet.shutdown(): ${errors.length} tasks failed`);
  }

  /**
   * Aborts every task still in the set and empties it. The tasks finish
   * their cleanup on their own; values not yet joined are discarded. Errors
   * of tasks that had already failed, unjoined, are not: `close()` throws
   * them (several as an `AggregateError`), since nobody else will see them.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    dropped.unregister(this);
    const errors: unknown[] = [];
    for (const h of this.#handles) {
      if (!h.isFinished()) {
        h.abort();
        disown(h as JoinHandle<unknown>); // an error of its cleanup is reported, not lost
        continue;
      }
      try {
        h.poll(PRIME);
      } catch (e) {
        if (!(e instanceof JoinError && e.cancelled && e.cause === undefined)) errors.push(e);
      }
    }
    this.#handles.clear();
    this.#results.close();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `JoinSet.close(): ${errors.length} tasks had failed and were never joined`);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  describe(): string {
    return `JoinSet(${this.#handles.size} tasks)`;
  }
}

/** Future for {@link JoinSet.joinNext}. */
class JoinNext<T> extends Future<T | undefined> {
  constructor(
    private readonly set: JoinSet<T>,
    private readonly results: FuturesUnordered<T>,
  ) {
    super();
  }
  poll(cx: Context): Poll<T | undefined> {
    const v = this.results.pollNext(cx);
    return v === End ? undefined : v;
  }
  override cancel(): void {
    this.results.cancelNext();
  }
  override describe(): string {
    return `${this.set.describe()}.joinNext()`;
  }
}
