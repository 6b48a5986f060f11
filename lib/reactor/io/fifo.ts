/**
 * A first-in first-out queue over an array with a moving head, for the
 * reactor's bounded arrival queues (accepted connections, datagrams).
 *
 * Rejected: `Array.shift()` (O(n) per call once V8 leaves its fast path).
 * The spent prefix is dropped when the queue empties, or spliced off once it
 * is more than half the array, so memory tracks what is actually queued.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** Items waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** The oldest item, or undefined when empty. */
  shift(): T | undefined {
    const items = this.#items;
    if (this.#head === items.length) return undefined;
    const item = items[this.#head];
    items[this.#head++] = undefined;
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > items.length) {
      items.splice(0, this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Empties the queue, handing each waiting item to `f` (oldest first). */
  clear(f?: (item: T) => void): void {
    const items = this.#items;
    if (f !== undefined) for (let i = this.#head; i < items.length; i++) f(items[i] as T);
    this.#items = [];
    this.#head = 0;
  }
}
