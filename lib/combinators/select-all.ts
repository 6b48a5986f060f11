/**
 * `selectAll(iterable)`: the first of many to finish, and the rest, still
 * running, handed back to the caller.
 */
import { IntoFuture } from "../core/coroutine";
import { Future } from "../core/future";
import { checkCombinatorOptions, checkIterable, childFutures, CombinatorOptions, Composite, Kind, NONE, Phase } from "./composite";
import { Order, Slot, SlotState } from "./wake-queue";

/**
 * What {@link selectAll} gives: the winner and the futures still running.
 *
 * @example
 * const { index, value, rest } = yield* selectAll(jobs); // SelectAllResult<T>
 */
export interface SelectAllResult<T> {
  /** Position of the winner in the input. */
  index: number;
  value: T;
  /** The other futures, in input order, not cancelled: poll them again, or cancel them. */
  rest: Future<T>[];
}

/**
 * Future for {@link selectAll}. Unlike `select`, the losers are not dropped
 * when a child wins: they are handed back in `rest`. When a child throws,
 * though, there is nowhere to hand them, so they are cancelled (cleanup
 * finished) before the error is rethrown.
 */
export class SelectAll<T> extends Composite<SelectAllResult<T>> {
  #winner: Slot | null = null;
  #value: T | undefined = undefined;
  #error: unknown = undefined;

  protected childReady(slot: Slot, value: unknown): boolean {
    this.#winner = slot;
    this.#value = value as T;
    // Nothing to drop: the losers belong to the caller from now on.
    this.phase = Phase.Settling;
    this.live = 0;
    return true;
  }

  protected childFailed(_slot: Slot, error: unknown): boolean {
    this.#error = error;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected settle(): SelectAllResult<T> {
    const w = this.#winner;
    if (w === null) {
      const cleanup = this.cleanupErrors ?? NONE;
      if (cleanup.length > 0) throw new AggregateError([this.#error, ...cleanup], `${this.label}: a child failed, and ${cleanup.length} other(s) failed while being cancelled`);
      throw this.#error;
    }
    const rest: Future<T>[] = [];
    for (const s of this.slots) {
      if (s.state === SlotState.Live) {
        rest.push(s.future as Future<T>);
        s.finish(); // late wakes to our slots now do nothing
      }
    }
    return { index: w.index, value: this.#value as T, rest };
  }
}

const SELECT_ALL: Kind = { label: "selectAll()", order: Order.Random };
const SELECT_ALL_BIASED: Kind = { label: "selectAll()", order: Order.Biased };

/**
 * Waits for the first future of `iterable` to finish; gives its index, its
 * value, and the others (still running, not cancelled) as `rest`, so that a
 * loop can keep selecting over what is left. A wake polls only the woken
 * child. If the first child to finish throws, the others are cancelled and
 * the error rethrown. Throws a `TypeError` for an empty iterable, and for a
 * generator object (pass `Array.from(gen)`; see {@link joinAll}).
 *
 * @example
 * let pending = jobs.map((j) => run(j));
 * while (pending.length > 0) {
 *   const { value, rest } = yield* selectAll(pending);
 *   console.log("done:", value);
 *   pending = rest;
 * }
 */
export function selectAll<T>(iterable: Iterable<IntoFuture<T>>, options?: CombinatorOptions): Future<SelectAllResult<T>> {
  checkIterable("selectAll(iterable, options)", iterable);
  checkCombinatorOptions("selectAll(iterable, options)", options);
  const futures = childFutures("selectAll(iterable, options)", iterable, false);
  if (futures.length === 0) throw new TypeError("selectAll() needs at least one future to select from");
  return new SelectAll<T>(options?.biased ? SELECT_ALL_BIASED : SELECT_ALL, futures);
}
