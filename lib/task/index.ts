/**
 * # task: tasks, the executor, join handles and the runtime
 *
 * - {@link Runtime}: an executor plus its reactor; `run`, `blockOn`, `spawn`,
 *   `metrics`, `dump`. The free {@link run}, {@link blockOn} and
 *   {@link spawn} use a new or the running runtime.
 * - {@link JoinHandle}: a spawned task's result, as a future; `abort()`.
 * - {@link JoinError}, {@link DeadlockError}, {@link RuntimeError}.
 * - {@link AbortHandle}: cancels a task without joining it (`handle.abortHandle()`).
 * - {@link TaskLocal}: a value scoped to a future and what it awaits
 *   (tokio's `task_local!`); not inherited by spawned tasks.
 * - Diagnostics: `metrics()`, `dump()` ({@link RuntimeDump}: every live task,
 *   what it waits on, join chains, spawn sites), lost-waker reports and the
 *   task hooks ({@link TaskHooks}); see dump.ts, lost-waker.ts, hooks.ts.
 * - Seeded schedules: `new Runtime({ seed })`; internally
 *   {@link runtimeWithPolicy} with a {@link SchedulePolicy} (policy.ts).
 * - Task groups (a simulated host's tasks): {@link TaskGroup},
 *   {@link spawnInGroup}, {@link groupOf}, {@link killGroup} (group.ts).
 *
 * ## Invariants
 * - A task is polled only after a wake; two wakes before it runs poll it once;
 *   a wake after completion does nothing.
 * - A task may complete `budget` awaits per turn (a pending one costs
 *   nothing), then yields to the others; the executor yields to Node's
 *   event loop every `hostSliceMs`.
 * - Every error is delivered: to the awaiting handle, to `run`'s promise, to
 *   `blockOn`'s caller, or (for a task nobody joins) to `onUnhandledError`.
 *
 * ## Non-guarantees
 * - Order among tasks woken in the same turn follows wake order, but is not a
 *   contract (a seeded runtime shuffles it); use channels or `join` to order work.
 * - `blockOn` never waits for real time or I/O.
 */
export { Runtime, run, blockOn, spawn, type RuntimeOptions, type SpawnOptions, type RuntimeMetrics } from "./runtime";
export { JoinHandle } from "./task";
export { TaskLocal, TaskLocalAccessError } from "./task-local";
export { JoinError, DeadlockError, RuntimeError } from "./errors";
export { RuntimeDump, type TaskSnapshot } from "./dump";
export { type TaskInfo, type TaskHooks, type TaskOutcome } from "./hooks";
export { type LostWakerReport } from "./lost-waker";
