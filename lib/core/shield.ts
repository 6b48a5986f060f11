/**
 * `shield(fut)`: a future that, once started, runs to completion even if
 * whoever awaits it is cancelled.
 */
import { intoFuture, Spawnable } from "./coroutine";
import { RuntimeError } from "./errors";
import { current, Future } from "./future";
import { Pending, Poll } from "./poll";
import { Context, noopWaker } from "./waker";

const enum State {
  /** Not awaited yet: cancelling it drops it like any future. */
  Fresh,
  /** Awaited: a cancellation waits for it to finish. */
  Running,
  Done,
}

/** The context of a cancel that came with none (a synchronous `close()`): one step, no wake. */
const DETACHED = new Context(noopWaker);

/**
 * Future for {@link shield}.
 *
 * Two owners honour the shield. A coroutine (a task, a `Coroutine`) that is
 * cancelled while suspended on a running shield is not returned there: it
 * keeps running normally until it next waits on something else, and is
 * returned at that point (see `Trampoline.stop`), so the code after the
 * shield runs and an error the `finally` was propagating is not replaced.
 * Any other owner (a `select` dropping it, a `FuturesUnordered`) calls
 * `cancel(cx)`, which keeps polling the inner future and returns `Pending`
 * until it is done; its value is then dropped.
 *
 * @example
 * const s: Shield<void> = shield(flushLogs());
 * yield* s; // an abort() of this task waits until flushLogs() is done
 */
export class Shield<T> extends Future<T> {
  readonly #inner: Future<T>;
  #state = State.Fresh;

  constructor(inner: Future<T>) {
    super();
    this.#inner = inner;
  }

  /** @internal True while started and not finished: a cancellation must wait. */
  get shielding(): boolean {
    return this.#state === State.Running;
  }

  /**
   * Reached by `yield*`: started, even if the task's budget runs out right
   * here and the first poll comes only on its next turn (a cancellation
   * arriving in between must still wait for it).
   */
  override next(resumedBy?: unknown): IteratorResult<Future<unknown>, T> {
    if (resumedBy === null) return super.next(resumedBy); // another driver's first resume: not started by it
    if (this.#state === State.Fresh) this.#state = State.Running;
    return super.next();
  }

  poll(cx: Context): Poll<T> {
    if (this.#state === State.Done) throw new RuntimeError(`${this.describe()} was polled after it completed`);
    this.#state = State.Running;
    return this.#step(cx);
  }

  /**
   * Before its start: drops the inner future. After: drives it to its end
   * (`Pending` until then; call again on wake), dropping its value; an
   * error it throws is thrown.
   */
  override cancel(cx?: Context): void | Pending {
    if (this.#state === State.Done) return;
    if (this.#state === State.Fresh) {
      this.#state = State.Done;
      return this.#inner.cancel?.(cx);
    }
    if (this.#step(cx ?? current.cx ?? DETACHED) === Pending) return Pending;
  }

  override describe(): string {
    return `shield(${this.#inner.describe()})`;
  }

  #step(cx: Context): Poll<T> {
    let v: Poll<T>;
    try {
      v = this.#inner.poll(cx);
    } catch (e) {
      this.#state = State.Done;
      throw e;
    }
    if (v !== Pending) this.#state = State.Done;
    return v;
  }
}

/**
 * Wraps `fut` (a future, a generator object or a generator function) so
 * that, once started, it runs to completion even if its task is cancelled;
 * the cancellation takes effect right after it, at the next point where the
 * task waits. Use it for async cleanup in a `finally` that may run because
 * of an error or a normal return: cleanup that runs because of a
 * cancellation is shielded already. genfut's own cleanup futures
 * (`FuturesUnordered.cancelAll()`, `JoinSet.shutdown()`) are shielded.
 *
 * @example
 * function* worker(conn: Conn) {
 *   try {
 *     return yield* conn.query("...");
 *   } finally {
 *     // Runs after an error or a return too; an abort() arriving now
 *     // waits for the flush instead of cutting it off.
 *     yield* shield(conn.flush());
 *   }
 * }
 */
export function shield<T>(fut: Spawnable<T>): Shield<T> {
  return new Shield(intoFuture(fut, "shield(fut)", "fut"));
}
