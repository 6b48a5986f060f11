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
 * ## The engine (private)
 *
 * `Runtime` (runtime.ts) is a facade over:
 * - executor.ts: the run queue and the drain loop. **The one place that
 *   decides which runnable task runs next is `Executor.#pickNext`**: FIFO,
 *   or the seeded runtime's {@link SchedulePolicy}. Tasks reach the executor
 *   only through the `Scheduler` seam (task.ts); the executor reaches the
 *   timers and I/O sources only through `Driver`'s methods
 *   (reactor/driver.ts), calling its `afterPoll()` after every poll.
 * - task-list.ts: the live tasks, how each is born and how it leaves.
 * - drain-frame.ts: the process-wide state a drain installs and restores
 *   (the running runtime, budget, context, random source).
 * - deadlock.ts: `run()`'s main tasks, rejected with a `DeadlockError` by
 *   one `failMains` when nothing is left that could wake them.
 * - reports.ts: unobserved errors, lost wakers, dumps, the signal dump.
 * - options.ts: the options and their checks; policy.ts: schedule policies.
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
