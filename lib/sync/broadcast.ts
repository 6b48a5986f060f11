/**
 * `broadcast<T>(cap)`: many senders, many receivers; every receiver sees
 * every message sent after it subscribed, unless it falls `cap` behind.
 *
 * The channel keeps the last `cap` messages in a ring. Each slot counts the
 * receivers that have yet to read it and drops its message when the count
 * reaches zero, so memory is not held for messages everyone has seen. A
 * receiver more than `cap` behind has lost the overwritten messages: its next
 * receive throws {@link LaggedError} with how many, and the one after resumes
 * at the oldest message still kept.
 *
 * Why one file past 300 lines: the sender and the receiver keep one count
 * together on the private `Shared` ring. `send` sets a slot's `unread` to
 * the number of receivers; each receiver decrements it when it reads the
 * slot (`#take`) or closes (every slot it had not read), and the last one
 * drops the message; the receiver's constructor and `close` move `receivers`
 * with it. Split into a sender file and a receiver file, the code that sets
 * the count and the code that spends it would be read apart, and `Shared`
 * would have to be exported. About 170 of its lines are comments.
 */
import { checkInteger } from "../core/check";
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
import { Stream } from "../core/stream";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { End } from "../core/stream";
import { LaggedError, SendError, TryRecvError } from "./errors";
import { Waiter, WaiterList } from "./waiter-list";
import { ReceiversGone, wakeReceiversGone } from "./receivers-gone";

/**
 * The ring and the counts both halves share.
 *
 * The ring grows as messages arrive, up to `cap` slots: while `tail < cap`
 * the next slot (`tail % cap`) is `tail` itself, one past the end, so a send
 * appends; from then on it overwrites. Rejected: allocating `cap` slots up
 * front, which made `broadcast(2 ** 26)` take 40 s and 3.5 GB before the
 * first message, and `broadcast(2 ** 32)` throw "Invalid array length".
 */
class Shared<T> {
  readonly values: (T | undefined)[] = [];
  /** Receivers that have not read the message in each slot yet. */
  readonly unread: number[] = [];
  /** Sequence number of the next message. */
  tail = 0;
  senders = 1;
  receivers = 0;
  readonly waiters = new WaiterList<BroadcastRecv<T>>();
  /** Futures of `tx.closed()`, woken when `receivers` drops to 0. */
  readonly closedWaiters = new WaiterList<Waiter>();
  constructor(readonly cap: number) {}
  get oldest(): number {
    return Math.max(0, this.tail - this.cap);
  }
  wakeAll(): void {
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as BroadcastRecv<T> | null;
      w.qPrev = w.qNext = null;
      w.waker?.wake();
      w = next;
    }
  }
}

/** Tells `pollRecv`'s callers "nothing yet" apart from a message. */
const EMPTY: unique symbol = Symbol("empty");

/**
 * The sending half of a {@link broadcast} channel. Cloneable; each clone is
 * closed on its own, and receivers see the end once all are closed.
 *
 * @example
 * const [tx, rx] = broadcast<string>(16);
 * const n = tx.send("news"); // how many receivers will see it
 */
export class BroadcastSender<T> implements Disposable {
  #closed = false;
  /** @internal A field, not a constructor parameter property, so the tag leaves it out of the declarations. */
  readonly shared: Shared<T>;

  /** @internal */
  constructor(shared: Shared<T>) {
    this.shared = shared;
  }

