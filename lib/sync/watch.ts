/**
 * `watch<T>(init)`: one value that changes over time; receivers wait for
 * changes and always see the latest value (intermediate ones may be skipped).
 *
 * Each send bumps a version; each receiver remembers the version it has seen.
 * Waiting therefore holds no message, and a cancelled `changed()` or
 * `waitFor()` loses nothing: the change it missed is still unseen.
 *
 * Why one file past 300 lines: `Shared`, private to this file, is what the
 * sender, the receiver and both waiting futures (`WatchChanged`,
 * `WatchWaitFor`) work on, and the version rule above is kept by all four:
 * the sender bumps `version`, and the receiver's `seen` is written by
 * `borrowAndUpdate`, `markChanged`, `markUnchanged` and by each future as it
 * polls. In one file every write to `version` and `seen` is in one reading,
 * and `Shared` stays unexported; tokio keeps its `watch` in one file too.
 * About 170 of its lines are comments.
 */
import { checkFunction } from "../core/check";
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { RecvError, SendError } from "./errors";
import { Waiter, WaiterList } from "./waiter-list";
import { ReceiversGone, wakeReceiversGone } from "./receivers-gone";

/** The value, its version and the waiters both halves share. */
class Shared<T> {
  version = 0;
  senderClosed = false;
  receivers = 0;
  readonly waiters = new WaiterList<WatchWaiter>();
  /** Futures of `tx.closed()`, woken when `receivers` drops to 0. */
  readonly closedWaiters = new WaiterList<Waiter>();
  constructor(public value: T) {}
  publish(): void {
    this.version++;
    this.wakeAll();
  }
  wakeAll(): void {
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as WatchWaiter | null;
      w.qPrev = w.qNext = null;
      w.waker?.wake();
      w = next;
    }
  }
}

/** A waiting `changed()` or `waitFor()`: its own queue node. */
abstract class WatchWaiter extends Future<any> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;

  // Written out: see `YieldNow`'s constructor.
  constructor() {
    super();
  }

  /** @internal */
  protected park(shared: Shared<unknown>, cx: Context): Pending {
    this.waker = cx.waker;
    if (!this.linked) shared.waiters.push(this);
    return Pending;
  }
}

/**
 * The sending half of a {@link watch} channel: replaces or modifies the value
 * and wakes every receiver waiting for a change.
 *
 * @example
 * const [tx, rx] = watch({ level: 1 });
 * tx.sendModify((cfg) => { cfg.level = 2; });
 */
export class WatchSender<T> implements Disposable {
  /** @internal A field, not a constructor parameter property, so the tag leaves it out of the declarations. */
  readonly shared: Shared<T>;

  /** @internal */
  constructor(shared: Shared<T>) {
    this.shared = shared;
  }

  /**
   * Replaces the value and notifies receivers. Throws `SendError` (with
   * `.value`, and the value not stored) when every receiver is closed; use
   * `sendReplace` to store it regardless.
   */
  send(value: T): void {
    const s = this.shared;
    if (s.senderClosed) throw new SendError(value, "this watch sender was closed");
    if (s.receivers === 0) throw new SendError(value, "the watch channel has no receivers");
    s.value = value;
    s.publish();
  }

  /** Replaces the value (even with no receivers), notifies, and returns the old value. */
  sendReplace(value: T): T {
    const s = this.shared;
    if (s.senderClosed) throw new SendError(value, "this watch sender was closed");
    const old = s.value;
    s.value = value;
    s.publish();
    return old;
  }

  /**
   * Modifies the value and notifies receivers, even with none. `f` may
   * mutate the value in place and return nothing, or return a new value.
   *
   * @example
   * tx.sendModify((n) => n + 1);            // replace
   * tx.sendModify((cfg) => { cfg.level = 2 }); // mutate in place
   */
  sendModify(f: (value: T) => T | void): void {
    const s = this.shared;
    checkFunction("WatchSender.sendModify(f)", "f", f);
    if (s.senderClosed) throw new TypeError("sendModify() on a watch sender that was closed");
    const r = f(s.value);
    if (r !== undefined) s.value = r as T;
    s.publish();
  }

