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

  constructor(
    readonly notify: Notify,
    readonly queue: NotifyQueue,
  ) {
    super();
    this.#generation = queue.generation;
  }

  poll(cx: Context): Poll<void> {
    const n = this.queue;
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
      this.queue.waiters.remove(this);
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
    return `Notify.notified(${this.queue.waiters.length} waiting)`;
  }
}

/**
 * What a `Notify` and its futures share: the waiters, the `notifyWaiters`
 * count, the stored permit. A class of its own, kept out of `Notify`, so that
 * the public class declares only its public methods.
 */
class NotifyQueue {
  readonly waiters = new WaiterList<Notified>();
  generation = 0;
  permit = false;

  takePermit(): boolean {
    if (!this.permit) return false;
    this.permit = false;
    return true;
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
  readonly #queue = new NotifyQueue();

  /**
   * A future completing on the next notification (or a stored permit).
   * Declared as a `Future`, as `Mutex.lock()` is: the queue node behind it is
   * the runtime's business, not the caller's.
   */
  notified(): Future<void> {
    return new Notified(this, this.#queue);
  }

  /** Wakes the first waiter in line, or stores one permit if nobody waits. */
  notifyOne(): void {
    const q = this.#queue;
    const w = q.waiters.shift();
    if (w === null) {
      q.permit = true;
      return;
    }
    w.state = NotifiedState.NotifiedOne;
    w.waker?.wake();
  }

  /** Wakes every current waiter (and every `notified()` created before this call). */
  notifyWaiters(): void {
    const q = this.#queue;
    q.generation++;
    for (let w = q.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as Notified | null;
      w.qPrev = w.qNext = null;
      w.state = NotifiedState.NotifiedAll;
      w.waker?.wake();
      w = next;
    }
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
    const q = this.#queue;
    const w = q.waiters.tail;
    if (w === null) {
      q.permit = true;
      return;
    }
    q.waiters.remove(w);
    w.state = NotifiedState.NotifiedOne;
    w.lifo = true;
    w.waker?.wake();
  }
}
