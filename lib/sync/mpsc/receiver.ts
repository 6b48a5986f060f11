/**
 * The receiving half of an mpsc channel: a {@link Stream} of its messages.
 */
import { checkInteger } from "../../core/check";
import type { Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import { current, Future, pendingStep, readyStep, refusedStep } from "../../core/future";
import { Stream } from "../../core/stream";
import { ready } from "../../core/ready";
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
   * path. W4, 9 interleaved runs of the shipped build: 86.1 ms with this
   * override, 90.3 ms without (+5%, outside the spread); under
   * `--max-opt=0` (ts-node), 1370 against 1535 ms (+12%). What is written
   * out here is `Chan.take` and `Chan.drained`: keep them in step. The
   * `yield*` protocol itself is the helpers' of core/future.ts.
   */
  override next(resumedBy?: unknown): IteratorResult<Future<unknown>, T | undefined> {
    const cx = current.cx;
    if (resumedBy === null || cx === null || current.budget <= 0) return refusedStep(this, resumedBy);
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
      return pendingStep(this);
    }
    return readyStep(v);
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
 * The receiving half of an {@link mpsc | mpsc.channel} or {@link mpsc | mpsc.unbounded}
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
   * queued. An empty array means the channel is closed and drained, except
   * for `recvMany(0)`, which gives `[]` at once without waiting or taking
   * anything (as tokio's `recv_many` with a limit of 0).
   *
   * @example
   * const batch = yield* rx.recvMany(64);
   */
  recvMany(limit: number): Future<T[]> {
    checkInteger("MpscReceiver.recvMany(limit)", "limit", limit, 0);
    if (limit === 0) return ready<T[]>([]);
    return new RecvMany(this, limit);
  }

  /**
   * A message now, or `TryRecvError` (`kind` `"empty"` or `"closed"`).
   *
   * @example
   * try { handle(rx.tryRecv()); } catch (e) { if (!(e instanceof TryRecvError)) throw e; }
   */
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

  /**
   * Messages queued now.
   *
   * @example
   * if (rx.len() > 100) console.warn("falling behind");
   */
  len(): number {
    return this.chan.buffer.length;
  }

  /**
   * True when no message is queued.
   *
   * @example
   * if (rx.isEmpty()) yield* flush();
   */
  isEmpty(): boolean {
    return this.chan.buffer.length === 0;
  }

  /**
   * True once the receiver was closed, or every sender is (queued messages
   * may still be received).
   *
   * @example
   * if (rx.isClosed() && rx.isEmpty()) return;
   */
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

  /**
   * Free slots right now, as the sender's `capacity()` (`Infinity` for an
   * unbounded channel).
   *
   * @example
   * if (rx.capacity() === 0) console.log("producers are waiting on us");
   */
  capacity(): number {
    return this.chan.free;
  }

  /**
   * The channel's capacity (`Infinity` for an unbounded channel).
   *
   * @example
   * const fill = rx.len() / rx.maxCapacity();
   */
  maxCapacity(): number {
    return this.chan.cap;
  }
}
