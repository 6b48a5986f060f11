/**
 * `StreamExt`: the combinators as methods of every {@link Stream}.
 *
 * Rust puts them in an extension trait with a blanket impl for every
 * `Stream`; the TypeScript twin is declaration merging (the types) plus
 * installing the methods on `Stream.prototype` when this module loads (the
 * code). `lib/index.ts` imports this module, so every stream users can get
 * (a channel receiver, an interval, `fromEvent`) has the methods.
 *
 * Why methods and not pipeable free functions (`pipe(s, map(f), filter(g))`):
 * a chain reads in the order the data flows, TypeScript infers each step's
 * item type from the previous one without help, and it is what a
 * `StreamExt` user expects. The cost is the prototype patch; it is one
 * module, installs only names Stream does not define, and `core` stays
 * free of imports (core cannot import `stream/`: layering).
 */
import { badArgument, checkFunction, checkInteger, checkNumber } from "../core/check";
import { IntoFuture } from "../core/coroutine";
import { Future } from "../core/future";
import { Stream } from "../core/stream";
import { AndThenStream } from "./and-then";
import { BufferedStream } from "./buffered";
import { ChainStream } from "./chain";
import { ChunksStream } from "./chunks";
import { Collect, Fold } from "./collect";
import { ForEach, ForEachConcurrent, StepResult } from "./for-each";
import { FilterStream, MapStream } from "./map";
import { MergeStream } from "./merge";
import { SkipStream, TakeStream, TakeWhileStream } from "./take";
import { ThrottleStream, TimeoutStream } from "./timeout";
import { ZipStream } from "./zip";

declare module "../core/stream" {
  interface Stream<T> {
    /**
     * Each item passed through `f`.
     * @example const lens = words.map((w) => w.length);
     */
    map<U>(f: (value: T) => U): Stream<U>;
    /**
     * Only the items for which `pred` is true.
     * @example const evens = iter([1, 2, 3, 4]).filter((x) => x % 2 === 0);
     */
    filter<S extends T>(pred: (value: T) => value is S): Stream<S>;
    /**
     * Only the items for which `pred` is true (a plain predicate, where the
     * overload above takes a type guard and narrows the item type).
     * @example const short = words.filter((w) => w.length < 4);
     */
    filter(pred: (value: T) => boolean): Stream<T>;
    /**
     * Each item passed through an asynchronous function (a generator
     * function or one returning a future), one at a time. Rust's `then`.
     * @example const bodies = urls.andThen(function* (u) { return yield* get(u); });
     */
    andThen<U>(f: (value: T) => IntoFuture<U>): Stream<U>;
    /**
     * The first `n` items; the upstream is closed once they are taken.
     * @example const firstThree = yield* rx.take(3).collect();
     */
    take(n: number): Stream<T>;
    /**
     * Items while `pred` holds; the first that fails it ends the stream (and is dropped).
     * @example const head = iter([1, 2, 9, 3]).takeWhile((x) => x < 5); // 1, 2
     */
    takeWhile(pred: (value: T) => boolean): Stream<T>;
    /**
     * All but the first `n` items.
     * @example const body = lines.skip(1); // without the header
     */
    skip(n: number): Stream<T>;
    /**
     * This stream's items, then `next`'s.
     * @example const all = iter([1, 2]).chain(iter([3])); // 1, 2, 3
     */
    chain(next: Stream<T>): Stream<T>;
    /**
     * Pairs of items from this stream and `other`, until either ends.
     * @example const numbered = names.zip(iter([1, 2, 3]));
     */
    zip<U>(other: Stream<U>): Stream<[T, U]>;
    /**
     * This stream's items and `others`', as each becomes ready.
     * @example const events = clicks.merge(keys);
     */
    merge(...others: Stream<T>[]): Stream<T>;
    /**
     * Items in arrays of `n`; the last array may be shorter.
     * @example const batches = rows.chunks(100);
     */
    chunks(n: number): Stream<T[]>;
    /**
     * For a stream of futures: run up to `n` at once, yield their values in order.
     * @example const pages = urls.map((u) => get(u)).buffered(4);
     */
    buffered<U>(this: Stream<IntoFuture<U>>, n: number): Stream<U>;
    /**
     * For a stream of futures: run up to `n` at once, yield their values as they finish.
     * @example const pages = urls.map((u) => get(u)).bufferUnordered(4);
     */
    bufferUnordered<U>(this: Stream<IntoFuture<U>>, n: number): Stream<U>;
    /**
     * Each wait for an item may last at most `ms`, else `next()` throws `TimeoutError`
     * (the stream stays usable).
     * @example const ticks = heartbeats.timeout(5_000);
     */
    timeout(ms: number): Stream<T>;
    /**
     * At most one item per `ms`: after an item, the next waits until `ms` have passed.
     * @example const calm = clicks.throttle(100);
     */
    throttle(ms: number): Stream<T>;
    /**
     * Calls `f` on each item, awaiting what it returns (if anything), until the end.
     * @example yield* rx.forEach(function* (job) { yield* handle(job); });
     */
    forEach(f: (value: T) => StepResult): Future<void>;
    /**
     * Like `forEach`, with up to `n` bodies running at once. The first error
     * cancels the other bodies, then is thrown.
     * @example yield* listener.incoming().forEachConcurrent(100, handle);
     */
    forEachConcurrent(n: number, f: (value: T) => StepResult): Future<void>;
    /**
     * Every item, in an array, once the stream ends.
     * @example const all = yield* iter("abc").collect(); // ["a", "b", "c"]
     */
    collect(): Future<T[]>;
    /**
     * Folds the items into one value; `f` may return the new value or a future of it.
     * @example const sum = yield* iter([1, 2, 3]).fold(0, (a, x) => a + x); // 6
     */
    fold<A>(init: A, f: (acc: A, value: T) => A | IntoFuture<A>): Future<A>;
  }
}

