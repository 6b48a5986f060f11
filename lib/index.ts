/**
 * genfut: Rust's async model for TypeScript on Node.js.
 *
 * The one public barrel: named exports only, never `export *`, so nothing
 * internal leaks. Layers (each imports only those below it):
 * combinators/ stream/ compat/ → time/ net/ io/ → sync/ → task/ → reactor/ → core/.
 * No module under lib/ imports this file.
 */

// ---- core: futures, polling, wakers, the trampoline ----
export { Future, Pending, Context, noopWaker, ready, pending, pollFn, lazy, yieldNow, Stream, End } from "./core";
export type { Poll, Waker, IntoFuture, Task, Output } from "./core";

// ---- task: the executor and the runtime ----
export { Runtime, run, blockOn, spawn, JoinHandle, JoinError, DeadlockError, RuntimeError, RuntimeDump } from "./task";
export type { RuntimeOptions, SpawnOptions, RuntimeMetrics, TaskSnapshot } from "./task";

// ---- time ----
export { sleep, sleepUntil, now, advance } from "./time";

// ---- combinators ----

// ---- sync ----

// ---- net and io ----

// ---- streams and compat ----
