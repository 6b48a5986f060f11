/**
 * The receiving half of an mpsc channel: a {@link Stream} of its messages.
 */
import { checkInteger } from "../../core/check";
import type { Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import { awaitedOutside, current, DONE, Future, outOfBudget, STEP } from "../../core/future";
import { Stream } from "../../core/stream";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../../core/poll";
import { End } from "../../core/stream";
import { TryRecvError } from "../errors";
import type { Chan } from "./chan";

/**
 * Future for {@link MpscReceiver.recv}. It holds no state of its own (the
 * message is taken only in the poll that returns it), so each receiver
 * reuses one: a receive allocates nothing, and a cancelled receive loses
 * nothing because it had taken nothing.
 *
 * @example
 * const msg = yield* rx.recv(); // T, or undefined at the end
 */
export class Recv<T> extends Future<T | undefined> {
  /** @internal */
  constructor(private readonly chan: Chan<T>) {
    super();
  }
  poll(cx: Context): Poll<T | undefined> {
    const chan = this.chan;
    if (chan.buffer.length > 0) return chan.take();
    return chan.pollRecv(cx);
  }

  /**
   * `yield* rx.recv()`: `Future.next` with the poll written out, so a
   * receive calls only `Ring.shift` (not `poll` → `pollRecv` → `take` →
   * `shift`), and a wait calls no `drained` getter. This is every message's
   * path, and each call costs most while V8 still runs the code unoptimized,
   * which is a large part of a short program's life. What is written out
   * here is `Chan.take` and `Chan.drained`: keep them in step.
   */
  override next(): IteratorResult<Future<unknown>, T | undefined> {
    const cx = current.cx;
    if (cx === null) throw awaitedOutside(this);
    if (--current.budget < 0) return outOfBudget(this, cx);
    const chan = this.chan;
    const buffer = chan.buffer;
    let v: T | undefined;
    if (buffer.length > 0) {
      v = buffer.shift();
      if (chan.free !== Infinity) chan.releaseSlot();
    } else if (chan.permits !== 0 || (chan.senders !== 0 && !chan.rxClosed)) {
      // Nothing queued, and not drained: something may still arrive. (`permits`
      // is read first so that every wait reads all three fields: a field read
      // for the first time at the end of the stream would throw the optimized
      // code away there, and the next channel would start cold.)
      chan.rxWaker = cx.waker;
      STEP.value = this;
      return STEP;
    }
    DONE.value = v;
    return DONE as IteratorReturnResult<T | undefined>;
  }
  override cancel(): void {
    this.chan.rxWaker = null;
  }
  override describe(): string {
    return `mpsc.recv(${this.chan.describeState()})`;
  }
}

/**
 * Future for {@link MpscReceiver.recvMany}.
 *
 * @example
 * const batch = yield* rx.recvMany(32); // [] at the end
 */
export class RecvMany<T> extends Future<T[]> {
  /** @internal */
  constructor(
    private readonly rx: MpscReceiver<T>,
    private readonly limit: number,
  ) {
    super();
  }
  poll(cx: Context): Poll<T[]> {
    const first = this.rx.pollRecv(cx);
    if (first === Pending) return Pending;
    if (first === undefined) return [];
    const out: T[] = [first];
    const chan = this.rx.chan;
    while (out.length < this.limit && chan.buffer.length > 0) out.push(chan.take());
    return out;
  }
  override cancel(): void {
    this.rx.cancelNext();
  }
  override describe(): string {
    return `mpsc.recvMany(${this.limit}, ${this.rx.chan.describeState()})`;
  }
}

/**
 * The receiving half of an {@link mpsc.channel} or {@link mpsc.unbounded}
 * channel. `yield* rx.recv()` gives the next message, or `undefined` once
 * every sender is closed and the buffer is drained. It is a `Stream`, so
 * stream combinators and `toAsyncIterable` accept it. One task receives at a
 * time (as tokio's `&mut self`): the channel keeps one receiver waker.
 *
 * @example
 * for (let msg; (msg = yield* rx.recv()) !== undefined; ) handle(msg);
 */
export class MpscReceiver<T> extends Stream<T> {
  /** @internal */
  readonly chan: Chan<T>;
  readonly #recv: Recv<T>;

  /** @internal */
  constructor(chan: Chan<T>) {
    super();
    this.chan = chan;
    this.#recv = new Recv(chan);
  }

  /** The next message, or `undefined` when every sender is closed and nothing is left. */
  recv(): Future<T | undefined> {
    return this.#recv;
  }

  /**
   * Waits for at least one message, then takes up to `limit` that are
   * queued. An empty array means the channel is closed and drained.
   *
   * @example
   * const batch = yield* rx.recvMany(64);
   */
  recvMany(limit: number): Future<T[]> {
    checkInteger("MpscReceiver.recvMany(limit)", "limit", limit, 1);
    return new RecvMany(this, limit);
  }

  /** A message now, or `TryRecvError` (`kind` `"empty"` or `"closed"`). */
  tryRecv(): T {
    const chan = this.chan;
    if (chan.buffer.length > 0) return this.chan.take();
    throw new TryRecvError(chan.drained ? "closed" : "empty");
  }

  /**
   * Closes the receiving side: senders (waiting or later) get `SendError`
   * with their message back. Messages already queued (and those of permits
   * already reserved) can still be received; then `recv()` gives `undefined`.
   * A task waiting in `recv()` is woken, so another task may close it.
   */
  override close(): void {
    this.chan.closeReceiver();
  }

  /** Messages queued now. */
  len(): number {
    return this.chan.buffer.length;
  }

  isEmpty(): boolean {
    return this.chan.buffer.length === 0;
  }

  /** True once the receiver was closed, or every sender is. */
  isClosed(): boolean {
    return this.chan.rxClosed || this.chan.senders === 0;
  }

  /** Live senders. */
  senderCount(): number {
    return this.chan.senders;
  }

  /** @internal the poll behind every receive. */
  pollRecv(cx: Context): Poll<T | undefined> {
    return this.chan.pollRecv(cx);
  }

  pollNext(cx: Context): Poll<T | End> {
    const v = this.pollRecv(cx);
    return v === undefined ? End : v;
  }

  override cancelNext(): void {
    this.chan.rxWaker = null;
  }

  override describe(): string {
    return `mpsc.Receiver(${this.chan.describeState()})`;
  }
}