  /** Like `sendModify`, but notifies only if `f` returns true (it must mutate in place). */
  sendIfModified(f: (value: T) => boolean): boolean {
    const s = this.shared;
    checkFunction("WatchSender.sendIfModified(f)", "f", f);
    if (s.senderClosed) throw new TypeError("sendIfModified() on a watch sender that was closed");
    const changed = f(s.value);
    if (changed) s.publish();
    return changed;
  }

  /** The current value. */
  borrow(): T {
    return this.shared.value;
  }

  /**
   * A new receiver; it has seen the current value.
   *
   * @example
   * spawn(follow(tx.subscribe()));
   */
  subscribe(): WatchReceiver<T> {
    return new WatchReceiver(this.shared, this.shared.version);
  }

  /**
   * Receivers not closed.
   *
   * @example
   * if (tx.receiverCount() === 0) stopPolling();
   */
  receiverCount(): number {
    return this.shared.receivers;
  }

  /** True once every receiver is closed. */
  isClosed(): boolean {
    return this.shared.receivers === 0;
  }

  /** Closes the sender: receivers see the last value, then `changed()` throws `RecvError`. */
  close(): void {
    const s = this.shared;
    if (s.senderClosed) return;
    s.senderClosed = true;
    s.wakeAll();
  }

  /** Same as `close()`, so `using` closes this end of the channel when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * A future that completes once every receiver is closed (at once if none
   * is left), e.g. to stop computing values nobody watches.
   *
   * @example
   * yield* race(tx.closed(), refreshForever(tx));
   */
  closed(): Future<void> {
    return new ReceiversGone(this.shared, "watch");
  }
}

/**
 * Future for {@link WatchReceiver.changed}.
 *
 * @example
 * yield* rx.changed();
 */
export class WatchChanged<T> extends WatchWaiter {
  /**
   * The version the receiver had seen when this wait parked (-1 before).
   * Several tasks may wait on one receiver: the first to wake marks the new
   * version seen, and the others still complete, because it differs from
   * the version they started from. Rejected: a `BusyError` for the second
   * waiter (tokio's `&mut self`), since `rx.clone()` is not always at hand
   * where the second wait is written.
   */
  #from = -1;
  /** @internal */
  constructor(readonly rx: WatchReceiver<T>) {
    super();
  }
  poll(cx: Context): Poll<void> {
    const rx = this.rx;
    const s = rx.shared;
    if (rx.seen !== s.version || (this.#from !== -1 && this.#from !== s.version)) {
      rx.seen = s.version;
      return;
    }
    if (s.senderClosed || rx.closed) throw new RecvError("the watch sender is closed and no change is left unseen");
    this.#from = s.version;
    return this.park(s, cx);
  }
  override cancel(): void {
    this.waker = null;
    this.rx.shared.waiters.remove(this);
  }
  override describe(): string {
    return `watch.changed(version ${this.rx.shared.version})`;
  }
}

/**
 * Future for {@link WatchReceiver.waitFor}.
 *
 * @example
 * const v = yield* rx.waitFor((s) => s.ready);
 */
export class WatchWaitFor<T> extends WatchWaiter {
  #checked = -1;
  /** @internal */
  constructor(
    readonly rx: WatchReceiver<T>,
    private readonly pred: (value: T) => boolean,
  ) {
    super();
  }
  poll(cx: Context): Poll<T> {
    const rx = this.rx;
    const s = rx.shared;
    // Test each version once: the first poll tests the current value, seen or not.
    if (this.#checked !== s.version) {
      this.#checked = s.version;
      rx.seen = s.version;
      if (this.pred(s.value)) return s.value;
    }
    if (s.senderClosed || rx.closed) throw new RecvError("the watch sender closed before the value matched");
    return this.park(s, cx);
  }
  override cancel(): void {
    this.waker = null;
    this.rx.shared.waiters.remove(this);
  }
  override describe(): string {
    return `watch.waitFor(${this.pred.name || "predicate"}, version ${this.rx.shared.version})`;
  }
}

/**
 * A receiving half of a {@link watch} channel. `borrow()` reads the latest
 * value; `yield* changed()` waits until there is a version it has not seen.
 *
 * @example
 * for (;;) {
 *   yield* rx.changed();       // RecvError once the sender is gone
 *   apply(rx.borrowAndUpdate());
 * }
 */
export class WatchReceiver<T> implements Disposable {
  /** @internal version this receiver has seen */
  seen: number;
  /** @internal See `WatchSender.shared`. */
  readonly shared: Shared<T>;
  /** @internal */
  closed: boolean;

