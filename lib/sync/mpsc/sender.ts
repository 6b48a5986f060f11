/**
 * The sending halves of an mpsc channel: {@link MpscSender} (bounded) and
 * {@link UnboundedSender}. Each clone is a sender of its own with its own
 * `close()`; the receiver sees the end once every one of them is closed.
 *
 * Why one file past 300 lines: this folder is cut by role (senders here, the
 * receiver in receiver.ts, the futures in send.ts and permits.ts), and both
 * senders stand on `SenderBase`, private to this file, which gives both of
 * them `close`, `isClosed`, `closed`, `sameChannel` and dispose. Rejected:
 * tokio's cut by kind (bounded.rs, unbounded.rs); `UnboundedSender` is 60
 * lines, and moving it alone would export `SenderBase` and leave senders cut
 * by kind and receivers by role. About 170 of its lines are comments.
 */
import type { Poll } from "../../core/poll";
import type { Context, Waker } from "../../core/waker";
import { Future } from "../../core/future";
import { ready } from "../../core/ready";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../../core/poll";
import { SendError, TrySendError } from "../errors";
import type { Waiter } from "../waiter-list";
import type { Chan } from "./chan";
import { MpscPermit, Reserve, Send } from "./send";
import { MpscPermits, OwnedMpscPermit, ReserveMany, ReserveOwned } from "./permits";
import { WeakSender } from "./weak";

/** What bounded and unbounded senders share. */
abstract class SenderBase<T> implements Disposable {
  /** @internal */
  readonly chan: Chan<T>;
  /** @internal true once this sender (not the channel) is closed. */
  closedByUser = false;

  /** @internal */
  constructor(chan: Chan<T>) {
    this.chan = chan;
  }

  /**
   * Closes this sender. Once every sender is closed and the buffer is
   * drained, `recv()` gives `undefined`. Harmless twice.
   */
  close(): void {
    if (this.closedByUser) return;
    this.closedByUser = true;
    this.chan.dropSender();
  }

  /**
   * True once the receiver is closed: sends would fail.
   *
   * @example
   * if (tx.isClosed()) return; // nobody will read what we would make
   */
  isClosed(): boolean {
    return this.chan.rxClosed;
  }

  /**
   * A future completing when the receiver closes.
   *
   * @example
   * yield* race(tx.closed(), produce(tx));
   */
  closed(): Future<void> {
    return new SenderClosed(this.chan);
  }

  /**
   * True if `other` sends into the same channel.
   *
   * @example
   * tx.sameChannel(tx.clone()); // true
   */
  sameChannel(other: SenderBase<T>): boolean {
    return this.chan === other.chan;
  }

  /** Same as `close()`, so `using tx = ...` closes this sender when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Throws `TypeError` naming `what` if this sender was closed: a closed sender cannot be cloned.
   * @internal
   */
  protected checkOpen(what: string): void {
    if (this.closedByUser) throw new TypeError(`${what} on an mpsc sender that was closed`);
  }
}

/**
 * Future for `tx.closed()`: completes when the receiver closes.
 *
 * @example
 * yield* race(tx.closed(), produce()); // stop producing once nobody listens
 */
export class SenderClosed extends Future<void> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  /** @internal */
  constructor(private readonly chan: Chan<unknown>) {
    super();
  }
  poll(cx: Context): Poll<void> {
    if (this.chan.rxClosed) return;
    this.waker = cx.waker;
    if (!this.linked) this.chan.closedWaiters.push(this);
    return Pending;
  }
  override cancel(): void {
    this.waker = null;
    this.chan.closedWaiters.remove(this);
  }
  override describe(): string {
    return "mpsc.closed()";
  }
}

/**
 * The sending half of a bounded {@link mpsc | mpsc.channel}. `yield* tx.send(v)`
 * waits while the channel is full; senders waiting for room are served in
 * the order they started waiting.
 *
 * @example
 * const [tx, rx] = mpsc.channel<string>(4);
 * yield* tx.send("job");      // waits while 4 are queued
 * const tx2 = tx.clone();      // a second producer
 * tx.close(); tx2.close();     // rx.recv() then ends with undefined
 */
