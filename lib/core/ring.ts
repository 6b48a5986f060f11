/**
 * A growable first-in first-out ring buffer: the queue of an mpsc channel's
 * messages (sync/), and of a listener's accepted connections and a UDP
 * socket's datagrams (reactor/io/). It lives in core/ because sync/ may
 * import only core/. The executor's run queue is the same ring written out
 * in place, for the figure given there (task/executor.ts, `#runq`).
 *
 * Rejected: `Array.push` + `Array.shift` (shift is O(n) once V8 leaves its
 * fast path at a few thousand entries); a linked list (a node per push); an
 * array with a moving head whose spent prefix is spliced off (a copy of the
 * queue every time it is half spent).
 *
 * Invariants: the backing array's length is a power of two, so wrapping is
 * a mask; slots outside the live range hold `undefined`, so nothing taken
 * stays reachable from the ring. It doubles when full and never shrinks
 * (an unbounded channel that once held a million messages keeps their
 * slots until it is dropped; the reactor's queues are bounded by a
 * backlog or `maxQueued`).
 */
export class Ring<T> {
  #items: (T | undefined)[];
  #head = 0;
  #mask: number;
  /**
   * Items queued. A field, not a getter: mpsc reads it on every receive.
   * Only the ring writes it.
   */
  length = 0;

  /** A ring with room for `initial` items (rounded up to a power of two, at least 4) before it grows. */
  constructor(initial = 16) {
    let size = 4;
    while (size < initial) size *= 2;
    this.#items = slots(size);
    this.#mask = size - 1;
  }

  /** Adds `item` at the tail. */
  push(item: T): void {
    if (this.length > this.#mask) this.#grow();
    this.#items[(this.#head + this.length) & this.#mask] = item;
    this.length++;
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    const h = this.#head;
    const item = this.#items[h] as T;
    this.#items[h] = undefined; // let the item be collected
    this.#head = (h + 1) & this.#mask;
    this.length--;
    return item;
  }

  /** Empties the ring, handing each item to `each` (oldest first) when given. */
  clear(each?: (item: T) => void): void {
    if (each !== undefined) for (let i = 0; i < this.length; i++) each(this.#items[(this.#head + i) & this.#mask] as T);
    this.#items.fill(undefined);
    this.#head = 0;
    this.length = 0;
  }

  #grow(): void {
    const old = this.#items;
    const size = old.length * 2;
    const items = slots<T>(size);
    for (let i = 0; i < this.length; i++) items[i] = old[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#head = 0;
    this.#mask = size - 1;
  }
}

/**
 * An array of `size` empty slots, filled with `undefined` so that V8 sees
 * elements of any kind in it from the start. A bare `new Array(size)` starts
 * as small integers only, and its first object (or `undefined`, which `shift`
 * writes) changes the array's map: the optimized `push` and `shift`, compiled
 * for the arrays of earlier rings, are then thrown away on every new ring's
 * first item (seen with `--trace-deopt` on W4's second run: "wrong map").
 */
function slots<T>(size: number): (T | undefined)[] {
  return new Array<T | undefined>(size).fill(undefined);
}
