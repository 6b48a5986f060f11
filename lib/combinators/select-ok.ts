/**
 * `selectOk(a, b, ..)`: the first child to *succeed*; errors are counted,
 * not fatal, until every child has failed.
 */
import { Future } from "../core/future";
import { reportCleanupErrors } from "./cleanup-error";
import { childFutures, Composite, Kind, Phase } from "./composite";
import type { Futures } from "./join";
import type { Selected } from "./select";
import { Order, Slot } from "./wake-queue";

/** Future for {@link selectOk}. */
export class SelectOk<T> extends Composite<T> {
  #index = -1;
  #value: unknown = undefined;
  readonly #errors: unknown[];
  #failures = 0;

  constructor(kind: Kind, futures: Future<unknown>[]) {
    const n = futures.length;
    super(kind, futures);
    this.#errors = new Array(n);
  }

  protected childReady(slot: Slot, value: unknown): boolean {
    this.#index = slot.index;
    this.#value = value;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected childFailed(slot: Slot, error: unknown): boolean {
    this.#errors[slot.index] = error;
    if (++this.#failures === this.slots.length) this.phase = Phase.Settling;
    return false;
  }

  protected settle(): T {
    if (this.#index < 0) {
      throw new AggregateError(this.#errors, `${this.label}: all ${this.#errors.length} branches failed`);
    }
    // The winner's value is delivered; a loser's cleanup error is reported, not thrown (see `settle` in select.ts).
    if (this.cleanupErrors !== null) reportCleanupErrors(this.label, this.cleanupErrors);
    return { index: this.#index, value: this.#value } as T;
  }
}

const SELECT_OK: Kind = { label: "selectOk()", order: Order.Random };

/**
 * Waits for the first future to *succeed* and gives `{ index, value }` (a
 * union narrowed by `index`), cancelling the others (their cleanup finished
 * before it returns). A failing future is set aside; when every one has
 * failed, throws an `AggregateError` whose `errors` are in argument order.
 * Polls fairly (random start), like {@link select}.
 *
 * @example
 * // The first mirror that answers; the slower ones are cancelled.
 * const { index, value } = yield* selectOk(fetchFrom(a), fetchFrom(b), fetchFrom(c));
 */
export function selectOk<A extends Futures>(...futures: A): Future<Selected<A>> {
  if (futures.length === 0) throw new TypeError("selectOk() needs at least one future to select from");
  return new SelectOk<Selected<A>>(SELECT_OK, childFutures("selectOk()", futures, true));
}
