/**
 * `scope(function* (s) { s.spawn(..) })`: structured concurrency, trio's
 * nursery. Tasks spawned with `s.spawn` are real tasks (they run on the
 * runtime's executor, concurrently with the body), but they belong to the
 * scope: it ends only once all of them have, so none can outlive it.
 */
import { badArgument } from "../core/check";
import { describeValue, intoFuture, IntoFuture, Spawnable, taskName, toFuture } from "../core/coroutine";
import { RuntimeError } from "../core/errors";
import { current, Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, noopWaker, Waker } from "../core/waker";
import { JoinHandle } from "../task/task";
import { currentRuntime, SpawnOptions } from "../task/runtime";

/** Polling a fresh handle with this marks it observed and registers nothing useful. */
const PRIME = new Context(noopWaker);

const enum Phase {
  /** Body and children running. */
  Running,
  /** Something failed: cancelling the body and aborting the children. */
  Failing,
  /** The owner cancelled the scope. */
  Cancelled,
  Done,
}

const enum Body {
  NotStarted,
  Running,
  Cancelling,
  Done,
}

/**
 * The handle a {@link scope} body receives: spawn children with it.
 *
 * @example
 * yield* scope(function* (s) {
 *   const h = s.spawn(worker(1));
 *   s.spawn(worker(2));
 *   return yield* h; // the scope still waits for worker(2)
 * });
 */
export class Scope {
  readonly #owner: ScopeFuture<unknown>;
  /** @internal */
  constructor(owner: ScopeFuture<unknown>) {
    this.#owner = owner;
  }
  /**
   * Spawns `task` as a child of the scope, on the running runtime. Its error
   * (if any) cancels the scope and is thrown by it; awaiting the handle is
   * optional. Throws once the scope has ended.
   */
  spawn<U>(task: Spawnable<U>, options?: SpawnOptions): JoinHandle<U> {
    return this.#owner.spawnChild(task, options);
  }
}

/** A child's root future: reports to the scope when the child is over, however it ends. */
class ScopeChild<U> extends Future<U> {
  #reported = false;
  constructor(
    private readonly owner: ScopeFuture<unknown>,
    private readonly inner: Future<U>,
  ) {
    super();
  }
  poll(cx: Context): Poll<U> {
    let v: Poll<U>;
    try {
      v = this.inner.poll(cx);
    } catch (e) {
      this.#report(true, e);
      throw e;
    }
    if (v !== Pending) this.#report(false, undefined);
    return v;
  }
  override cancel(cx?: Context): void | Pending {
    let r: void | Pending;
    try {
      r = this.inner.cancel?.(cx);
    } catch (e) {
      // Cleanup that fails is an error of the child: the scope throws it.
      this.#report(true, e);
      throw e;
    }
    if (r === Pending) return Pending;
    this.#report(false, undefined);
  }
  override describe(): string {
    return this.inner.describe();
  }
  #report(failed: boolean, error: unknown): void {
    if (this.#reported) return;
    this.#reported = true;
    this.owner.childFinished(this, failed, error);
  }
}

/** The body's own waker (and context): says the body, not a child, woke. */
class BodyWaker implements Waker {
  readonly waker: Waker = this;
  woken = true;
  constructor(private readonly owner: ScopeFuture<unknown>) {}
  wake(): void {
    this.woken = true;
    this.owner.parent?.wake();
  }
}

/** Future for {@link scope}. */
export class ScopeFuture<T> extends Future<T> {
  /** The waker of the latest poll or cancel. */
  parent: Waker | null = null;
  readonly #fn: (s: Scope) => IntoFuture<T>;
  readonly #bodyCx = new BodyWaker(this);
  #body: Future<T> | null = null;
  #bodyState = Body.NotStarted;
  #value: T | undefined = undefined;
  #phase = Phase.Running;
  /** Children still running (or cancelling), by their root future. */
  readonly #children = new Map<ScopeChild<unknown>, JoinHandle<unknown>>();
  readonly #errors: unknown[] = [];

  constructor(fn: (s: Scope) => IntoFuture<T>) {
    super();
    this.#fn = fn;
  }