  /** @internal */
  constructor(shared: Shared<T>, seen: number) {
    this.shared = shared;
    this.closed = false;
    this.seen = seen;
    shared.receivers++;
  }

  /** The latest value, without marking it seen. */
  borrow(): T {
    return this.shared.value;
  }

  /** The latest value, marking it seen. */
  borrowAndUpdate(): T {
    this.seen = this.shared.version;
    return this.shared.value;
  }

  /**
   * True if a value was sent that this receiver has not seen. Throws
   * `RecvError` once the sender is closed and nothing is unseen.
   *
   * @example
   * if (rx.hasChanged()) apply(rx.borrowAndUpdate());
   */
  hasChanged(): boolean {
    const s = this.shared;
    if (this.seen !== s.version) return true;
    if (s.senderClosed) throw new RecvError("the watch sender is closed");
    return false;
  }

  /**
   * Waits for a value this receiver has not seen, and marks it seen. Throws
   * `RecvError` when the sender is closed and nothing unseen remains.
   * Several tasks may wait on one receiver at once: a send completes them
   * all (give a task a receiver of its own with `clone()` when it should
   * track what *it* has seen).
   *
   * @example
   * while (true) { yield* rx.changed(); apply(rx.borrow()); }
   */
  changed(): Future<void> {
    return new WatchChanged(this);
  }

  /**
   * Waits until `pred(value)` holds (testing the current value first) and
   * gives that value. Throws `RecvError` if the sender closes first.
   *
   * @example
   * yield* state.waitFor((s) => s === "ready");
   */
  waitFor(pred: (value: T) => boolean): Future<T> {
    checkFunction("WatchReceiver.waitFor(pred)", "pred", pred);
    return new WatchWaitFor(this, pred);
  }

  /**
   * Marks the current value unseen, so the next `changed()` completes at once.
   *
   * @example
   * rx.markChanged(); // make the loop below apply the current value first
   * for (;;) { yield* rx.changed(); apply(rx.borrowAndUpdate()); }
   */
  markChanged(): void {
    this.seen = this.shared.version - 1;
  }

  /**
   * Marks the current value seen.
   *
   * @example
   * rx.markUnchanged(); // ignore what was sent so far
   */
  markUnchanged(): void {
    this.seen = this.shared.version;
  }

  /** Another receiver, having seen what this one has. */
  clone(): WatchReceiver<T> {
    return new WatchReceiver(this.shared, this.seen);
  }

  /**
   * Closes this receiver (when every receiver is closed, `send` fails). A
   * task waiting in `changed()` or `waitFor()` on it is woken with `RecvError`.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.shared;
    s.receivers--;
    for (let w = s.waiters.head; w !== null; ) {
      const next = w.qNext as WatchWaiter | null;
      if ((w as WatchChanged<T> | WatchWaitFor<T>).rx === this) {
        s.waiters.remove(w);
        const k = w.waker;
        w.waker = null;
        k?.wake();
      }
      w = next;
    }
    if (s.receivers === 0) wakeReceiversGone(s.closedWaiters);
  }

  /** Same as `close()`, so `using` closes this end of the channel when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * True if `other` receives from the same channel.
   *
   * @example
   * rx.sameChannel(rx.clone()); // true
   */
  sameChannel(other: WatchReceiver<T>): boolean {
    return this.shared === other.shared;
  }
}

/**
 * A channel holding one value, `init` to start with: `[tx, rx]`. Receivers
 * see only the latest value, and wait for changes with `changed()` or
 * `waitFor(pred)`.
 *
 * @example
 * const [tx, rx] = watch("starting");
 * spawn(function* () { tx.send("ready"); });
 * yield* rx.changed();
 * rx.borrow(); // "ready"
 */
export function watch<T>(init: T): [WatchSender<T>, WatchReceiver<T>] {
  const shared = new Shared<T>(init);
  return [new WatchSender(shared), new WatchReceiver(shared, 0)];
}
