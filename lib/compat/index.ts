/**
 * # compat: genfut and the rest of JavaScript
 *
 * genfut lives inside Node programs full of Promises, async iterables,
 * EventEmitters and AbortSignals. This folder is the bridge (Rust's
 * `futures::compat`, 0.1 ↔ 0.3): it lets a team adopt genfut one function
 * at a time, and it is the only place in genfut that touches Promises.
 *
 * - Promises: {@link fromPromise} (`p`, or lazy `(signal) => p` whose signal
 *   is aborted on cancellation), {@link toPromise} (a future, run, as a
 *   Promise; `await toPromise(handle)` joins a task from `async` code).
 * - Signals: {@link signalOf} (the running task's AbortSignal),
 *   {@link abortable} (a future that an AbortSignal cancels).
 * - Iteration: {@link fromAsyncIterable} / {@link toAsyncIterable}; every
 *   `Stream` is also `for await`-able.
 * - Events: {@link fromEvent} (a bounded, listening stream), {@link once}.
 * - Threads: {@link spawnBlocking} (piscina worker pool).
 * - Programs: {@link main} (signals cancel the main task; exit codes).
 *
 * ## Invariants
 *
 * - Cancellation crosses the bridge: a cancelled `fromPromise` thunk's signal
 *   is aborted, a closed `fromAsyncIterable` calls the iterator's `return()`,
 *   a closed `fromEvent` / cancelled `once` removes every listener it added,
 *   a cancelled `spawnBlocking` is removed from the queue or its worker stopped,
 *   a cancelled task's `signalOf()` is aborted.
 * - While a bridge waits on Node (a Promise, an event, an iterator's `next()`)
 *   with a waker registered, it counts in the runtime's `driver.ioSources`,
 *   so `blockOn` and deadlock reports know that Node may still wake it.
 * - Nothing vanishes: rejections reach the awaiting coroutine, iterator
 *   errors are thrown from `next()`, overflowing events are reported
 *   (`EventOverflowError`) unless a dropping policy was chosen.
 *
 * ## Non-guarantees
 *
 * - A Promise that settles after its future was cancelled is ignored,
 *   rejection included: deliberately, since nobody waits for it any more.
 * - `fromPromise(p)` (already running) cannot stop `p`'s work; only the
 *   thunk form and `signalOf()` reach the operation itself.
 * - Each `toAsyncIterable` step runs through the event loop's microtasks: it
 *   is a bridge, not a fast path. Inside genfut, `yield* s.next()`.
 */
export { fromPromise } from "./from-promise";
export { toPromise } from "./to-promise";
export { abortable, signalOf } from "./signal";
export { fromAsyncIterable, toAsyncIterable } from "./async-iterable";
export { fromEvent, EventOverflowError, type FromEventOptions, type OverflowPolicy } from "./events";
export { once } from "./once";
export { type EmitterLike } from "./emitter";
export { spawnBlocking, shutdownBlockingPool } from "./spawn-blocking";
export { main } from "./main";
