/**
 * `Notify`: wake one task or all of them, without data (tokio's `Notify`).
 */
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { Waiter, WaiterList } from "./waiter-list";

const enum NotifiedState {
  Idle,
  Waiting,
  /** Picked by `notifyOne`: if cancelled before it returns, the notification passes on. */
  NotifiedOne,
  /** Released by `notifyWaiters`: nothing to pass on. */
  NotifiedAll,
  Done,
}

/**
 * Future for {@link Notify.notified}. It is its own queue node.
 *
 * @example
 * yield* notify.notified();
 */
export class Notified extends Future<void> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  state = NotifiedState.Idle;
  /** Picked by `notifyLast`: a cancelled pick passes on the same way. */
  lifo = false;
  /** `notifyWaiters` calls seen when this future was created. */
  readonly #generation: number;

  constructor(readonly notify: Notify) {
    super();
    this.#generation = notify.generation;
  }

  poll(cx: Context): Poll<void> {
    const n = this.notify;
    switch (this.state) {
      case NotifiedState.Idle:
        // A notifyWaiters() since creation counts, as in tokio: create the
        // future, check your condition, then await it, and no wake is missed.
        if (n.generation !== this.#generation || n.takePermit()) {
          this.state = NotifiedState.Done;
          return;
        }
        this.waker = cx.waker;
        this.state = NotifiedState.Waiting;
        n.waiters.push(this);
        return Pending;
      case NotifiedState.Waiting:
        this.waker = cx.waker;
        return Pending;
      case NotifiedState.Done:
        return;
      default:
        this.state = NotifiedState.Done;
        this.waker = null;
        return;
    }
  }

  override cancel(): void {
    const s = this.state;
    this.waker = null;
    if (s === NotifiedState.Waiting) {
      this.notify.waiters.remove(this);
      this.state = NotifiedState.Idle;
    } else if (s === NotifiedState.NotifiedOne) {
      this.state = NotifiedState.Idle;
      // The notification was meant for someone: pass it on, from the same end.
      if (this.lifo) this.notify.notifyLast();
      else this.notify.notifyOne();
    } else if (s === NotifiedState.NotifiedAll) {
      this.state = NotifiedState.Idle;
    }
  }

  override describe(): string {
    return `Notify.notified(${this.notify.waiters.length} waiting)`;
  }
}

/**
 * Notifies tasks. `notifyOne()` wakes the longest waiting `notified()`, or,
 * if none waits, stores one permit that the next `notified()` consumes at
 * once (several calls store one permit, not several). `notifyWaiters()` wakes
 * every waiter, including futures created but not yet polled, and stores nothing.
 *
 * @example
 * const ready = new Notify();
 * spawn(function* () { yield* ready.notified(); console.log("go"); });
 * ready.notifyOne();
 */
export class Notify {
  /** @internal */
  readonly waiters = new WaiterList<Notified>();
  /** @internal */
  generation = 0;
  #permit = false;

  /**
   * A future completing on the next notification (or a stored permit).
   * Declared as a `Future`, as `Mutex.lock()` is: the queue node behind it is
   * the runtime's business, not the caller's.
   */
  notified(): Future<void> {
    return new Notified(this);
  }

  /** Wakes the first waiter in line, or stores one permit if nobody waits. */
  notifyOne(): void {
    const w = this.waiters.shift();
    if (w === null) {
      this.#permit = true;
      return;
    }
    w.state = NotifiedState.NotifiedOne;
    w.waker?.wake();
  }

  /** Wakes every current waiter (and every `notified()` created before this call). */
  notifyWaiters(): void {
    this.generation++;
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as Notified | null;
      w.qPrev = w.qNext = null;
      w.state = NotifiedState.NotifiedAll;
      w.waker?.wake();
      w = next;
    }
  }

  /** @internal */
  takePermit(): boolean {
    if (!this.#permit) return false;
    this.#permit = false;
    return true;
  }

  /**
   * Wakes the waiter that started waiting last (LIFO), or stores one permit
   * if nobody waits, as tokio's `notify_last`. A waiter picked this way and
   * cancelled before it returns passes the notification to the next last one.
   *
   * @example
   * pool.notifyLast(); // the most recently parked worker has the warmest cache
   */
  notifyLast(): void {
    const w = this.waiters.tail;
    if (w === null) {
      this.#permit = true;
      return;
    }
    this.waiters.remove(w);
    w.state = NotifiedState.NotifiedOne;
    w.lifo = true;
    w.waker?.wake();
  }
}
