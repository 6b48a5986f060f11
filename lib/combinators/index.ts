/**
 * # combinators: running futures together, and structured concurrency
 *
 * This is where genfut does what Promises cannot: a `Promise.race` leaves its
 * losers running (with their timers and sockets) after it settles; a
 * `select` here cancels them, lets their `finally` blocks run to the end
 * (even blocks that `yield*`), and only then hands back the winner.
 *
 * - {@link join} / {@link joinBiased}: every child, concurrently, as a typed
 *   tuple; the first error cancels the rest. {@link joinAll}: the same over
 *   an iterable, giving an array in input order.
 * - {@link select} / {@link selectBiased}: the first child to finish, as
 *   `{ index, value }` narrowed by `index`; {@link race} / {@link raceBiased}:
 *   just the value. {@link selectAll}: the first of an iterable, and the rest
 *   still running. {@link selectOk}: the first *success*; an `AggregateError`
 *   if all fail.
 * - {@link FuturesUnordered}: a growable set of futures, a `Stream` of their
 *   results in completion order.
 * - {@link JoinSet}: spawned tasks owned by a set; `joinNext()` in completion
 *   order; closing the set aborts them.
 * - {@link scope}: trio's nursery; a scope ends only when all its children
 *   have, and the first error cancels the rest.
 *
 * ## How it is built
 *
 * - `wake-queue.ts`: a `Slot` per child (its own waker and context, created
 *   once; futures-rs's `MaybeDone`) and the `WakeQueue` of woken slots.
 * - `composite.ts`: the engine shared by `join`, `joinAll`, `select`, `race`,
 *   `selectAll` and `selectOk`: first poll of every child, then only woken
 *   ones; dropping children and driving their asynchronous `cancel` to its
 *   end. Each combinator file only says what a value or an error means.
 * - The exception, in `select.ts`: a `select` or `race` of exactly two
 *   futures (a value against a deadline, the common case) is a `SelectPair`,
 *   which has no slots and polls both children with its own context on
 *   every poll, as tokio's `select!` does (W7: 144 of ~360 bytes a race).
 * - `futures-unordered.ts`, `join-set.ts` (over it, with spawned tasks) and
 *   `scope.ts` (children are tasks whose root future reports to the scope).
 *
 * Rejected: polling every child on every wake (O(n²) for `joinAll`), and
 * building `select` on promises (a promise cannot be cancelled, so its
 * cleanup could never be awaited).
 *
 * ## Invariants
 *
 * - Every child of a slot-based combinator (all but a two-future `select` or
 *   `race`) has its own waker, created once: a wake polls only the child
 *   that was woken. n children finishing one at a time cost O(n) child
 *   polls. The two children of a `SelectPair` share their parent's waker,
 *   so a wake of either polls both (a spurious poll, which every leaf
 *   tolerates).
 * - A child that wakes itself while being polled waits for the parent's next
 *   poll: a child that is always ready cannot monopolise its parent. (A
 *   `SelectPair` needs no such rule: a child that is ready ends it.)
 * - Dropping a child is `child.cancel(itsContext)`, repeated on each of its
 *   wakes while it returns `Pending`. A combinator's result (or error) is
 *   delivered only after every child it dropped has finished cleaning up.
 * - No error vanishes, and no value: an error thrown by a dropped child's
 *   cleanup is thrown by the combinator, together with the first failure, as
 *   an `AggregateError`; when the combinator has a winner instead (`select`,
 *   `race`, `selectOk`), the winner's value is delivered and the cleanup
 *   error is reported to `onUnhandledError` as a {@link CleanupError}.
 * - Misuse fails loudly: polling a finished combinator, an empty `join()`, a
 *   non-future argument (a `TypeError` naming it).
 * - Errors of tasks in a `JoinSet` or a `scope` are delivered by the set or
 *   the scope, never reported as unhandled.
 *
 * ## Non-guarantees
 *
 * - Fairness is statistical (`select`: random first child; `join`: rotating),
 *   not a schedule. Use the biased forms when order matters.
 * - `selectAll` does not cancel the losers: they come back in `rest`.
 * - `FuturesUnordered.close()` and `JoinSet.close()` are synchronous: members
 *   with asynchronous cleanup get only its first step from `close()` (aborted
 *   tasks finish theirs on their own). Use `cancelAll()` / `shutdown()` to wait.
 * - A `JoinSet` closed with finished but unjoined tasks discards their
 *   values, as tokio's does (their errors are thrown by `close()`). A set
 *   dropped without `close()` reports its undelivered errors through
 *   `onUnhandledError` only once it is garbage-collected, which may be late
 *   or, if the process ends first, never: close sets you are done with.
 */
export { join, joinBiased, joinAll, type JoinOutputs } from "./join";
export { select, selectBiased, race, raceBiased, type Selected, type Raced } from "./select";
export { selectAll, type SelectAllResult } from "./select-all";
export { selectOk } from "./select-ok";
export { CleanupError } from "./cleanup-error";
export { type CombinatorOptions } from "./composite";
export { FuturesUnordered } from "./futures-unordered";
export { JoinSet, AbortHandle } from "./join-set";
export { scope, Scope } from "./scope";
