/**
 * A growable ring buffer: the message queue of `mpsc`.
 *
 * Rejected: `Array.push` + `Array.shift` (shift is O(n) once V8 leaves its
 * fast path at a few thousand entries) and a linked list (a node per message).
 * Invariant: the backing array's length is a power of two, so wrapping is a mask.
 */
export class Ring<T> {
  #items: (T | undefined)[];
  #head = 0;
  #mask: number;
  length = 0;

  constructor(initial = 16) {
    let size = 4;
    while (size < initial) size *= 2;
    this.#items = slots(size);
    this.#mask = size - 1;
  }

  push(item: T): void {
    if (this.length > this.#mask) this.#grow();
    this.#items[(this.#head + this.length) & this.#mask] = item;
    this.length++;
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    const h = this.#head;
    const item = this.#items[h] as T;
    this.#items[h] = undefined; // let the message be collected
    this.#head = (h + 1) & this.#mask;
    this.length--;
    return item;
  }

  /** Empties the buffer, dropping every reference. */
  clear(): void {
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
 * first message (seen with `--trace-deopt` on W4's second run: "wrong map").
 */
function slots<T>(size: number): (T | undefined)[] {
  return new Array<T | undefined>(size).fill(undefined);
}
