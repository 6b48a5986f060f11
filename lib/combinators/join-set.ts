/**
 * `JoinSet<T>`: spawned tasks owned by a set, joined in completion order.
 *
 * Why one file past 300 lines: `JoinSet` is one class whose methods are the
 * public API of tokio's `JoinSet` (spawn, joinNext, tryJoinNext, joinAll,
 * abortAll, shutdown, detachAll, extend, close), and each one that adds or
 * removes tasks keeps two private collections in step: `#results`, the
 * members being awaited, and `#handles`, the set the `FinalizationRegistry`
 * hands back to the runtime if the set is dropped. A handle leaves
 * `#handles` when its `Member` completes or when the set is emptied.
 * `Member`, `JoinNext` and `throwUnjoined` serve only this class. About 130
 * of its lines are comments.
 */
import { Coroutine, Spawnable } from "../core/coroutine";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Shield } from "../core/shield";
import { End } from "../core/stream";
import { Context, noopWaker } from "../core/waker";
import { JoinError } from "../task/errors";
import { JoinHandle } from "../task/task";
import { currentRuntime, runtimeOf, SpawnOptions } from "../task/runtime";
import { AbortHandle } from "../task/abort-handle";
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
  runtimeOf(h).disown(h);
}

// Defined with the tasks (a `JoinHandle` hands one out too); re-exported here, where it started.
export { AbortHandle } from "../task/abort-handle";

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
  #results = new FuturesUnordered<T>();
  readonly #handles = new Set<JoinHandle<T>>();
  #closed = false;

  constructor() {
    dropped.register(this, this.#handles as Set<JoinHandle<unknown>>, this);
  }

  /**
   * Spawns `task` on the running runtime and adds it to the set.
   * Throws a `RuntimeError` outside a runtime, and once the set is closed.
   */
  spawn(task: Spawnable<T>, options?: SpawnOptions): AbortHandle {
    if (this.#closed) throw new RuntimeError("JoinSet.spawn(): the set was closed");
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
    const errors = this.#empty((h) => {
      h.abort();
      disown(h); // an error of its cleanup is reported, not lost
    });
    this.#results.close();
    throwUnjoined("JoinSet.close()", errors);
  }

  /** Same as `close()`, so `using set = new JoinSet()` aborts what is left when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** How the set reads in a task dump: its size. */
  describe(): string {
    return `JoinSet(${this.#handles.size} tasks)`;
  }

  /**
   * Waits for every task and gives their values in completion order
   * (tokio's `join_all`). On the first failure (a task's error, or a task
   * aborted) it aborts the others, waits for them to finish, and throws
   * that `JoinError`; failures among the others come with it in an
   * `AggregateError`, so none is lost. The set is empty afterwards.
   *
   * @example
   * const set = new JoinSet<number>();
   * set.extend([1, 2, 3].map((n) => function* () { yield* sleep(n); return n * n; }));
   * const squares = yield* set.joinAll(); // [1, 4, 9]
   */
  joinAll(): Future<T[]> {
    return new Coroutine(this.#joinAll(), "JoinSet.joinAll");
  }

  *#joinAll(): Generator<unknown, T[], unknown> {
    const out: T[] = [];
    // Counting handles, not testing for `undefined`: a task may return that.
    while (this.#handles.size > 0) {
      let v: T | undefined;
      try {
        v = yield* this.joinNext();
      } catch (first) {
        try {
          yield* this.shutdown();
        } catch (more) {
          const others = more instanceof AggregateError ? more.errors : [more];
          throw new AggregateError([first, ...others], `JoinSet.joinAll(): ${1 + others.length} tasks failed`);
        }
        throw first;
      }
      out.push(v as T);
    }
    return out;
  }

  /**
   * The value of a task that has already finished, without waiting
   * (tokio's `try_join_next`): `undefined` when none has (or the set is
   * empty); a failed or aborted task's `JoinError` is thrown. Like
   * `joinNext`, for the one task that owns the set.
   *
   * @example
   * for (let v; (v = set.tryJoinNext()) !== undefined; ) collect(v); // what is done so far
   */
  tryJoinNext(): T | undefined {
    const results = this.#results;
    try {
      const v = results.pollNext(PRIME);
      return v === End || v === Pending ? undefined : v;
    } finally {
      results.cancelNext(); // nobody waits: the noop context must not stay the set's waker
    }
  }

  /**
   * Spawns every task of `tasks` into the set (tokio's `Extend`), in order.
   *
   * @example
   * set.extend(urls.map((u) => () => fetchOne(u)));
   */
  extend(tasks: Iterable<Spawnable<T>>): void {
    if (tasks === null || typeof (tasks as Iterable<Spawnable<T>>)[Symbol.iterator] !== "function") {
      throw new TypeError(`JoinSet.extend(tasks): tasks must be an iterable of futures or generator functions, got ${String(tasks)}`);
    }
    for (const t of tasks) this.spawn(t);
  }

  /**
   * A new set with every task of `tasks` spawned in it (tokio's
   * `FromIterator`).
   *
   * @example
   * const set = JoinSet.from(jobs.map((j) => () => run(j)));
   */
  static from<T>(tasks: Iterable<Spawnable<T>>): JoinSet<T> {
    const set = new JoinSet<T>();
    set.extend(tasks);
    return set;
  }

  /**
   * Empties the set without aborting anything: the tasks run on, detached
   * (tokio's `detach_all`). A detached task that later fails is reported
   * through the runtime's `onUnhandledError`, as any task nobody joins.
   * Tasks that had already failed, unjoined, have nobody else to tell: their
   * errors are thrown (several as an `AggregateError`), as `close()` does.
   *
   * @example
   * set.detachAll(); // let the background work finish on its own
   */
  detachAll(): void {
    const errors = this.#empty((h) => {
      // The set had marked it observed so its error came through joinNext; now nobody will join it.
      h.observed = false;
    });
    // Cancelling a member only stops waiting on its handle: the task runs on.
    this.#results.close();
    this.#results = new FuturesUnordered<T>();
    throwUnjoined("JoinSet.detachAll()", errors);
  }

  /**
   * Empties the set of its handles: `live` gets each task still running;
   * the errors of those that failed and were never joined are returned
   * (a plain cancellation is not an error).
   */
  #empty(live: (h: JoinHandle<unknown>) => void): unknown[] {
    const errors: unknown[] = [];
    for (const h of this.#handles) {
      if (!h.isFinished()) {
        live(h as JoinHandle<unknown>);
        continue;
      }
      try {
        h.poll(PRIME);
      } catch (e) {
        if (!(e instanceof JoinError && e.cancelled && e.cause === undefined)) errors.push(e);
      }
    }
    this.#handles.clear();
    return errors;
  }
}

/** Throws the errors of tasks nobody joined: one as it is, several as an `AggregateError`. */
function throwUnjoined(what: string, errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${what}: ${errors.length} tasks had failed and were never joined`);
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
