/**
 * Per-child wakers and the queue of woken children: how a combinator polls
 * only the children that asked for it.
 *
 * Each child lives in a {@link Slot}, created once per child and used as the
 * child's `Context` for every poll and every `cancel` call (a slot is its own
 * context, as a task is: `slot.waker === slot`, so polling allocates
 * nothing). A wake tells the slot's owner, which puts it at the back of its
 * {@link WakeQueue} and wakes its own latest waker. The owner then polls exactly the queued
 * slots: completing n children one at a time costs O(n) child polls, where
 * "poll every child on every wake" costs O(n²).
 *
 * This plays the part of futures-rs's `MaybeDone` (a child that is live,
 * done, or being dropped) and of `FuturesUnordered`'s ready-to-run queue.
 *
 * Rejected: a `Set` of woken indices (allocates an entry per wake and loses
 * wake order) and one shared child context (cannot say which child woke).
 */
import { current, type Future } from "../core/future";
import type { Waker } from "../core/waker";

/** Where a child is in its life. */
export const enum SlotState {
  /** Being polled for its value. */
  Live,
  /** Dropped: its `cancel(slot)` returned `Pending` (or has not been called yet). */
  Cancelling,
  /** Finished, failed, or fully cancelled: never touched again. */
  Done,
}

/** In which order a batch of woken children is polled. */
export const enum Order {
  /** Wake order (first woken, first polled). */
  Fifo,
  /** Lowest index first (the `biased` option). */
  Biased,
  /** Start at a random child, then wrap around (select's fairness). */
  Random,
  /** Index order, starting one further each poll (join's fairness, as tokio's `join!`). */
  Rotate,
}

/**
 * Whoever owns slots: told when one of them is woken. It queues the slot and
 * wakes its own latest waker. The owners are public classes
 * (`FuturesUnordered`, every combinator's future), so the member is internal:
 * it leaves their published declarations.
 */
export interface SlotOwner {
  /** @internal */
  onWake(slot: Slot): void;
}

/**
 * One child of a combinator, with its own waker. Also its `Context`.
 */
export class Slot<T = unknown> implements Waker {
  state = SlotState.Live;
  /** In the queue already: a second wake before the poll adds nothing. */
  queued = false;

  constructor(
    readonly owner: SlotOwner,
    /** Position among the combinator's arguments (or push order). */
    readonly index: number,
    public future: Future<T> | null,
  ) {}

  /**
   * A slot is its own context: children register `cx.waker`, which is this
   * slot. A getter, not a field: one field less per child of every `race`.
   */
  get waker(): Waker {
    return this;
  }

  wake(): void {
    // A wake after the child is done does nothing, like a task's.
    if (this.state === SlotState.Done || this.queued) return;
    this.queued = true;
    this.owner.onWake(this);
  }

  /** Marks the child finished and drops the reference to it. */
  finish(): void {
    this.state = SlotState.Done;
    this.future = null;
  }
}

/**
 * The woken children of one combinator, in wake order. The owner takes a
 * batch with {@link WakeQueue.batch} and then {@link WakeQueue.shift}s at most that many: children woken while the
 * batch runs (a child that wakes itself) wait for the next parent poll, so a
 * child that is always ready cannot keep the parent spinning.
 */
export class WakeQueue {
  items: Slot[] | null = null;
  #head = 0;
  /** Where the next `Order.Rotate` batch starts (the first poll, without the queue, started at 0). */
  #rotation = 1;

  /** Appends a slot just marked `queued`. */
  push(slot: Slot): void {
    (this.items ??= []).push(slot);
  }

  /** Queues `slot` for its first poll without waking the parent (it is about to poll). */
  enqueue(slot: Slot): void {
    if (slot.queued) return;
    slot.queued = true;
    (this.items ??= []).push(slot);
  }

  /** How many slots are queued now. */
  get size(): number {
    return this.items === null ? 0 : this.items.length - this.#head;
  }

  /** Forgets every queued slot (their next wake queues them again). */
  clear(): void {
    const items = this.items;
    if (items === null) return;
    for (let i = this.#head; i < items.length; i++) items[i].queued = false;
    this.items = null;
    this.#head = 0;
  }

  /** How many slots are queued now; puts them in `order` first. */
  batch(order: Order): number {
    const items = this.items;
    if (items === null) return 0;
    const h = this.#head;
    const n = items.length - h;
    if (n < 2 || order === Order.Fifo) return n;
    if (order === Order.Biased || order === Order.Rotate) {
      // Insertion sort: batches are small and mostly sorted already.
      for (let i = h + 1; i < h + n; i++) {
        const s = items[i];
        let j = i - 1;
        while (j >= h && items[j].index > s.index) {
          items[j + 1] = items[j];
          j--;
        }
        items[j + 1] = s;
      }
      if (order === Order.Biased) return n;
    }
    const k = order === Order.Random ? Math.floor(current.random() * n) : this.#rotation++ % n;
    if (k !== 0) {
      // Rotate left by k in place (three reversals): no allocation.
      reverse(items, h, h + k - 1);
      reverse(items, h + k, h + n - 1);
      reverse(items, h, h + n - 1);
    }
    return n;
  }

  /** The next queued slot (call at most `batch()` times). */
  shift(): Slot {
    const items = this.items!;
    const s = items[this.#head++];
    s.queued = false;
    if (this.#head === items.length) {
      // Drained: start over. Dropping the array is cheaper than `length = 0` (a runtime call).
      this.items = null;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > items.length) {
      // Keep a long-lived queue (FuturesUnordered) from growing without bound.
      items.splice(0, this.#head);
      this.#head = 0;
    }
    return s;
  }
}

function reverse(a: Slot[], i: number, j: number): void {
  for (; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
