/**
 * The one waiting future of a reactor source that allows a single waiter at
 * a time (a listener's `accept`, a UDP socket's `recv`): its waker, and which
 * future owns it.
 *
 * The owner is the future object itself, so a future that moved between
 * tasks re-registers cleanly, and a second future waiting at the same time
 * is a {@link BusyError} instead of a silently stolen wake.
 */
import type { Context, Waker } from "../../core/waker";
import { BusyError } from "../../core/errors";

export class WaiterSlot {
  #owner: object | null = null;
  #waker: Waker | null = null;

  /** @param busyMessage what the BusyError says when a second future waits at once */
  constructor(private readonly busyMessage: string) {}

  /** Stores `cx.waker` for `owner`; throws BusyError if another future is waiting. */
  register(cx: Context, owner: object): void {
    this.claim(owner);
    this.#owner = owner;
    this.#waker = cx.waker;
  }

  /** Throws BusyError if a future other than `owner` is waiting. */
  claim(owner: object): void {
    if (this.#owner !== null && this.#owner !== owner) throw new BusyError(this.busyMessage);
  }

  /** Frees the slot whoever holds it, without a wake (its source failed: every later poll throws). */
  clear(): void {
    this.#owner = null;
    this.#waker = null;
  }

  /** `owner` got its value: frees the slot if it held it, and passes `v` through. */
  done<T>(owner: object, v: T): T {
    if (this.#owner === owner) {
      this.#owner = null;
      this.#waker = null;
    }
    return v;
  }

  /** Forgets `owner`'s registration (its future was cancelled). */
  cancel(owner: object): void {
    this.done(owner, undefined);
  }

  /** Wakes the waiting future, if any; it re-registers when it polls again. */
  wake(): void {
    const w = this.#waker;
    if (w !== null) {
      this.#waker = null;
      w.wake();
    }
  }
}
