/**
 * The engine under `Semaphore`, `Mutex` and `RwLock`: a count of permits and
 * a strictly FIFO queue of acquirers (tokio's batch semaphore, simplified for
 * one thread).
 *
 * Fairness: a waiter joins the queue at its first pending poll, and permits
 * are granted only to the head. A large `acquire(n)` at the head therefore
 * blocks later small ones until it is served; nobody starves.
 *
 * Grant, then take: when permits free up, the head waiter is *granted* them
 * (they leave the pool and the waiter leaves the queue) and woken; its next
 * poll takes them. If it is cancelled in between, it hands them straight back
 * to the pool, which grants them to the next waiter. No permit is ever lost.
 *
 * Invariant: while the queue is non-empty, `permits` < the head's request.
 */
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { AcquireError } from "./errors";
import { Waiter, WaiterList } from "./waiter-list";

export class PermitPool {
  readonly waiters = new WaiterList<Acquire<unknown>>();
  closed = false;
  constructor(public permits: number) {}

  /** Takes `n` permits at once if no one is queued ahead and enough are free. */
  tryTake(n: number): boolean {
    if (this.waiters.length === 0 && this.permits >= n) {
      this.permits -= n;
      return true;
    }
    return false;
  }

  /** Returns `n` permits and grants them to waiters in order. */
  release(n: number): void {
    this.permits += n;
    let w: Acquire<unknown> | null;
    while ((w = this.waiters.head) !== null && this.permits >= w.needed) {
      this.permits -= w.needed;
      this.waiters.remove(w);
      w.state = AcquireState.Granted;
      w.waker?.wake();
    }
  }

  /** Closes the pool: every waiter and every later acquire fails with `AcquireError`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as Acquire<unknown> | null;
      w.qPrev = w.qNext = null;
      w.state = AcquireState.Closed;
      w.waker?.wake();
      w = next;
    }
  }
}

export const enum AcquireState {
  /** Not polled yet, or cancelled: the next poll tries afresh. */
  Idle,
  /** In the queue. */
  Waiting,
  /** Permits granted and set aside for this future; its next poll takes them. */
  Granted,
  /** The pool closed while it waited. */
  Closed,
  /** Completed: the permits belong to the guard it returned. */
  Done,
}

/**
 * A future acquiring `needed` permits from a pool; subclasses say what it
 * yields (a permit, a guard). It is its own queue node.
 */
export abstract class Acquire<R> extends Future<R> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  state = AcquireState.Idle;

  constructor(
    readonly pool: PermitPool,
    readonly needed: number,
  ) {
    super();
  }

  /** The value handed out once the permits are taken. */
  protected abstract output(): R;
  /** The error thrown when the pool is closed. */
  protected closedError(): Error {
    return new AcquireError();
  }

  poll(cx: Context): Poll<R> {
    switch (this.state) {
      case AcquireState.Idle: {
        const pool = this.pool;
        if (pool.closed) throw this.closedError();
        if (pool.tryTake(this.needed)) {
          this.state = AcquireState.Done;
          return this.output();
        }
        this.waker = cx.waker;
        this.state = AcquireState.Waiting;
        pool.waiters.push(this as Acquire<unknown>);
        return Pending;
      }
      case AcquireState.Waiting:
        this.waker = cx.waker;
        return Pending;
      case AcquireState.Granted:
        this.state = AcquireState.Done;
        this.waker = null;
        return this.output();
      case AcquireState.Closed:
        this.state = AcquireState.Idle;
        this.waker = null;
        throw this.closedError();
      default:
        throw new RuntimeError(`${this.describe()} was polled after it completed`);
    }
  }

  override cancel(): void {
    const s = this.state;
    this.waker = null;
    if (s === AcquireState.Waiting) {
      this.pool.waiters.remove(this as Acquire<unknown>);
      this.state = AcquireState.Idle;
      // Leaving the head may unblock smaller requests behind it.
      if (this.pool.waiters.head !== null) this.pool.release(0);
    } else if (s === AcquireState.Granted) {
      this.state = AcquireState.Idle;
      this.pool.release(this.needed); // hand the granted permits on
    } else if (s === AcquireState.Closed) {
      this.state = AcquireState.Idle;
    }
  }
}
