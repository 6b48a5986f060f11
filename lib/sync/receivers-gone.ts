/**
 * The future behind `tx.closed()` of the channels with many receivers
 * (broadcast, watch): it completes once the receiver count is zero. The
 * channel keeps a list of them and calls {@link wakeReceiversGone} when its
 * last receiver closes.
 */
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
import { Pending } from "../core/poll";
import { Waiter, WaiterList } from "./waiter-list";

/** What the future reads: the live receiver count and where to wait. */
export interface ReceiverCount {
  readonly receivers: number;
  readonly closedWaiters: WaiterList<Waiter>;
}

/**
 * Future for `tx.closed()` of a {@link broadcast} or {@link watch} channel:
 * completes when no receiver is left (at once if none is).
 *
 * @example
 * yield* race(tx.closed(), publishForever(tx)); // stop once nobody listens
 */
export class ReceiversGone extends Future<void> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  /** @internal */
  constructor(
    private readonly shared: ReceiverCount,
    private readonly what: string,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    if (this.shared.receivers === 0) {
      this.shared.closedWaiters.remove(this);
      return;
    }
    this.waker = cx.waker;
    if (!this.linked) this.shared.closedWaiters.push(this);
    return Pending;
  }
  override cancel(): void {
    this.waker = null;
    this.shared.closedWaiters.remove(this);
  }
  override describe(): string {
    return `${this.what}.closed(${this.shared.receivers} receivers)`;
  }
}

/** Wakes every `closed()` future waiting on `list`. */
export function wakeReceiversGone(list: WaiterList<Waiter>): void {
  for (let w = list.takeAll(); w !== null; ) {
    const next = w.qNext;
    w.qPrev = w.qNext = null;
    w.waker?.wake();
    w = next;
  }
}
