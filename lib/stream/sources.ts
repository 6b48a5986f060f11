/**
 * Streams made from values: `iter`, `fromIterable`, `empty`, `pollNextFn`, `unfold`.
 */
import { badArgument, checkFunction } from "../core/check";
import { describeValue, intoFuture, IntoFuture } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { dropFuture } from "./drop";

/** Stream for the {@link iter} function. */
export class IterStream<T> extends Stream<T> {
  #it: Iterator<T> | null = null;
  #done = false;
  constructor(private readonly source: Iterable<T>) {
    super();
  }
  pollNext(): Poll<T | End> {
    if (this.#done) return End;
    // The iterator is made on first poll: creating a stream runs nothing.
    const it = (this.#it ??= this.source[Symbol.iterator]());
    const r = it.next();
    if (r.done) {
      this.#done = true;
      this.#it = null;
      return End;
    }
    return r.value;
  }
  override close(): void {
    if (this.#done) return;
    this.#done = true;
    const it = this.#it;
    this.#it = null;
    // A generator's `finally` runs when it is closed early, as `for..of` would.
    it?.return?.();
  }
  override describe(): string {
    return "iter()";
  }
}

/**
 * A stream of the values of a synchronous iterable (an array, a Set, a
 * generator of plain values). Always ready; it ends with the iterable.
 * Closing it early calls the iterator's `return()`.
 *
 * @example
 * const doubled = yield* iter([1, 2, 3]).map((x) => x * 2).collect(); // [2, 4, 6]
 */
export function iter<T>(values: Iterable<T>): Stream<T> {
  if (values == null || typeof (values as Iterable<T>)[Symbol.iterator] !== "function") {
    badArgument(TypeError, "iter(values)", "values", "an iterable (an array, a Set, a generator…)", values);
  }
  return new IterStream(values);
}

/**
 * The same as {@link iter}, under the name JavaScript users look for.
 *
 * @example
 * const s = fromIterable(new Set(["a", "b"]));
 */
export const fromIterable: <T>(values: Iterable<T>) => Stream<T> = iter;

/** Stream for the {@link empty} function. */
export class EmptyStream<T> extends Stream<T> {
  pollNext(): Poll<T | End> {
    return End;
  }
  override describe(): string {
    return "empty()";
  }
}

/**
 * A stream that ends at once.
 *
 * @example
 * yield* empty<number>().collect(); // []
 */
export function empty<T = never>(): Stream<T> {
  return new EmptyStream<T>();
}

/** Stream for the {@link pollNextFn} function. */
export class PollNextFn<T> extends Stream<T> {
  constructor(private readonly f: (cx: Context) => Poll<T | End>) {
    super();
  }
  pollNext(cx: Context): Poll<T | End> {
    return this.f(cx);
  }
  override describe(): string {
    return `pollNextFn(${this.f.name || "anonymous"})`;
  }
}

/**
 * A stream whose `pollNext` is `f`: return an item, `End`, or `Pending`
 * after arranging for `cx.waker` to be woken (the stream twin of `pollFn`).
 *
 * @example
 * let n = 0;
 * const count = pollNextFn(() => (n < 3 ? n++ : End)); // 0, 1, 2
 */
export function pollNextFn<T>(f: (cx: Context) => Poll<T | End>): Stream<T> {
  checkFunction("pollNextFn(f)", "f", f);
  return new PollNextFn(f);
}

/** Stream for the {@link unfold} function. */
export class UnfoldStream<S, T> extends Stream<T> {
  #state: S;
  #inFlight: Future<[T, S] | undefined> | null = null;
  #done = false;
  constructor(
    init: S,
    private readonly f: (state: S) => IntoFuture<[T, S] | undefined>,
  ) {
    super();
    this.#state = init;
  }
  pollNext(cx: Context): Poll<T | End> {
    if (this.#done) return End;
    const fut = (this.#inFlight ??= intoFuture(this.f(this.#state), "unfold()"));
    let r: Poll<[T, S] | undefined>;
    try {
      r = fut.poll(cx);
    } catch (e) {
      this.#inFlight = null;
      throw e;
    }
    if (r === Pending) return Pending;
    this.#inFlight = null;
    if (r === undefined) {
      this.#done = true;
      return End;
    }
    this.#state = r[1];
    return r[0];
  }
  override close(): void {
    this.#done = true;
    const fut = this.#inFlight;
    this.#inFlight = null;
    if (fut !== null) dropFuture(fut);
  }
  override describe(): string {
    return `unfold(${this.f.name || "anonymous"})`;
  }
}

/**
 * A stream built by an asynchronous step function: `f(state)` gives
 * `[item, nextState]`, or `undefined` to end the stream.
 *
 * @example
 * const pages = unfold(1, function* (page) {
 *   if (page > 3) return undefined;
 *   const body = yield* fetchPage(page);
 *   return [body, page + 1];
 * });
 */
export function unfold<S, T>(init: S, f: (state: S) => IntoFuture<[T, S] | undefined>): Stream<T> {
  checkFunction("unfold(init, f)", "f", f);
  return new UnfoldStream(init, f);
}
