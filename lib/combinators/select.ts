/**
 * `select(a, b, ..)` and `race(a, b, ..)`: the first child to finish wins;
 * the others are cancelled, and their cleanup has finished before the winner
 * is handed back. That is the difference from `Promise.race`, whose losers
 * keep running (and keep their timers) after it settles.
 */
import { Future, Output } from "../core";
import { childFutures, Composite, Phase, throwCleanupErrors, NONE } from "./composite";
import type { Futures } from "./join";
import { Order, Slot } from "./wake-queue";

/**
 * What {@link select} gives: the winner's index and value, as a union that
 * narrows by `index`.
 */
export type Selected<A extends readonly unknown[]> = {
  [K in keyof A]: K extends `${infer I extends number}` ? { index: I; value: Output<A[K]> } : never;
}[number];

/** The union of the outputs of `A`: what {@link race} gives. */
export type Raced<A extends readonly unknown[]> = Output<A[number]>;

/** Future for {@link select}, {@link selectBiased}, {@link race} and {@link raceBiased}. */
export class Select<T> extends Composite<T> {
  #index = -1;
  #value: unknown = undefined;
  #error: unknown = undefined;
  #failed = false;

  constructor(
    label: string,
    futures: Future<unknown>[],
    order: Order,
    /** `race` delivers the value alone; `select` wraps it with its index. */
    private readonly wrap: boolean,
  ) {
    super(label, futures, order);
  }

  protected childReady(slot: Slot, value: unknown): boolean {
    this.#index = slot.index;
    this.#value = value;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected childFailed(_slot: Slot, error: unknown): boolean {
    // A child's error is an outcome too: the first one ends the select.
    this.#failed = true;
    this.#error = error;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected settle(): T {
    const cleanup = this.cleanupErrors ?? NONE;
    if (this.#failed) {
      if (cleanup.length > 0) throw new AggregateError([this.#error, ...cleanup], `${this.label}: a child failed, and ${cleanup.length} other(s) failed while being cancelled`);
      throw this.#error;
    }
    // A loser whose cleanup failed costs the winner its value: the error must not vanish.
    throwCleanupErrors(this.label, cleanup);
    return (this.wrap ? { index: this.#index, value: this.#value } : this.#value) as T;
  }
}

function make<T>(label: string, futures: readonly unknown[], order: Order, wrap: boolean): Future<T> {
  if (futures.length === 0) throw new TypeError(`${label} needs at least one future to select from`);
  return new Select<T>(label, childFutures(label, futures, true), order, wrap);
}

/**
 * Waits for the first of the futures to finish and gives `{ index, value }`,
 * typed as a union that narrows on `index`. The others are cancelled, and
 * their `finally` blocks (even ones that `yield*`) have finished before
 * `select` returns. If the first child to finish throws, the others are
 * cancelled the same way and the error is rethrown.
 *
 * Fair by default: each poll starts at a random child, so a branch that is
 * always ready cannot shadow the others. See {@link selectBiased}.
 *
 * @example
 * const r = yield* select(rx.recv(), sleep(1000));
 * if (r.index === 0) console.log("got", r.value);
 * else console.log("timed out");
 */
export function select<A extends Futures>(...futures: A): Future<Selected<A>> {
  return make("select()", futures, Order.Random, true);
}

/**
 * {@link select}, but polling the futures in argument order: on a tie, the
 * earlier argument wins.
 *
 * @example
 * const r = yield* selectBiased(shutdown.notified(), work()); // shutdown wins ties
 */
export function selectBiased<A extends Futures>(...futures: A): Future<Selected<A>> {
  return make("selectBiased()", futures, Order.Biased, true);
}

/**
 * {@link select} without the index: the value of the first future to finish,
 * typed as the union of the outputs. Losers are cancelled before it returns.
 *
 * @example
 * const v = yield* race(fetchFast(), fetchSlow()); // the first answer; the other is cancelled
 */
export function race<A extends Futures>(...futures: A): Future<Raced<A>> {
  return make("race()", futures, Order.Random, false);
}

/**
 * {@link race}, polling the futures in argument order.
 *
 * @example
 * const v = yield* raceBiased(ready("cached"), fetchFresh()); // "cached"
 */
export function raceBiased<A extends Futures>(...futures: A): Future<Raced<A>> {
  return make("raceBiased()", futures, Order.Biased, false);
}
