/**
 * The waiter queue every primitive here uses: an intrusive doubly linked list.
 *
 * The waiting futures *are* the nodes (they carry `qPrev`, `qNext`, `linked`; plain `next` would clash with the iterator method of `Future`),
 * so queueing allocates nothing and a cancelled waiter unlinks itself in O(1)
 * from wherever it is, which is what makes cancellation cheap and immediate.
 *
 * Rejected: an array of waiters (removal by `indexOf` + `splice` is O(n), and a
 * tombstone flag leaves dead entries that delay the next grant) and a `Set`
 * (ordered, O(1) delete, but one hash entry allocated per wait).
 *
 * Invariant: `linked` is true exactly while the node is in some list, and a
 * node is in at most one list at a time.
 */
import type { Waker } from "../core/waker";

/** What a node must carry: its links and the waker of its latest poll. */
export interface Waiter {
  qPrev: Waiter | null;
  qNext: Waiter | null;
  linked: boolean;
  waker: Waker | null;
}

/** A FIFO of waiters with O(1) push, shift and removal from the middle. */
export class WaiterList<W extends Waiter> {
  head: W | null = null;
  tail: W | null = null;
  length = 0;

  /** Appends `w` (which must not be linked). */
  push(w: W): void {
    w.qPrev = this.tail;
    w.qNext = null;
    if (this.tail === null) this.head = w;
    else this.tail.qNext = w;
    this.tail = w;
    w.linked = true;
    this.length++;
  }

  /** Unlinks `w` from this list; does nothing if it is not linked. */
  remove(w: W): void {
    if (!w.linked) return;
    const prev = w.qPrev;
    const next = w.qNext;
    if (prev === null) this.head = next as W | null;
    else prev.qNext = next;
    if (next === null) this.tail = prev as W | null;
    else next.qPrev = prev;
    w.qPrev = w.qNext = null;
    w.linked = false;
    this.length--;
  }

  /** Removes and returns the first waiter, or null. */
  shift(): W | null {
    const w = this.head;
    if (w !== null) this.remove(w);
    return w;
  }

  /**
   * Empties the list and returns its old head; the nodes stay chained through
   * `qNext` (read it before touching a node) so the caller can walk them.
   */
  takeAll(): W | null {
    const h = this.head;
    for (let w: Waiter | null = h; w !== null; w = w.qNext) w.linked = false;
    this.head = this.tail = null;
    this.length = 0;
    return h;
  }
}
