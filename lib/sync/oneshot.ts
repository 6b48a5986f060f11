/**
 * `oneshot<T>()`: a channel for exactly one value.
 */
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { addWaker, dropWakers } from "../core/waker-set";
import { RecvError, TryRecvError } from "./errors";

const enum Slot {
  Empty,
  Full,
  /** The value was received; the channel is spent. */
  Taken,
}

/** The shared state: a slot, who is gone, and one waker for each side. */
class Inner<T> {
  value: T | undefined = undefined;
  slot = Slot.Empty;
  /** The sender sent or closed: no value will come after this. */
  senderDone = false;
  receiverClosed = false;
  rxWaker: Waker | null = null;
  closedWaker: Waker | null = null;
}

/**
 * The sending half of a {@link oneshot}. `send` is synchronous and can be
 * called once.
 *
 * @example
 * const [tx, rx] = oneshot<number>();
 * if (!tx.send(42)) console.log("nobody is listening");
 */
export class OneshotSender<T> implements Disposable {
  readonly #inner: Inner<T>;
  /** @internal */
  constructor(inner: Inner<T>) {
    this.#inner = inner;
  }

  /**
   * Sends the value. Returns `false` if the receiver is already closed (the
   * value is then not delivered). A second `send` is a `TypeError`.
   */
  send(value: T): boolean {
    const s = this.#inner;
    if (s.senderDone) throw new TypeError("oneshot sender used twice: send() or close() was already called");
    s.senderDone = true;
    if (s.receiverClosed) return false;
    s.value = value;
    s.slot = Slot.Full;
    const w = s.rxWaker;
    s.rxWaker = null;
    w?.wake();
    return true;
  }

  /** Closes without sending: the receiver gets `RecvError`. Harmless after `send`. */
  close(): void {
    const s = this.#inner;
    if (s.senderDone) return;
    s.senderDone = true;
    const w = s.rxWaker;
    s.rxWaker = null;
    w?.wake();
  }

  /**
   * True once the receiver is closed: a send would not be delivered.
   *
   * @example
   * if (tx.isClosed()) return; // skip computing an unwanted answer
   */
  isClosed(): boolean {
    return this.#inner.receiverClosed;
  }

  /**
   * A future that completes when the receiver closes, e.g. to stop computing
   * a value nobody wants any more.
   *
   * @example
   * yield* race(tx.closed(), compute()); // give up when the receiver does
   */
  closed(): Future<void> {
    return new OneshotClosed(this.#inner);
  }

  /** Same as `close()`, so `using` closes this end of the channel when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Future for {@link OneshotSender.closed}.
 *
 * @example
 * yield* tx.closed();
 */
export class OneshotClosed extends Future<void> {
  /** @internal */
  constructor(private readonly inner: Inner<unknown>) {
    super();
  }
  poll(cx: Context): Poll<void> {
    if (this.inner.receiverClosed) return;
    this.inner.closedWaker = cx.waker;
    return Pending;
  }
  override cancel(): void {
    this.inner.closedWaker = null;
  }
  override describe(): string {
    return "oneshot.closed()";
  }
}

/**
 * The receiving half of a {@link oneshot}; it is itself the future of the
 * value: `yield* rx` gives it, or throws `RecvError` if the sender closed
 * without sending. Cancelling the await takes nothing: the value stays for
 * a later `yield* rx` or `tryRecv()`. Several tasks may await one receiver
 * at once: all are woken when the value comes, the first to run gets it, and
 * the others get `RecvError` (the value can be received once); none waits
 * forever.
 *
 * @example
 * const [tx, rx] = oneshot<string>();
 * spawn(function* () { tx.send("done"); });
 * const v = yield* rx; // "done"
 */
export class OneshotReceiver<T> extends Future<T> implements Disposable {
  readonly #inner: Inner<T>;
  /** @internal */
  constructor(inner: Inner<T>) {
    super();
    this.#inner = inner;
  }

  poll(cx: Context): Poll<T> {
    const s = this.#inner;
    if (s.slot === Slot.Full) return this.#take();
    if (s.senderDone || s.receiverClosed || s.slot === Slot.Taken) throw this.#closedError();
    // Several tasks may await one receiver: all are woken, one takes the value.
    s.rxWaker = addWaker(s.rxWaker, cx.waker);
    return Pending;
  }

  override cancel(): void {
    const s = this.#inner;
    s.rxWaker = dropWakers(s.rxWaker);
  }

  /**
   * The value if it has arrived; otherwise throws `TryRecvError` (`"empty"` or `"closed"`).
   *
   * @example
   * try { use(rx.tryRecv()); } catch (e) { if (e instanceof TryRecvError && e.kind === "empty") later(); }
   */
  tryRecv(): T {
    const s = this.#inner;
    if (s.slot === Slot.Full) return this.#take();
    if (s.senderDone || s.receiverClosed || s.slot === Slot.Taken) throw new TryRecvError("closed");
    throw new TryRecvError("empty");
  }

  /**
   * Closes the receiver: a later `send` returns false and `tx.closed()`
   * completes. A value sent before the close can still be received. A task
   * waiting on the receiver is woken: it gets that value, or `RecvError`.
   */
  close(): void {
    const s = this.#inner;
    if (s.receiverClosed) return;
    s.receiverClosed = true;
    const w = s.closedWaker;
    s.closedWaker = null;
    w?.wake();
    const r = s.rxWaker;
    s.rxWaker = null;
    r?.wake();
  }

  /** Same as `close()`, so `using` closes this end of the channel when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  override describe(): string {
    return `oneshot.recv(${this.#inner.slot === Slot.Full ? "sent" : "empty"})`;
  }

  #take(): T {
    const s = this.#inner;
    const v = s.value as T;
    s.value = undefined;
    s.slot = Slot.Taken;
    s.rxWaker = null;
    return v;
  }

  #closedError(): RecvError {
    return new RecvError(
      this.#inner.slot === Slot.Taken
        ? "the oneshot value was already received"
        : this.#inner.receiverClosed
          ? "the oneshot receiver was closed before a value was sent"
          : "the oneshot sender closed without sending",
    );
  }

  /**
   * True when this receiver will never give a value again: it was received,
   * or the sender closed without sending, or the receiver was closed with
   * nothing sent. (tokio's `is_terminated` turns true only once a poll has
   * returned; here it is true as soon as a poll would not wait for a value.)
   *
   * @example
   * if (!rx.isTerminated()) v = yield* rx;
   */
  isTerminated(): boolean {
    const s = this.#inner;
    return s.slot === Slot.Taken || (s.slot === Slot.Empty && (s.senderDone || s.receiverClosed));
  }

  /**
   * True when no value is waiting to be received (none sent yet, none will
   * be, or it was already taken).
   *
   * @example
   * if (!rx.isEmpty()) use(rx.tryRecv()); // cannot throw
   */
  isEmpty(): boolean {
    return this.#inner.slot !== Slot.Full;
  }
}

/**
 * A channel for one value: `[tx, rx]`. `tx.send(v)` delivers it
 * synchronously (false if the receiver is gone); `yield* rx` waits for it.
 *
 * @example
 * const [tx, rx] = oneshot<number>();
 * spawn(function* () { tx.send(42); });
 * const v = yield* rx; // 42
 */
export function oneshot<T>(): [OneshotSender<T>, OneshotReceiver<T>] {
  const inner = new Inner<T>();
  return [new OneshotSender(inner), new OneshotReceiver(inner)];
}
