/**
 * # mpsc: multi-producer, single-consumer channels
 *
 * - `mpsc.channel<T>(cap)`: bounded; `send` waits while `cap` messages are
 *   queued, so a slow receiver slows its producers and memory stays flat.
 * - `mpsc.unbounded<T>()`: never waits; the queue grows as needed.
 *
 * Both give `[sender, receiver]`. Senders are cloned with `clone()` and
 * closed one by one with `close()`; the receiver's `recv()` gives
 * `undefined` only once every sender is closed and the buffer is drained.
 * `rx.close()` makes every waiting and later send fail with `SendError`,
 * which carries the message back; queued messages can still be received.
 *
 * Beyond `send`: `reserve()` / `reserveMany(n)` set slots aside before the
 * message exists (`MpscPermit`, `MpscPermits`), `reserveOwned()` gives a
 * permit that holds a sender of its own (`OwnedMpscPermit`), and
 * `downgrade()` gives a `WeakSender` that does not keep the channel open.
 *
 * ## Invariants
 * - Messages are received in the order their sends completed.
 * - Waiting senders are served in the order they first waited (FIFO).
 * - Cancellation loses nothing: a cancelled `recv` had taken nothing, a
 *   cancelled `send` sent nothing and passes on any slot it was granted.
 *
 * ## Non-guarantees
 * - One receive waits at a time (tokio's `&mut self`): the channel keeps one
 *   receiver waker, so two `recv()`s pending at once on one receiver (two
 *   tasks, or one `join`) may leave one of them unwoken. `recv()` returns the
 *   same stateless future each time, so receiving allocates nothing.
 * - A sender dropped without `close()` keeps the channel open (JavaScript has
 *   no destructors): close senders, or use `using tx = ...`.
 */
import { checkInteger } from "../../core/check";
import { Chan } from "./chan";
import { MpscReceiver } from "./receiver";
import { MpscSender, UnboundedSender } from "./sender";

export { MpscReceiver } from "./receiver";
export { MpscSender, UnboundedSender } from "./sender";
export { MpscPermit } from "./send";
export { MpscPermits, OwnedMpscPermit } from "./permits";
export { WeakSender } from "./weak";

/** `mpsc.channel`, documented on the export below. */
function channel<T>(capacity: number): [MpscSender<T>, MpscReceiver<T>] {
  checkInteger("mpsc.channel(capacity)", "capacity", capacity, 1);
  const chan = new Chan<T>(capacity);
  return [new MpscSender(chan), new MpscReceiver(chan)];
}

/** `mpsc.unbounded`, documented on the export below. */
function unbounded<T>(): [UnboundedSender<T>, MpscReceiver<T>] {
  const chan = new Chan<T>(Infinity);
  return [new UnboundedSender(chan), new MpscReceiver(chan)];
}

/**
 * Multi-producer, single-consumer channels. The types are `mpsc.Sender<T>`,
 * `mpsc.UnboundedSender<T>`, `mpsc.Receiver<T>` and `mpsc.Permit<T>`.
 *
 * - `mpsc.channel<T>(capacity)`: a bounded channel holding up to `capacity`
 *   messages (a whole number >= 1); `yield* tx.send(v)` waits while it is full.
 * - `mpsc.unbounded<T>()`: no bound; `tx.send(v)` queues at once and never waits.
 *
 * @example
 * const [tx, rx] = mpsc.channel<string>(16);
 * yield* tx.send("job");
 * const [utx, urx] = mpsc.unbounded<number>();
 * utx.send(1);
 */
export const mpsc = Object.freeze({
  /**
   * A bounded channel holding up to `capacity` messages (a whole number >= 1).
   *
   * @example
   * const [tx, rx] = mpsc.channel<number>(8);
   * spawn(function* producer() {
   *   for (let i = 0; i < 100; i++) yield* tx.send(i); // waits while 8 are queued
   *   tx.close();
   * });
   * for (let v; (v = yield* rx.recv()) !== undefined; ) console.log(v);
   */
  channel,
  /**
   * A channel without a bound: `tx.send(v)` queues at once and never waits.
   *
   * @example
   * const [tx, rx] = mpsc.unbounded<string>();
   * tx.send("hello");
   * console.log(yield* rx.recv()); // "hello"
   */
  unbounded,
});

// The namespace gives the types tokio's paths (`mpsc.Sender<T>`); it holds
// types only, so it merges with the value above and emits nothing.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace mpsc {
  /** The sending half of a bounded channel ({@link MpscSender}). */
  type Sender<T> = MpscSender<T>;
  /** The sending half of an unbounded channel (`UnboundedSender`). */
  type UnboundedSender<T> = import("./sender").UnboundedSender<T>;
  /** The receiving half of either kind of channel ({@link MpscReceiver}). */
  type Receiver<T> = MpscReceiver<T>;
  /** One reserved slot of a bounded channel ({@link MpscPermit}). */
  type Permit<T> = import("./send").MpscPermit<T>;
  /** Several reserved slots, from `reserveMany(n)` ({@link MpscPermits}). */
  type Permits<T> = import("./permits").MpscPermits<T>;
  /** A reserved slot that holds a sender of its own ({@link OwnedMpscPermit}). */
  type OwnedPermit<T> = import("./permits").OwnedMpscPermit<T>;
  /** A bounded sender that does not keep the channel open (`WeakSender`). */
  type WeakSender<T> = import("./weak").WeakSender<MpscSender<T>>;
  /** An unbounded sender that does not keep the channel open (`WeakSender`). */
  type WeakUnboundedSender<T> = import("./weak").WeakSender<import("./sender").UnboundedSender<T>>;
}
