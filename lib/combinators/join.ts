/**
 * `join(a, b, ..)`, `joinBiased(a, b, ..)` and `joinAll(iterable)`: wait for
 * every child, concurrently; the first error drops the rest.
 */
import type { Future } from "../core/future";
import type { IntoFuture, Output } from "../core/coroutine";
import { checkCombinatorOptions, checkIterable, childFutures, CombinatorOptions, Composite, Kind, NONE, Phase } from "./composite";
import { Order, Slot } from "./wake-queue";

/**
 * The outputs of a tuple of futures, as a tuple: `[Future<A>, Generator<_, B>]` → `[A, B]`.
 *
 * @example
 * type T = JoinOutputs<[Future<void>, Generator<unknown, number>]>; // [void, number]
 */
export type JoinOutputs<A extends readonly unknown[]> = { -readonly [K in keyof A]: Output<A[K]> };

/**
 * At least one future or generator object: what `join`, `select` and `race` accept.
 *
 * @example
 * const args: Futures = [sleep(1), ready(2)];
 */
export type Futures = readonly [IntoFuture<unknown>, ...IntoFuture<unknown>[]];

/**
 * Future for {@link join}, {@link joinBiased} and {@link joinAll}.
 *
 * Fails fast: when a child throws, every other child is dropped (its
 * `finally` blocks run, even asynchronous ones), and only then is the error
 * thrown. Errors thrown by that cleanup are thrown too, with the first one,
 * as an `AggregateError`.
 */
export class Join<T extends unknown[]> extends Composite<T> {
  readonly #values: unknown[];
  #error: unknown = undefined;
  #failed = false;

  constructor(kind: Kind, futures: Future<unknown>[]) {
    const n = futures.length;
    super(kind, futures);
    this.#values = new Array(n);
  }

  protected childReady(slot: Slot, value: unknown): boolean {
    this.#values[slot.index] = value;
    if (this.live === 0) this.phase = Phase.Settling;
    return false;
  }

  protected childFailed(_slot: Slot, error: unknown): boolean {
    this.#failed = true;
    this.#error = error;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected settle(): T {
    const cleanup = this.cleanupErrors ?? NONE;
    if (!this.#failed) {
      return this.#values as T;
    }
    if (cleanup.length > 0) {
      throw new AggregateError([this.#error, ...cleanup], `${this.label}: a child failed, and ${cleanup.length} other(s) failed while being cancelled`);
    }
    throw this.#error;
  }
}

/**
 * Runs every future concurrently and gives their values as a tuple, typed
 * from the arguments (futures and generator objects alike). Total time is the
 * longest child's, not the sum.
 *
 * Fails fast: the first child to throw cancels the others, waits for their
 * cleanup to finish, then rethrows. Which child is polled first rotates from
 * poll to poll, so no child can starve the others; see {@link joinBiased}.
 *
 * @example
 * function* fetchUser() { yield* sleep(30); return { name: "ada" }; }
 * const [_, user] = yield* join(sleep(50), fetchUser()); // [void, { name: string }], after 50 ms
 */
export function join<A extends Futures>(...futures: A): Future<JoinOutputs<A>> {
  return make(JOIN, futures);
}

/**
 * {@link join}, but polling children in argument order on every poll.
 *
 * @example
 * const [a, b] = yield* joinBiased(ready(1), ready("two")); // [1, "two"]
 */
export function joinBiased<A extends Futures>(...futures: A): Future<JoinOutputs<A>> {
  return make(JOIN_BIASED, futures);
}

const JOIN: Kind = { label: "join()", order: Order.Rotate };
const JOIN_BIASED: Kind = { label: "joinBiased()", order: Order.Biased };
const JOIN_ALL: Kind = { label: "joinAll()", order: Order.Fifo };
const JOIN_ALL_BIASED: Kind = { label: "joinAll()", order: Order.Biased };

function make<A extends Futures>(kind: Kind, futures: A): Future<JoinOutputs<A>> {
  if (futures.length === 0) throw new TypeError(`${kind.label} needs at least one future to join`);
  return new Join<JoinOutputs<A>>(kind, childFutures(kind.label, futures, true));
}

/**
 * Runs every future of `iterable` concurrently; gives their values in input
 * order. Each child has its own waker: a wake polls only that child, so n
 * children finishing one at a time cost O(n) polls in all. An empty iterable
 * gives `[]` at once. Fails fast, like {@link join}.
 * A generator object is refused with a `TypeError` (it is almost always a
 * coroutine passed by mistake); pass `Array.from(gen)` to join the futures
 * a generator yields.
 *
 * @example
 * const pages = yield* joinAll(urls.map((u) => fetchPage(u))); // string[]
 */
export function joinAll<T>(iterable: Iterable<IntoFuture<T>>, options?: CombinatorOptions): Future<T[]> {
  checkIterable("joinAll(iterable, options)", iterable);
  checkCombinatorOptions("joinAll(iterable, options)", options);
  const futures = childFutures("joinAll(iterable, options)", iterable, false);
  const j = new Join<T[]>(options?.biased ? JOIN_ALL_BIASED : JOIN_ALL, futures);
  if (futures.length === 0) j.phase = Phase.Settling;
  return j;
}