  /**
   * Sends `value` to every receiver and returns how many there are. Throws
   * `SendError` (with `.value`) when there are none: nobody would see it.
   * Never waits: a slow receiver lags instead of holding the sender back.
   */
  send(value: T): number {
    const s = this.shared;
    if (this.#closed) throw new SendError(value, "this broadcast sender was closed");
    if (s.receivers === 0) throw new SendError(value, "the broadcast channel has no receivers");
    const i = s.tail % s.cap;
    if (i === s.values.length) {
      s.values.push(value); // still growing (see `Shared`)
      s.unread.push(s.receivers);
    } else {
      s.values[i] = value;
      s.unread[i] = s.receivers;
    }
    s.tail++;
    s.wakeAll();
    return s.receivers;
  }

  /** A new receiver that sees messages sent from now on. */
  subscribe(): BroadcastReceiver<T> {
    return new BroadcastReceiver(this.shared, this.shared.tail);
  }

  /** Another sender, closed independently. */
  clone(): BroadcastSender<T> {
    if (this.#closed) throw new TypeError("clone() on a broadcast sender that was closed");
    this.shared.senders++;
    return new BroadcastSender(this.shared);
  }

  /** Closes this sender; when every sender is closed, receivers get `undefined` after the last message. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (--this.shared.senders === 0) this.shared.wakeAll();
  }

  /**
   * Receivers subscribed now.
   *
   * @example
   * if (tx.receiverCount() > 0) tx.send(event);
   */
  receiverCount(): number {
    return this.shared.receivers;
  }

  /** Same as `close()`, so `using tx = ...` closes this sender when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Messages kept that some receiver has not read yet (at most the
   * capacity): what the slowest receiver still has to catch up on.
   *
   * @example
   * if (tx.len() === 0) console.log("every receiver is up to date");
   */
  len(): number {
    const s = this.shared;
    let n = 0;
    for (let seq = s.oldest; seq < s.tail; seq++) if (s.unread[seq % s.cap] > 0) n++;
    return n;
  }

  /**
   * True when every receiver has read every message kept.
   *
   * @example
   * tx.isEmpty(); // true right after every receiver caught up
   */
  isEmpty(): boolean {
    return this.len() === 0;
  }

  /**
   * A future that completes once no receiver is left (at once if none is),
   * e.g. to stop producing messages nobody will read.
   *
   * @example
   * yield* race(tx.closed(), produce(tx));
   */
  closed(): Future<void> {
    return new ReceiversGone(this.shared, "broadcast");
  }

  /**
   * True if `other` sends into the same channel.
   *
   * @example
   * tx.sameChannel(tx.clone()); // true
   */
  sameChannel(other: BroadcastSender<T>): boolean {
    return this.shared === other.shared;
  }
}

/**
 * Future for {@link BroadcastReceiver.recv}; reused by its receiver, and its own queue node.
 *
 * @example
 * const v = yield* rx.recv();
 */
export class BroadcastRecv<T> extends Future<T | undefined> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  /** @internal */
  constructor(readonly rx: BroadcastReceiver<T>) {
    super();
  }
  poll(cx: Context): Poll<T | undefined> {
    const v = this.rx.pollRecv(cx);
    return v === End ? undefined : v;
  }
  override cancel(): void {
    this.rx.cancelNext();
  }
  override describe(): string {
    return `broadcast.recv(capacity ${this.rx.shared.cap}, ${this.rx.len()} unseen)`;
  }
}

/**
 * A receiving half of a {@link broadcast} channel: a `Stream` of every
 * message sent since it subscribed. `recv()` gives `undefined` once every
 * sender is closed and it has seen everything, and throws `LaggedError` if
 * it fell behind.
 *
 * @example
 * const rx2 = tx.subscribe();
 * for (let v; (v = yield* rx2.recv()) !== undefined; ) console.log(v);
 */
export class BroadcastReceiver<T> extends Stream<T> {
  /** Sequence number of the next message to read. */
  #next: number;
  #closed = false;
  readonly #recv: BroadcastRecv<T>;

  /** @internal See `BroadcastSender.shared`. */
  readonly shared: Shared<T>;

  /** @internal */
  constructor(shared: Shared<T>, next: number) {
    super();
    this.shared = shared;
    this.#next = next;
    shared.receivers++;
    this.#recv = new BroadcastRecv(this);
  }

  /**
   * The next message; `undefined` when every sender is closed and nothing is
   * left; throws `LaggedError` (then resumes at the oldest kept message).
   *
   * @example
   * for (;;) {
   *   try { const v = yield* rx.recv(); if (v === undefined) break; use(v); }
   *   catch (e) { if (!(e instanceof LaggedError)) throw e; }
   * }
   */
  recv(): Future<T | undefined> {
    return this.#recv;
  }

