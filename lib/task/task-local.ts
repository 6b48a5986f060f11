/**
 * `TaskLocal<T>`: a value visible to a future and everything it awaits
 * (tokio's `task_local!`).
 *
 * How it works: `local.scope(value, fut)` sets the value for the duration of
 * each poll of `fut` (and of its cancellation) and puts the previous one
 * back after, so nested scopes shadow and restore like a call stack. A
 * coroutine only runs inside its scope's poll, so the value survives every
 * `yield*`, while other tasks, polled by the executor between those polls,
 * never see it. A task spawned inside a scope does not inherit it: pass it
 * on by asking, `spawn(local.scope(local.get(), child()))`.
 *
 * Rejected: a map from the running task to its value (`running.task`). It
 * would leak into everything a task polls (a `select` branch of another
 * scope would see it) and needs cleanup when the task ends; a scope bound
 * to the poll is exactly tokio's semantics and allocates nothing per poll.
 */
import { checkString } from "../core/check";
import { intoFuture, Spawnable } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";

/**
 * Reading a {@link TaskLocal} outside any of its scopes (tokio's `AccessError`).
 *
 * @example
 * const user = new TaskLocal<string>("user");
 * try {
 *   user.get(); // not inside user.scope(...)
 * } catch (e) {
 *   if (e instanceof TaskLocalAccessError) console.log("no user here");
 * }
 */
export class TaskLocalAccessError extends Error {
  override name = "TaskLocalAccessError";
}

/**
 * A value scoped to a future and what it awaits.
 *
 * @example
 * const REQUEST_ID = new TaskLocal<string>("REQUEST_ID");
 * function* log(msg: string) { console.log(`[${REQUEST_ID.get()}] ${msg}`); }
 * function* handle() { yield* sleep(10); yield* log("done"); }  // still set after the sleep
 * yield* REQUEST_ID.scope("req-42", handle());
 */
export class TaskLocal<T> {
  #value: T | undefined = undefined;
  #set = false;

  /** `name` appears in errors and task dumps. */
  constructor(readonly name = "TaskLocal") {
    checkString("new TaskLocal(name)", "name", name);
  }

  /**
   * Runs `fut` (a future, generator object or generator function) with this
   * local set to `value`; gives what `fut` gives.
   *
   * @example
   * const v = yield* USER.scope("ada", function* () { return USER.get(); }); // "ada"
   */
  scope<R>(value: T, fut: Spawnable<R>): Future<R> {
    return new TaskLocalScope(this, value, intoFuture(fut, `${this.name}.scope()`));
  }

  /**
   * Calls `f` with this local set to `value` (tokio's `sync_scope`).
   *
   * @example
   * USER.syncScope("ada", () => render());
   */
  syncScope<R>(value: T, f: () => R): R {
    const saved = this.enter(value);
    try {
      return f();
    } finally {
      this.leave(saved);
    }
  }

  /** The value of the innermost scope; a {@link TaskLocalAccessError} outside every scope. */
  get(): T {
    if (!this.#set) throw new TaskLocalAccessError(`${this.name}.get() was called outside any ${this.name}.scope()`);
    return this.#value as T;
  }

  /** The value of the innermost scope, or `undefined` outside every scope (tokio's `try_with`). */
  tryGet(): T | undefined {
    return this.#set ? this.#value : undefined;
  }

  /** @internal sets `value`, returning what to restore. */
  enter(value: T): { value: T | undefined; set: boolean } {
    const saved = { value: this.#value, set: this.#set };
    this.#value = value;
    this.#set = true;
    return saved;
  }

  /** @internal */
  leave(saved: { value: T | undefined; set: boolean }): void {
    this.#value = saved.value;
    this.#set = saved.set;
  }
}

/** Future for {@link TaskLocal.scope}: the inner future, polled (and cancelled) with the value set. */
export class TaskLocalScope<T, R> extends Future<R> {
  /** @internal */
  constructor(
    private readonly local: TaskLocal<T>,
    private readonly value: T,
    private readonly inner: Future<R>,
  ) {
    super();
  }
  poll(cx: Context): Poll<R> {
    const saved = this.local.enter(this.value);
    try {
      return this.inner.poll(cx);
    } finally {
      this.local.leave(saved);
    }
  }
  override cancel(cx?: Context): void | typeof Pending {
    if (this.inner.cancel === undefined) return;
    const saved = this.local.enter(this.value);
    try {
      return this.inner.cancel(cx);
    } finally {
      this.local.leave(saved);
    }
  }
  override describe(): string {
    return `${this.local.name}.scope(${this.inner.describe()})`;
  }
}
