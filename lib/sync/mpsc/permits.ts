/**
 * Permits beyond the single `reserve()`: several slots at once
 * (`reserveMany(n)`, {@link MpscPermits}) and a permit that holds a sender
 * of its own (`reserveOwned()`, {@link OwnedMpscPermit}), so it can be handed
 * to another task with the job of sending, and keeps the channel open until
 * it is used.
 *
 * Both wait in the same FIFO queue as `send` and `reserve`: a `reserveMany(n)`
 * at the head gathers free slots until it has `n` (see `Chan.releaseSlot`),
 * and a cancelled one hands every slot it gathered to the next waiter.
 */
import type { Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import { Future } from "../../core/future";
import { Pending } from "../../core/poll";
import { SendError } from "../errors";
import type { Chan } from "./chan";
import { MpscPermit, Reserve, SlotAcquire, type SenderState } from "./send";

/**
 * `n` reserved slots of a bounded channel, from `reserveMany(n)` or
 * `tryReserveMany(n)`. Each `send(v)` uses one, synchronously; `release()`
 * (or leaving a `using` block) returns the slots not used. It is also an
 * iterable of single {@link MpscPermit}s, as tokio's `PermitIterator`.
 *
 * @example
 * using permits = yield* tx.reserveMany(3);  // room for three, or wait
 * for (const job of jobs.slice(0, 3)) permits.send(job);
 */
export class MpscPermits<T> implements Disposable, Iterable<MpscPermit<T>> {
  #chan: Chan<T>;
  #left: number;
  /** @internal the slots are already counted in `chan.permits`. */
  constructor(chan: Chan<T>, n: number) {
    this.#chan = chan;
    this.#left = n;
  }

  /** Slots not yet used or released. */
  len(): number {
    return this.#left;
  }

  /**
   * Sends `value` into one of the reserved slots. With none left it is a
   * `TypeError` (the message would have nowhere to go).
   */
  send(value: T): void {
    if (this.#left === 0) throw new TypeError("MpscPermits.send(): every reserved slot was already used or released");
    this.#left--;
    const chan = this.#chan;
    chan.permits--;
    chan.push(value);
  }

  /** Gives back every slot not used. Harmless twice. */
  release(): void {
    const chan = this.#chan;
    for (; this.#left > 0; this.#left--) {
      chan.permits--;
      chan.releaseSlot();
    }
    if (chan.drained) chan.wakeReceiver();
  }

  /** Takes the slots one at a time as single permits (each must be sent or released). */
  *[Symbol.iterator](): Iterator<MpscPermit<T>> {
    while (this.#left > 0) {
      this.#left--;
      yield new MpscPermit(this.#chan);
    }
  }

  /** Same as `release()`, so `using` gives the unused slots back when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * Future for {@link MpscSender.reserveMany}.
 *
 * @example
 * const permits = yield* tx.reserveMany(4);
 */
export class ReserveMany<T> extends SlotAcquire<T, MpscPermits<T>> {
  /** @internal */
  constructor(chan: Chan<T>, sender: SenderState, n: number) {
    super(chan, sender, n);
  }
  protected complete(): MpscPermits<T> {
    this.chan.permits += this.need;
    return new MpscPermits(this.chan, this.need);
  }
  protected closedError(why?: string): Error {
    return new SendError(undefined, why);
  }
  override describe(): string {
    return `mpsc.reserveMany(${this.need}, ${this.chan.describeState()}, ${this.chan.sendWaiters.length} waiting)`;
  }
}

/**
 * A reserved slot that owns a sender of its own (tokio's `OwnedPermit`): it
 * counts as a live sender until it is used, so the receiver does not see
 * the end while it exists, even if every other sender was closed. Give it
 * to the task that will produce the message. `send(v)` or `release()` ends
 * it, and with it its sender (tokio hands the sender back instead; here
 * a sender nobody closes would keep the channel open forever, so clone one
 * first if you need to send again).
 *
 * @example
 * const permit = yield* tx.reserveOwned();
 * tx.close();                                   // the permit keeps the channel open
 * spawn(function* () { permit.send(yield* compute()); });
 */
export class OwnedMpscPermit<T> implements Disposable {
  #chan: Chan<T> | null;
  /** @internal the slot is counted in `chan.permits`, the sender in `chan.senders`. */
  constructor(chan: Chan<T>) {
    this.#chan = chan;
  }

  /** Sends `value` into the slot and closes the permit's sender. A second use is a `TypeError`. */
  send(value: T): void {
    const chan = this.#chan;
    if (chan === null) throw new TypeError("an owned mpsc permit was used twice (send() or release() already called)");
    this.#chan = null;
    chan.permits--;
    chan.push(value);
    chan.dropSender();
  }

  /** Gives the slot back unused and closes the permit's sender. Harmless twice. */
  release(): void {
    const chan = this.#chan;
    if (chan === null) return;
    this.#chan = null;
    chan.permits--;
    chan.releaseSlot();
    chan.dropSender();
    if (chan.drained) chan.wakeReceiver();
  }

  /** True if `sender` sends into the channel this permit reserved a slot of. */
  sameChannel(sender: { readonly chan: Chan<unknown> }): boolean {
    return this.#chan !== null && this.#chan === sender.chan;
  }

  /** Same as `release()`, so `using` gives the unused slots back when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * Future for {@link MpscSender.reserveOwned}. From its first poll it holds a
 * sender count of its own (so closing the sender it came from while it waits
 * does not end the stream under it); cancelled or failed, it gives it back.
 *
 * @example
 * const permit = yield* tx.reserveOwned();
 */
export class ReserveOwned<T> extends Future<OwnedMpscPermit<T>> {
  readonly #inner: Reserve<T>;
  #holding = false;
  /** @internal */
  constructor(
    private readonly chan: Chan<T>,
    private readonly sender: SenderState,
  ) {
    super();
    this.#inner = new Reserve(chan, sender);
  }
  poll(cx: Context): Poll<OwnedMpscPermit<T>> {
    if (!this.#holding) {
      if (this.sender.closedByUser) throw new SendError(undefined, "this sender was closed");
      this.chan.senders++;
      this.#holding = true;
    }
    let permit: Poll<MpscPermit<T>>;
    try {
      permit = this.#inner.poll(cx);
    } catch (e) {
      this.#drop();
      throw e;
    }
    if (permit === Pending) return Pending;
    // The slot (counted in `chan.permits`) and the sender count pass to the owned permit.
    this.#holding = false;
    return new OwnedMpscPermit(this.chan);
  }
  override cancel(): void {
    this.#inner.cancel();
    this.#drop();
  }
  override describe(): string {
    return `mpsc.reserveOwned(${this.chan.describeState()}, ${this.chan.sendWaiters.length} waiting)`;
  }
  #drop(): void {
    if (!this.#holding) return;
    this.#holding = false;
    this.chan.dropSender();
  }
}