export class MpscSender<T> extends SenderBase<T> {
  /** @internal see `SenderState.spare` */
  spare: Send<T> | null = null;

  // Written out: see `YieldNow`'s constructor.
  constructor(chan: Chan<T>) {
    super(chan);
  }

  /**
   * Sends `value`, waiting for room. Throws `SendError` (with `.value`) if the
   * receiver is closed. Cancelled while waiting, it sends nothing and gives
   * up its place (and any slot it had been granted) to the next sender.
   *
   * @example
   * yield* tx.send({ id: 1 });
   */
  send(value: T): Future<void> {
    const spare = this.spare;
    if (spare !== null) {
      this.spare = null;
      return spare.reuse(value);
    }
    return new Send(this.chan, this, value);
  }

  /**
   * Sends now or throws `TrySendError`: `kind` `"full"` (or senders are
   * already waiting) or `"closed"`; `.value` gives the message back.
   */
  trySend(value: T): void {
    const chan = this.chan;
    if (chan.rxClosed || this.closedByUser) throw new TrySendError("closed", value);
    if (chan.free === 0) throw new TrySendError("full", value);
    chan.free--;
    chan.push(value);
  }

  /** Waits for a slot and returns it as a permit, so the message can be made after room is known. */
  reserve(): Future<MpscPermit<T>> {
    return new Reserve(this.chan, this);
  }

  /** A permit now, or `TrySendError` (with `value` undefined). */
  tryReserve(): MpscPermit<T> {
    const chan = this.chan;
    if (chan.rxClosed || this.closedByUser) throw new TrySendError("closed", undefined);
    if (chan.free === 0) throw new TrySendError("full", undefined);
    chan.free--;
    chan.permits++;
    return new MpscPermit(chan);
  }

  /** Another sender for the same channel, closed independently. */
  clone(): MpscSender<T> {
    this.checkOpen("clone()");
    this.chan.senders++;
    return new MpscSender(this.chan);
  }

  /**
   * Free slots right now.
   *
   * @example
   * if (tx.capacity() === 0) metrics.backpressure++;
   */
  capacity(): number {
    return this.chan.free;
  }

  /**
   * The channel's capacity.
   *
   * @example
   * const used = tx.maxCapacity() - tx.capacity();
   */
  maxCapacity(): number {
    return this.chan.cap;
  }

  /**
   * Waits for `n` slots at once and returns them as {@link MpscPermits}. It
   * queues with single sends and reservations (FIFO): at the head of the
   * queue it gathers slots as they free up, and later senders wait behind
   * it. Cancelled, it gives every slot it gathered to the next waiter.
   * `n` is a whole number from 0 to `maxCapacity()` (more could never be
   * granted): a `RangeError` otherwise. Throws `SendError` when the receiver
   * closes first.
   *
   * @example
   * using permits = yield* tx.reserveMany(2);
   * permits.send("header");
   * permits.send("body");  // both queued together, nothing in between from this task
   */
  reserveMany(n: number): Future<MpscPermits<T>> {
    this.#checkMany("reserveMany", n);
    return new ReserveMany(this.chan, this, n);
  }

  /**
   * `n` slots now, or `TrySendError` (`value` undefined): `"full"` when fewer
   * than `n` are free (or senders are already waiting), `"closed"` when the
   * receiver or this sender is closed.
   *
   * @example
   * try { using p = tx.tryReserveMany(2); p.send(a); p.send(b); }
   * catch (e) { if (e instanceof TrySendError && e.kind === "full") later(); }
   */
  tryReserveMany(n: number): MpscPermits<T> {
    this.#checkMany("tryReserveMany", n);
    const chan = this.chan;
    if (chan.rxClosed || this.closedByUser) throw new TrySendError("closed", undefined);
    if (chan.free < n) throw new TrySendError("full", undefined);
    chan.free -= n;
    chan.permits += n;
    return new MpscPermits(chan, n);
  }