// Each names the method and its argument: `Stream.take(n): n must be a whole
// number >= 0, got the number -1`.
function count(what: string, name: string, n: number, min: number): number {
  checkInteger(what, name, n, min);
  return n;
}

function ms(what: string, n: number): number {
  checkNumber(what, "ms", n, 0, true);
  return n;
}

function fn<F>(what: string, name: string, f: F): F {
  checkFunction(what, name, f);
  return f;
}

function stream<T>(what: string, name: string, s: Stream<T>): Stream<T> {
  if (!(s instanceof Stream)) badArgument(TypeError, what, name, "a Stream", s);
  return s;
}

/** The methods, with `this` typed; installed below. */
const methods = {
  map<T, U>(this: Stream<T>, f: (value: T) => U): Stream<U> {
    return new MapStream(this, fn("Stream.map(f)", "f", f));
  },
  filter<T>(this: Stream<T>, pred: (value: T) => boolean): Stream<T> {
    return new FilterStream(this, fn("Stream.filter(pred)", "pred", pred));
  },
  andThen<T, U>(this: Stream<T>, f: (value: T) => IntoFuture<U>): Stream<U> {
    return new AndThenStream(this, fn("Stream.andThen(f)", "f", f));
  },
  take<T>(this: Stream<T>, n: number): Stream<T> {
    return new TakeStream(this, count("Stream.take(n)", "n", n, 0));
  },
  takeWhile<T>(this: Stream<T>, pred: (value: T) => boolean): Stream<T> {
    return new TakeWhileStream(this, fn("Stream.takeWhile(pred)", "pred", pred));
  },
  skip<T>(this: Stream<T>, n: number): Stream<T> {
    return new SkipStream(this, count("Stream.skip(n)", "n", n, 0));
  },
  chain<T>(this: Stream<T>, next: Stream<T>): Stream<T> {
    return new ChainStream(this, stream("Stream.chain(next)", "next", next));
  },
  zip<T, U>(this: Stream<T>, other: Stream<U>): Stream<[T, U]> {
    return new ZipStream(this, stream("Stream.zip(other)", "other", other));
  },
  merge<T>(this: Stream<T>, ...others: Stream<T>[]): Stream<T> {
    return new MergeStream([this, ...others.map((s, i) => stream("Stream.merge(...others)", `argument ${i}`, s))]);
  },
  chunks<T>(this: Stream<T>, n: number): Stream<T[]> {
    return new ChunksStream(this, count("Stream.chunks(n)", "n", n, 1));
  },
  buffered<U>(this: Stream<IntoFuture<U>>, n: number): Stream<U> {
    return new BufferedStream(this, count("Stream.buffered(n)", "n", n, 1), true);
  },
  bufferUnordered<U>(this: Stream<IntoFuture<U>>, n: number): Stream<U> {
    return new BufferedStream(this, count("Stream.bufferUnordered(n)", "n", n, 1), false);
  },
  timeout<T>(this: Stream<T>, n: number): Stream<T> {
    return new TimeoutStream(this, ms("Stream.timeout(ms)", n));
  },
  throttle<T>(this: Stream<T>, n: number): Stream<T> {
    return new ThrottleStream(this, ms("Stream.throttle(ms)", n));
  },
  forEach<T>(this: Stream<T>, f: (value: T) => StepResult): Future<void> {
    return new ForEach(this, fn("Stream.forEach(f)", "f", f));
  },
  forEachConcurrent<T>(this: Stream<T>, n: number, f: (value: T) => StepResult): Future<void> {
    return new ForEachConcurrent(this, count("Stream.forEachConcurrent(n, f)", "n", n, 1), fn("Stream.forEachConcurrent(n, f)", "f", f));
  },
  collect<T>(this: Stream<T>): Future<T[]> {
    return new Collect(this);
  },
  fold<T, A>(this: Stream<T>, init: A, f: (acc: A, value: T) => A | IntoFuture<A>): Future<A> {
    return new Fold(this, init, fn("Stream.fold(init, f)", "f", f));
  },
};

/** Installs the methods once; a subclass's own method of the same name still wins. */
export function installStreamMethods(): void {
  const proto = Stream.prototype as unknown as Record<string, unknown>;
  for (const [name, f] of Object.entries(methods)) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) continue;
    Object.defineProperty(proto, name, { value: f, writable: true, configurable: true, enumerable: false });
  }
}

installStreamMethods();