  /** @internal */
  spawnChild<U>(task: Spawnable<U>, options?: SpawnOptions): JoinHandle<U> {
    if (this.#phase === Phase.Done) throw new RuntimeError("scope.spawn(): the scope has ended, and its children may not outlive it");
    const rt = currentRuntime("scope.spawn()");
    const child = new ScopeChild<U>(this, intoFuture(task, "Scope.spawn(task)", "task"));
    const h = rt.spawn(child, { name: options?.name ?? taskName(task) });
    // Mark it observed: the scope delivers the child's error, not the runtime.
    h.poll(PRIME);
    this.#children.set(child as ScopeChild<unknown>, h as JoinHandle<unknown>);
    // In a scope that is already winding down, a new child is cancelled at once.
    if (this.#phase !== Phase.Running) h.abort();
    return h;
  }

  /** @internal Called by a child's root future once the child is over. */
  childFinished(child: ScopeChild<unknown>, failed: boolean, error: unknown): void {
    this.#children.delete(child);
    if (failed) {
      this.#errors.push(error);
      this.#fail();
    }
    this.parent?.wake();
  }

  poll(cx: Context): Poll<T> {
    if (this.#phase === Phase.Done) throw new RuntimeError("scope() was polled after it completed");
    if (this.#phase === Phase.Cancelled) throw new RuntimeError("scope() was polled after it was cancelled");
    this.parent = cx.waker;
    if (this.#bodyState === Body.NotStarted) this.#start();
    if (this.#bodyState === Body.Running && this.#bodyCx.woken) {
      this.#bodyCx.woken = false;
      let v: Poll<T>;
      try {
        v = this.#body!.poll(this.#bodyCx);
      } catch (e) {
        this.#bodyState = Body.Done;
        this.#body = null;
        this.#errors.push(e);
        this.#fail();
        v = Pending;
      }
      if (v !== Pending) {
        this.#bodyState = Body.Done;
        this.#body = null;
        this.#value = v;
      }
    }
    if (!this.#settled()) return Pending;
    this.#phase = Phase.Done;
    throwAll(this.#errors);
    return this.#value as T;
  }

  /**
   * Cancels the body and aborts every child; `Pending` until all of them
   * have finished their cleanup. Errors (failed children, failed cleanup)
   * are thrown.
   */
  override cancel(cx?: Context): void | Pending {
    if (this.#phase === Phase.Done) return;
    const c = cx ?? current.cx;
    if (c !== null) this.parent = c.waker;
    if (this.#phase !== Phase.Cancelled) {
      this.#wind();
      this.#phase = Phase.Cancelled;
    }
    if (!this.#settled()) return Pending;
    this.#phase = Phase.Done;
    throwAll(this.#errors);
  }

  override describe(): string {
    return `scope(${this.#children.size} children)`;
  }

  #start(): void {
    const made = this.#fn(new Scope(this as ScopeFuture<unknown>));
    const f = toFuture(made);
    if (f === null) throw new TypeError(`scope(): the body returned ${describeValue(made)}, not a generator object or a future: pass a generator function`);
    this.#body = f as Future<T>;
    this.#bodyState = Body.Running;
  }

  /** The first failure: cancel everything else, once. */
  #fail(): void {
    if (this.#phase !== Phase.Running) return;
    this.#phase = Phase.Failing;
    this.#wind();
  }

  /** Cancels the body (on the next drive) and aborts every child. */
  #wind(): void {
    if (this.#bodyState === Body.Running) {
      this.#bodyState = Body.Cancelling;
      this.#bodyCx.woken = true;
    } else if (this.#bodyState === Body.NotStarted) {
      this.#bodyState = Body.Done;
    }
    for (const h of this.#children.values()) h.abort();
    this.parent?.wake();
  }

  /** Drives the body's cancellation; true when body and children are all over. */
  #settled(): boolean {
    if (this.#bodyState === Body.Cancelling && this.#bodyCx.woken) {
      this.#bodyCx.woken = false;
      let r: void | Pending = undefined;
      try {
        r = this.#body!.cancel?.(this.#bodyCx);
      } catch (e) {
        this.#errors.push(e);
      }
      if (r !== Pending) {
        this.#bodyState = Body.Done;
        this.#body = null;
      }
    }
    return this.#bodyState === Body.Done && this.#children.size === 0;
  }
}

function throwAll(errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `scope(): ${errors.length} errors`);
}

/**
 * Runs `body` with a {@link Scope} to spawn children on, and gives the
 * body's value once the body *and every child* have finished (trio's
 * nursery). The first error, of the body or of a child, cancels the body and
 * every other child; the scope then waits for their cleanup and throws that
 * error (several as an `AggregateError`). Cancelling the scope cancels them
 * all. Children cannot outlive it.
 *
 * @example
 * const total = yield* scope(function* (s) {
 *   s.spawn(function* () { yield* sleep(10); console.log("child done"); });
 *   return 42;
 * }); // 42, after "child done"
 */
export function scope<T>(body: (s: Scope) => IntoFuture<T>): Future<T> {
  if (typeof body !== "function") badArgument(TypeError, "scope(body)", "body", "a generator function (s) => ...", body);
  return new ScopeFuture(body);
}
