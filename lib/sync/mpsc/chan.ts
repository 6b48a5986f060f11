/**
 * The state an mpsc channel's halves share: the message ring, the slot count
 * of a bounded channel, the queue of senders waiting for a slot, and the one
 * receiver's waker.
 *
 * Slots (bounded only): `free` counts slots not taken by a queued message, a
 * reserved permit, or a waiter that was granted one. When a slot frees up it
 * goes straight to the first waiting sender if there is one (FIFO), so
 * invariant: `sendWaiters` is non-empty only while `free === 0`.
 */
import type { Poll } from "../../core/poll";
import type { Context, Waker } from "../../core/waker";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../../core/poll";
import { Ring } from "../../core/ring";
import { WaiterList, type Waiter } from "../waiter-list";

/** What waits for a slot: a `send` or a `reserve` future. */
export interface SlotWaiter extends Waiter {
  /** Set by the channel: a slot was set aside for it, or the receiver closed. */
  granted: boolean;
  closed: boolean;
  /** Slots it waits for: 1, or `n` for `reserveMany(n)`. */
  readonly need: number;
  /** Slots gathered so far while at the head of the queue (fewer than `need`). */
  got: number;
}

export class Chan<T> {
  readonly buffer: Ring<T>;
  /** Slots not in use; `Infinity` for an unbounded channel. */
  free: number;
  readonly sendWaiters = new WaiterList<SlotWaiter>();
  /** Futures of `tx.closed()`. */
  readonly closedWaiters = new WaiterList<Waiter>();
  /** Live (not closed) senders. */
  senders = 1;
  /** Permits reserved and not yet used or released: each may still send. */
  permits = 0;
  rxClosed = false;
  rxWaker: Waker | null = null;

  constructor(readonly cap: number) {
    this.free = cap;
    this.buffer = new Ring<T>(cap === Infinity ? 16 : Math.min(cap, 1024));
  }

  get bounded(): boolean {
    return this.cap !== Infinity;
  }

  /** Enqueues a message (its slot already accounted for) and wakes the receiver. */
  push(v: T): void {
    this.buffer.push(v);
    const w = this.rxWaker;
    if (w !== null) {
      this.rxWaker = null;
      w.wake();
    }
  }

  /**
   * A slot came free: hand it to the first waiting sender, or count it. A
   * `reserveMany(n)` at the head gathers slots one by one and is granted
   * when it has all `n`; later waiters stay behind it (FIFO), as tokio's.
   * Rejected: granting a later single send while a big reservation gathers,
   * which would starve `reserveMany` under steady traffic.
   */
  releaseSlot(): void {
    const w = this.sendWaiters.head;
    if (w === null) {
      this.free++;
      return;
    }
    if (++w.got < w.need) return;
    this.sendWaiters.remove(w);
    w.granted = true;
    w.waker?.wake();
  }

  /**
   * The poll behind every receive: a message, `undefined` at the end, or
   * `Pending` with the receiver's waker registered. It lives here, not on the
   * receiver, so the reused `Recv` future reaches the state in one hop.
   */
  pollRecv(cx: Context): Poll<T | undefined> {
    if (this.buffer.length > 0) return this.take();
    if (this.drained) return undefined;
    this.rxWaker = cx.waker;
    return Pending;
  }

  /** Takes the oldest message (the caller checked there is one) and frees its slot. */
  take(): T {
    const v = this.buffer.shift();
    if (this.free !== Infinity) this.releaseSlot();
    return v;
  }

  /** True when nothing is queued and nothing more can ever arrive. */
  get drained(): boolean {
    return this.buffer.length === 0 && (this.senders === 0 || this.rxClosed) && this.permits === 0;
  }

  wakeReceiver(): void {
    const w = this.rxWaker;
    this.rxWaker = null;
    w?.wake();
  }

  /**
   * The receiver closed: fail every waiting sender, complete every
   * `closed()`, and wake a receive parked on this channel (another task may
   * have closed it): it drains what is queued, then sees the end.
   */
  closeReceiver(): void {
    if (this.rxClosed) return;
    this.rxClosed = true;
    this.wakeReceiver();
    for (let w = this.sendWaiters.takeAll(); w !== null; ) {
      const next = w.qNext as SlotWaiter | null;
      w.qPrev = w.qNext = null;
      w.closed = true;
      w.waker?.wake();
      w = next;
    }
    for (let w = this.closedWaiters.takeAll(); w !== null; ) {
      const next = w.qNext;
      w.qPrev = w.qNext = null;
      w.waker?.wake();
      w = next;
    }
  }

  /** A sender closed; the last one ends the stream once the buffer drains. */
  dropSender(): void {
    if (--this.senders === 0) this.wakeReceiver();
  }

  describeState(): string {
    return `${this.bounded ? `capacity ${this.cap}` : "unbounded"}, ${this.buffer.length} queued`;
  }
}
