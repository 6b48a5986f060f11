/**
 * Small helpers the peer implementations share: an Effection operation that
 * is ready at once, a Promise channel, a one-shot Promise latch.
 */
import type { Operation } from "effection";

/**
 * An Effection operation that returns `value` at once. A class with its
 * generator on the prototype: the cheapest way Effection offers (its own
 * `constant()` is not exported from the package root).
 */
export class Const<T> implements Operation<T> {
  constructor(readonly value: T) {}
  *[Symbol.iterator](): Generator<never, T, unknown> {
    return this.value;
  }
}

/** An unbounded channel over Promises: the native way two async functions hand values over. */
export class PromiseChannel<T> {
  #buf: T[] = [];
  #head = 0;
  #waiter: ((v: T) => void) | null = null;

  send(v: T): void {
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      w(v);
    } else {
      this.#buf.push(v);
    }
  }

  recv(): Promise<T> {
    if (this.#head < this.#buf.length) {
      const v = this.#buf[this.#head++];
      if (this.#head === this.#buf.length) {
        this.#buf = [];
        this.#head = 0;
      }
      return Promise.resolve(v);
    }
    return new Promise<T>((resolve) => {
      this.#waiter = resolve;
    });
  }
}

/** Resolves once, when `fire()` is called: a done-signal for native code. */
export function latch(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

/** A Promise that resolves after a host turn (setImmediate): native "yield to I/O". */
export function immediate(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** A Promise that resolves after `setTimeout(0)`. */
export function timeout0(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
