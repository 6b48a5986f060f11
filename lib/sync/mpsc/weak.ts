/**
 * Weak mpsc senders (tokio's `WeakSender`/`WeakUnboundedSender`): a handle
 * on the channel that does not count as a sender, so a task can hold one
 * (a registry, a cache) without keeping the receiver from seeing the end.
 */
import type { Chan } from "./chan";

/**
 * A sender that does not keep the channel open, from `tx.downgrade()`.
 * `upgrade()` gives a new sender (to close like any other) while some
 * sender or owned permit is still alive, and `undefined` once none is:
 * the end the receiver saw cannot be undone.
 *
 * @example
 * const [tx, rx] = mpsc.channel<string>(8);
 * const weak = tx.downgrade();
 * const tx2 = weak.upgrade();   // an MpscSender<string>
 * tx2?.close();
 * tx.close();
 * weak.upgrade();               // undefined
 */
export class WeakSender<S> {
  /** @internal */
  readonly chan: Chan<any>;
  readonly #make: (chan: Chan<any>) => S;
  /** @internal */
  constructor(chan: Chan<any>, make: (chan: Chan<any>) => S) {
    this.chan = chan;
    this.#make = make;
  }

  /** A sender of the channel, or `undefined` when no sender is alive. */
  upgrade(): S | undefined {
    if (this.chan.senders === 0) return undefined;
    this.chan.senders++;
    return this.#make(this.chan);
  }

  /** Live senders (strong ones, owned permits included). */
  strongCount(): number {
    return this.chan.senders;
  }

  /** True if `other` (a sender or a weak sender) belongs to the same channel. */
  sameChannel(other: { readonly chan: Chan<unknown> }): boolean {
    return this.chan === other.chan;
  }
}
