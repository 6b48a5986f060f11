/**
 * The futures of a bounded sender: `send(v)` and `reserve()`, both waiting for
 * a slot, and the permit a `reserve()` gives.
 *
 * Each future is its own node in the channel's queue of waiting senders, so
 * waiting allocates nothing more and cancelling unlinks it in O(1). A slot
 * granted to a future that is cancelled before its next poll goes straight
 * to the next waiter: cancellation never loses capacity, and a cancelled send
 * never delivers its message (what the caller sees matches what happened).
 */
import type { Poll } from "../../core/poll";
import type { Context, Waker } from "../../core/waker";
import { current, Future, pendingStep, readyStep, refusedStep } from "../../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../../core/poll";
import { SendError } from "../errors";
import type { Waiter } from "../waiter-list";
import type { Chan, SlotWaiter } from "./chan";

/** The bits of a sender a waiting future needs to see. */
export interface SenderState {
  readonly closedByUser: boolean;
  /** A completed `Send` kept for the next `send()`, so steady sending allocates no future. */
  spare: Send<any> | null;
}

/** Waits for one slot of a bounded channel; subclasses say what to do with it. */
export abstract class SlotAcquire<T, R> extends Future<R> implements SlotWaiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  granted = false;
  closed = false;
  got = 0;

  constructor(
    readonly chan: Chan<T>,
    readonly sender: SenderState,
    readonly need = 1,
  ) {
    super();
  }

  /** Uses the slot this future now owns. */
  protected abstract complete(): R;
  protected abstract closedError(why?: string): Error;

  poll(cx: Context): Poll<R> {
    const chan = this.chan;
    if (this.granted) {
      this.granted = false;
      this.waker = null;
      if (chan.rxClosed) {
        this.giveBack();
        throw this.closedError();
      }
      this.got = 0;
      return this.complete();
    }
    if (this.linked) {
      this.waker = cx.waker;
      return Pending;
    }
    if (this.closed || chan.rxClosed) {
      this.closed = false;
      this.giveBack();
      throw this.closedError();
    }
    if (this.sender.closedByUser) throw this.closedError("this sender was closed");
    const need = this.need;
    if (chan.free >= need) {
      // `free > 0` implies nobody is queued (see Chan), so this is fair.
      chan.free -= need;
      return this.complete();
    }
    // Too few free slots (some, for a `reserveMany`): take them and queue
    // for the rest at the head, since `free > 0` means nobody is queued.
    this.got = chan.free;
    chan.free = 0;
    this.waker = cx.waker;
    chan.sendWaiters.push(this);
    return Pending;
  }

  override cancel(): void {
    this.waker = null;
    this.chan.sendWaiters.remove(this);
    this.granted = false;
    this.giveBack(); // hand the slots it gathered or was granted on
    this.closed = false;
  }

  /**
   * @internal Returns the slots this future holds (gathered or granted) to
   * the channel. A plain method, not a `#method`: those brand every
   * instance at construction, a cost on each new `Send`.
   */
  giveBack(): void {
    for (let n = this.got; n > 0; n--) this.chan.releaseSlot();
    this.got = 0;
  }
}

/**
 * Future for {@link MpscSender.send}.
 *
 * @example
 * yield* tx.send(msg);
 */
export class Send<T> extends SlotAcquire<T, void> {
  #value: T | undefined;
  constructor(chan: Chan<T>, sender: SenderState, value: T) {
    super(chan, sender);
    this.#value = value;
  }
  /**
   * `yield* tx.send(v)`: `Future.next` with the common case of `poll`
   * tested first (a free slot, nothing closed, nobody queued): a send with
   * room goes straight to `complete`, without the call to `poll` and its
   * other branches. Everything else takes `poll`. Each call costs most while
   * V8 still runs the code unoptimized (`--max-opt=0`, W4 bounded: ~2.5% a
   * hop; writing `complete` and `Chan.push` out too gained ~2.5% more, not
   * worth a third copy of them).
   */
  override next(resumedBy?: unknown): IteratorResult<Future<unknown>, void> {
    const cx = current.cx;
    if (resumedBy === null || cx === null || current.budget <= 0) return refusedStep(this, resumedBy);
    const chan = this.chan;
    if (chan.free > 0 && !this.granted && !this.linked && !this.closed && !chan.rxClosed && !this.sender.closedByUser) {
      // `free > 0`: nobody is queued for a slot (see Chan), so taking it is fair.
      chan.free--;
      this.complete();
    } else if (this.poll(cx) === Pending) {
      return pendingStep(this);
    }
    return readyStep(undefined);
  }

  /** @internal readies a recycled future for a new message. */
  reuse(value: T): this {
    this.#value = value;
    return this;
  }
  protected complete(): void {
    const v = this.#value as T;
    this.#value = undefined;
    this.chan.push(v);
    // Only a future that completed is recycled: one that was cancelled may
    // still be referenced (and, misused, re-polled) by its owner.
    this.sender.spare = this;
  }
  protected closedError(why?: string): Error {
    const v = this.#value as T;
    return new SendError(v, why);
  }
  override describe(): string {
    return `mpsc.send(${this.chan.describeState()}, ${this.chan.sendWaiters.length} waiting)`;
  }
}

/**
 * Future for {@link MpscSender.reserve}.
 *
 * @example
 * const permit = yield* tx.reserve();
 */
export class Reserve<T> extends SlotAcquire<T, MpscPermit<T>> {
  protected complete(): MpscPermit<T> {
    this.chan.permits++;
    return new MpscPermit(this.chan);
  }
  protected closedError(why?: string): Error {
    return new SendError(undefined, why);
  }
  override describe(): string {
    return `mpsc.reserve(${this.chan.describeState()}, ${this.chan.sendWaiters.length} waiting)`;
  }
}

/**
 * One reserved slot of a bounded channel: `send(v)` is then synchronous and
 * cannot fail for lack of room. `release()` (or leaving a `using` block)
 * returns an unused slot; both are harmless after a send.
 *
 * @example
 * using permit = yield* tx.reserve();  // wait for room first...
 * permit.send(makeMessage());          // ...then build and send, no await
 */
export class MpscPermit<T> implements Disposable {
  #chan: Chan<T> | null;
  /** @internal */
  constructor(chan: Chan<T>) {
    this.#chan = chan;
  }

  /** Sends `value` into the reserved slot. A second use is a `TypeError`. */
  send(value: T): void {
    const chan = this.#chan;
    if (chan === null) throw new TypeError("an mpsc permit was used twice (send() or release() already called)");
    this.#chan = null;
    chan.permits--;
    // Even after rx.close() the message is queued: the receiver may still drain it.
    chan.push(value);
  }

  /** Gives the slot back unused. */
  release(): void {
    const chan = this.#chan;
    if (chan === null) return;
    this.#chan = null;
    chan.permits--;
    chan.releaseSlot();
    // The receiver may have been waiting only for this permit to end the stream.
    if (chan.drained) chan.wakeReceiver();
  }

  /** Same as `release()`, so `using permit = ...` gives the unused slot back when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }
}
