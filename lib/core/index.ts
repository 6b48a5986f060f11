/**
 * # core: futures, polling, wakers and the coroutine trampoline
 *
 * Everything else in genfut is built from these pieces, and this folder
 * imports nothing else of ours.
 *
 * - {@link Future}: a lazy computation driven by `poll(cx)`; its own iterator,
 *   so `const v = yield* fut` is typed and allocation-free when ready.
 * - {@link Pending} / {@link Poll}: "not yet", as one symbol, so polls allocate nothing.
 * - {@link Waker} / {@link Context}: how a pending future asks to be polled again.
 * - {@link Coroutine}: a generator object as a future; the only code that
 *   calls a generator's `next`, `throw` or `return`.
 * - {@link ready}, {@link pending}, {@link pollFn}, {@link lazy}, {@link yieldNow}, {@link consumeBudget} (yields only when the task's budget is spent).
 * - {@link shield}: a future that, once started, runs to completion even if
 *   its task is cancelled; the cancellation waits for it.
 * - {@link Stream}: the asynchronous iterator, with an {@link End} marker.
 * - {@link random}: the running runtime's random source (seeded or `Math.random`);
 *   {@link Prng}, the seeded generator behind it.
 *
 * ## Invariants
 *
 * - Creating a future runs nothing; only polling does.
 * - A future registers the waker of its most recent poll, and only that one.
 * - `cancel()` deregisters everything the future registered. A composite may
 *   return `Pending` from `cancel(cx)` while async cleanup runs, and must be
 *   called again on wake until it returns anything else.
 * - A ready `yield*` never suspends the coroutine, so a loop of ready awaits
 *   runs in constant stack and without microtasks.
 *
 * ## Non-guarantees
 *
 * - Polling a completed future is misuse: some futures repeat their value,
 *   coroutines throw. Do not rely on either.
 * - A leaf may be polled spuriously (without a wake); it must tolerate that.
 */
export { Pending, type Poll } from "./poll";
export { Context, noopWaker, type Waker } from "./waker";
export { Future } from "./future";
export type { IntoFuture, Spawnable, Task, Output } from "./coroutine";
export { ready, pending } from "./ready";
export { pollFn, lazy } from "./poll-fn";
export { yieldNow } from "./yield-now";
export { shield, Shield } from "./shield";
export { consumeBudget } from "./consume-budget";
export { Stream, End } from "./stream";
export { random } from "./random";
