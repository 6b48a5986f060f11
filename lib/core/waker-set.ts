/**
 * `WakerSet`: several wakers behind one, for a future that more than one
 * task awaits at once (a `JoinHandle`, a oneshot receiver).
 *
 * Such a future keeps one waker slot, the common case, and turns it into a
 * set only when a second, different waker registers: {@link addWaker}. The
 * set is a {@link Waker} itself, so the code that wakes the slot does not
 * change. A future that is its own awaitable cannot tell which awaiter a
 * `cancel()` comes from, so it drops the whole set and wakes it
 * ({@link dropWakers}): the awaiters still waiting poll again and register
 * anew, and the one that left takes a spurious wake, which is harmless.
 * That keeps the set as small as the awaiters of the moment.
 *
 * Rejected: one waker slot (the second awaiter overwrote the first, which
 * then waited forever), and a `BusyError` for the second awaiter (a
 * `JoinHandle` awaited from two places is reasonable use, and a task's
 * result is a value every awaiter can have).
 */
import type { Waker } from "./waker";

/**
 * Several wakers, woken together; each at most once per registration.
 *
 * @example
 * let slot: Waker | null = null;
 * slot = addWaker(slot, cx.waker); // one waker: kept as it is
 * slot = addWaker(slot, other);    // a second one: now a WakerSet of both
 * slot.wake();                     // wakes both
 */
export class WakerSet implements Waker {
  #wakers: Waker[];
  constructor(first: Waker, second: Waker) {
    this.#wakers = [first, second];
  }

  /** Adds `w` unless it is already in the set (an awaiter polled again). */
  add(w: Waker): void {
    if (!this.#wakers.includes(w)) this.#wakers.push(w);
  }

  /** Wakes every waker once, and forgets them: a woken awaiter registers again when it polls. */
  wake(): void {
    const ws = this.#wakers;
    this.#wakers = [];
    for (let i = 0; i < ws.length; i++) ws[i].wake();
  }
}

/**
 * The waker slot after `w` registers in it: `w` itself when the slot is
 * empty or already `w`; otherwise a {@link WakerSet} holding both.
 *
 * @example
 * this.waker = addWaker(this.waker, cx.waker);
 */
export function addWaker(slot: Waker | null, w: Waker): Waker {
  if (slot === null || slot === w) return w;
  if (slot instanceof WakerSet) {
    slot.add(w);
    return slot;
  }
  return new WakerSet(slot, w);
}

/**
 * What `cancel()` of a future with a shared waker slot does: it empties the
 * slot and, if several awaiters were in it, wakes them so the ones still
 * waiting register again. Returns the new (empty) slot.
 *
 * @example
 * this.waker = dropWakers(this.waker);
 */
export function dropWakers(slot: Waker | null): null {
  if (slot instanceof WakerSet) slot.wake();
  return null;
}