  /**
   * A message now, or `TryRecvError` (`"empty"`, `"closed"`), or `LaggedError`.
   *
   * @example
   * try { use(rx.tryRecv()); } catch (e) { if (e instanceof LaggedError) resync(); }
   */
  tryRecv(): T {
    const v = this.#take();
    if (v === EMPTY) throw new TryRecvError(this.#ended() ? "closed" : "empty");
    return v;
  }

  /**
   * A new receiver starting at the next message sent from now on.
   *
   * @example
   * spawn(listen(rx.resubscribe()));
   */
  resubscribe(): BroadcastReceiver<T> {
    return new BroadcastReceiver(this.shared, this.shared.tail);
  }

  /**
   * Messages sent and not yet seen by this receiver (counting ones it lost to lag).
   *
   * @example
   * console.log(`${rx.len()} behind`);
   */
  len(): number {
    return this.shared.tail - this.#next;
  }

  /**
   * True when this receiver has seen every message sent.
   *
   * @example
   * if (rx.isEmpty()) yield* idle();
   */
  isEmpty(): boolean {
    return this.len() === 0;
  }

  /**
   * Unsubscribes: the messages it had not read no longer wait for it. A task
   * waiting in `recv()` on this receiver is woken and gets `undefined`.
   */
  override close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const s = this.shared;
    const r = this.#recv;
    s.waiters.remove(r);
    const w = r.waker;
    r.waker = null;
    w?.wake();
    for (let seq = Math.max(this.#next, s.oldest); seq < s.tail; seq++) this.#release(seq % s.cap);
    this.#next = s.tail;
    if (--s.receivers === 0) wakeReceiversGone(s.closedWaiters);
  }

  /** @internal */
  pollRecv(cx: Context): Poll<T | End> {
    const v = this.#take();
    if (v !== EMPTY) return v;
    if (this.#ended()) return End;
    const r = this.#recv;
    r.waker = cx.waker;
    if (!r.linked) this.shared.waiters.push(r);
    return Pending;
  }

  pollNext(cx: Context): Poll<T | End> {
    return this.pollRecv(cx);
  }

  override cancelNext(): void {
    this.#recv.waker = null;
    this.shared.waiters.remove(this.#recv);
  }

  override describe(): string {
    return `broadcast.Receiver(capacity ${this.shared.cap}, ${this.len()} unseen)`;
  }

  /**
   * True once every sender is closed (messages not yet seen can still be
   * received), or this receiver was closed.
   *
   * @example
   * if (rx.isClosed() && rx.isEmpty()) return;
   */
  isClosed(): boolean {
    return this.#ended();
  }

  /**
   * True if `other` receives from the same channel.
   *
   * @example
   * rx.sameChannel(rx.resubscribe()); // true
   */
  sameChannel(other: BroadcastReceiver<T>): boolean {
    return this.shared === other.shared;
  }

  #ended(): boolean {
    return this.#closed || this.shared.senders === 0;
  }

  #take(): T | typeof EMPTY {
    if (this.#closed) return EMPTY;
    const s = this.shared;
    const seq = this.#next;
    if (seq >= s.tail) return EMPTY;
    const oldest = s.oldest;
    if (seq < oldest) {
      this.#next = oldest;
      throw new LaggedError(oldest - seq);
    }
    const i = seq % s.cap;
    const v = s.values[i] as T;
    this.#release(i);
    this.#next = seq + 1;
    return v;
  }

  /** This receiver is done with slot `i`; the last reader drops the message. */
  #release(i: number): void {
    const s = this.shared;
    if (--s.unread[i] === 0) s.values[i] = undefined;
  }
}

/**
 * A channel where every receiver gets every message: `[tx, rx]`, keeping
 * the last `capacity` messages (a whole number >= 1) for receivers that are
 * behind. More receivers come from `tx.subscribe()`.
 *
 * @example
 * const [tx, rx1] = broadcast<string>(16);
 * const rx2 = tx.subscribe();
 * tx.send("hi");
 * (yield* rx1.recv()) === "hi" && (yield* rx2.recv()) === "hi"; // true
 */
export function broadcast<T>(capacity: number): [BroadcastSender<T>, BroadcastReceiver<T>] {
  checkInteger("broadcast(capacity)", "capacity", capacity, 1);
  const shared = new Shared<T>(capacity);
  return [new BroadcastSender(shared), new BroadcastReceiver(shared, 0)];
}
