/**
 * # stream: combinators and sources for `Stream<T>`
 *
 * A {@link Stream} is an asynchronous iterator polled like a future:
 * `pollNext(cx)` gives an item, `End`, or `Pending`; `yield* s.next()` gives
 * the item or `undefined` at the end. The class lives in `core` (channel
 * receivers are streams, and `sync/` imports only core); this folder adds:
 *
 * - Sources: {@link iter} / {@link fromIterable}, {@link empty},
 *   {@link pollNextFn}, {@link unfold}, and the free {@link merge}.
 *   Channel receivers, intervals, `TcpListener.incoming()` and `lines(r)`
 *   are streams made by `sync/`, `time/`, `net/` and `io/`.
 * - Adapters (methods, see below): `map`, `filter`,
 *   `andThen` (Rust's `then`), `take`, `takeWhile`, `skip`, `chain`, `zip`,
 *   `merge`, `chunks`, `buffered(n)`, `bufferUnordered(n)`, `timeout(ms)`,
 *   `throttle(ms)`.
 * - Consumers (futures): `forEach`, `forEachConcurrent(n)`, `collect`, `fold`.
 *
 * ```ts
 * const total = yield* iter(files)
 *   .map((f) => readSize(f))     // a stream of futures
 *   .bufferUnordered(8)          // eight at a time
 *   .fold(0, (a, n) => a + n);
 * ```
 *
 * ## Methods, not pipeable functions
 *
 * The combinators are methods of every stream, as Rust's `StreamExt` is an
 * extension trait with a blanket impl. `ext.ts` merges their declarations
 * into `Stream` and installs them on `Stream.prototype` when this module
 * loads (`lib/index.ts` imports it, so every stream users can reach has
 * them, whoever made it). Rejected: pipeable free functions
 * (`pipe(s, map(f), filter(g))`). A method chain reads in the order the data
 * flows, TypeScript infers each step's item type from the one before without
 * annotations, it autocompletes after a dot, and it is what a `StreamExt`
 * user expects. The price is one prototype patch, confined to one module,
 * which never overwrites a name a subclass defines; `core` stays free of
 * imports (it cannot import `stream/`: layering). Rust's `then` is
 * `andThen` here: a `then` method would make every stream a thenable.
 *
 * ## Invariants
 *
 * - Lazy: building a chain runs nothing and registers nothing; polling does.
 * - Ownership: an adapter owns its upstream. `close()` closes the whole chain
 *   down to the source, releasing listeners, iterators and in-flight futures;
 *   a consumer future closes its stream when it finishes, fails or is cancelled.
 *   `take` and `takeWhile` close the upstream as soon as they are done.
 * - A cancelled `next()` loses no item: an item already taken from the
 *   upstream (a zip half, a chunk being gathered, an `andThen` future in
 *   flight) stays in the adapter for the next `next()`.
 * - Loops over ready items (`filter`, `skip`, consumers) spend the task's
 *   coop budget, so an always-ready stream cannot starve other tasks.
 * - An error thrown by a user function or an upstream is thrown from
 *   `next()`; adapters stay usable afterwards, consumer futures close the
 *   stream and fail.
 *
 * ## Non-guarantees
 *
 * - Behaviour after a stream has ended is only defined for the adapters
 *   here (they keep returning the end); a hand-written stream may differ.
 * - `merge` polls every live stream on each wake (no per-stream wakers):
 *   fine for the handful a merge has. (`buffered`, `bufferUnordered` and
 *   `forEachConcurrent` do have per-future wakers: a wake resumes one body.)
 * - Closing a stream whose in-flight future is a coroutine with an async
 *   `finally` finishes that cleanup on a detached task (`stream-cleanup`),
 *   not before `close()` returns.
 */
import "./ext";

export { iter, fromIterable, empty, pollNextFn, unfold } from "./sources";
export { merge } from "./merge";
export type { StepResult } from "./for-each";