  /**
   * Waits for a slot and returns it as an {@link OwnedMpscPermit}, which
   * holds a sender of its own: it keeps the channel open until it is used,
   * even if this sender is closed meanwhile (tokio's `reserve_owned`).
   *
   * @example
   * const permit = yield* tx.reserveOwned();
   * spawn(function* () { permit.send(yield* work()); });
   */
  reserveOwned(): Future<OwnedMpscPermit<T>> {
    return new ReserveOwned(this.chan, this);
  }

  /**
   * An owned permit now, or `TrySendError` (`"full"` or `"closed"`).
   *
   * @example
   * const permit = tx.tryReserveOwned();
   */
  tryReserveOwned(): OwnedMpscPermit<T> {
    const chan = this.chan;
    if (chan.rxClosed || this.closedByUser) throw new TrySendError("closed", undefined);
    if (chan.free === 0) throw new TrySendError("full", undefined);
    chan.free--;
    chan.permits++;
    chan.senders++;
    return new OwnedMpscPermit(chan);
  }

  /**
   * A weak sender: it does not keep the channel open, and `upgrade()` makes
   * a sender of it while some sender (or owned permit) is still alive.
   *
   * @example
   * const weak = tx.downgrade();
   * tx.close();
   * weak.upgrade(); // undefined: no sender was left
   */
  downgrade(): WeakSender<MpscSender<T>> {
    return new WeakSender(this.chan, (chan) => new MpscSender(chan));
  }

  #checkMany(what: string, n: number): void {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > this.chan.cap) {
      throw new RangeError(`${what}(n): n must be a whole number from 0 to the capacity ${this.chan.cap}, got ${String(n)}`);
    }
  }
}

/** What an unbounded `send` returns: already done, shared, so sending allocates no future. */
const SENT: Future<void> = ready<void>(undefined);

/**
 * The sending half of an {@link mpsc | mpsc.unbounded} channel. Sending never waits:
 * `send(v)` queues the message at once (like tokio's synchronous
 * `UnboundedSender::send`) and returns a completed future, so both
 * `tx.send(v)` and `yield* tx.send(v)` work.
 *
 * @example
 * const [tx, rx] = mpsc.unbounded<string>();
 * tx.send("log line");
 * tx.close();
 */
export class UnboundedSender<T> extends SenderBase<T> {
  /**
   * Queues `value` now. Throws `SendError` (with `.value`) if the receiver is
   * closed or this sender was closed.
   *
   * @example
   * tx.send("log line");           // synchronous
   * yield* tx.send("another");     // also fine
   */
  send(value: T): Future<void> {
    const chan = this.chan;
    if (chan.rxClosed) throw new SendError(value);
    if (this.closedByUser) throw new SendError(value, "this sender was closed");
    // `chan.push`, written out: a call less on every message.
    chan.buffer.push(value);
    const w = chan.rxWaker;
    if (w !== null) {
      chan.rxWaker = null;
      w.wake();
    }
    return SENT;
  }

  /** Same as `send`, with `TrySendError` (`kind` `"closed"`) for a tokio-shaped `try`. */
  trySend(value: T): void {
    if (this.chan.rxClosed || this.closedByUser) throw new TrySendError("closed", value);
    this.chan.push(value);
  }

  /** Another sender for the same channel, closed independently. */
  clone(): UnboundedSender<T> {
    this.checkOpen("clone()");
    this.chan.senders++;
    return new UnboundedSender(this.chan);
  }

  /**
   * A weak sender: it does not keep the channel open; `upgrade()` gives a
   * sender while another one is alive.
   *
   * @example
   * const weak = tx.downgrade();
   * const again = weak.upgrade(); // an UnboundedSender, or undefined
   */
  downgrade(): WeakSender<UnboundedSender<T>> {
    return new WeakSender(this.chan, (chan) => new UnboundedSender(chan));
  }
}
