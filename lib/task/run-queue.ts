/**
 * The executor's run queue: a growable ring buffer.
 *
 * Rejected: a plain array with `shift()` (O(n) once V8 leaves its fast
 * path at a few thousand entries) and a linked list (one node per push).
 * Invariant: `capacity` is a power of two, so wrapping is a mask.
 */
export class RunQueue<T> {
  #items: (T | undefined)[] = new Array(256);
  #head = 0;
  #length = 0;
  #mask = 255;
  /** The most entries ever held at once (for metrics). */
  peak = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length > this.#mask) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    if (++this.#length > this.peak) this.peak = this.#length;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    return item;
  }

  #grow(): void {
    const old = this.#items;
    const size = old.length * 2;
    const items: (T | undefined)[] = new Array(size);
    for (let i = 0; i < this.#length; i++) items[i] = old[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#head = 0;
    this.#mask = size - 1;
  }
}
