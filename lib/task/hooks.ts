/**
 * Task hooks: the runtime tells users' own tracing when tasks are spawned,
 * polled and terminated (tokio's `on_task_spawn`, `on_before_task_poll`,
 * `on_task_terminate`).
 *
 * Zero cost when unset: each hook is a field that is `null` unless given, and
 * the executor tests it once per spawn, poll or completion. The task is passed
 * as a {@link TaskInfo} view of the task record itself, so a hook call
 * allocates nothing.
 *
 * A hook that throws does not break the runtime: the error is reported to
 * stderr with the hook's name, and the task carries on.
 */
import { reportToStderr } from "../reactor/host";

/**
 * What a hook (or a report) sees of a task. Read it during the call; do not keep it to poke at.
 *
 * @example
 * new Runtime({ onTaskSpawn: (t: TaskInfo) => console.log(`#${t.id} ${t.name} at ${t.spawnedAt}ms`) });
 *
 * @category Diagnostics
 */
export interface TaskInfo {
  /** Unique within its runtime, counting from 1 in spawn order. */
  readonly id: number;
  /** The `name` option, the generator function's name, or `task-<id>`. */
  readonly name: string;
  /** The runtime's clock (`now()`) when it was spawned. */
  readonly spawnedAt: number;
}

/**
 * How a task ended, as {@link TaskHooks.onTaskTerminate} reports it.
 *
 * @example
 * new Runtime({ onTaskTerminate: (t, outcome: TaskOutcome) => { if (outcome === "error") failures++; } });
 *
 * @category Diagnostics
 */
export type TaskOutcome = "ok" | "error" | "cancelled";

/**
 * Callbacks for tracing tasks. Pass them in {@link RuntimeOptions}.
 *
 * @example
 * const polls = new Map<number, number>();
 * const rt = new Runtime({
 *   onTaskSpawn: (t) => console.log(`spawn #${t.id} ${t.name}`),
 *   onTaskPoll: (t, phase) => { if (phase === "start") polls.set(t.id, (polls.get(t.id) ?? 0) + 1); },
 *   onTaskTerminate: (t, outcome) => console.log(`#${t.id} ${t.name}: ${outcome} after ${polls.get(t.id)} polls`),
 * });
 *
 * @category Diagnostics
 */
export interface TaskHooks {
  /** A task was created (by `spawn`, `run` or `blockOn`), before its first poll. */
  onTaskSpawn?: (task: TaskInfo) => void;
  /** Called just before (`"start"`) and just after (`"end"`) every poll of a task. */
  onTaskPoll?: (task: TaskInfo, phase: "start" | "end") => void;
  /** A task completed, failed or was cancelled; `error` is its error, if any. */
  onTaskTerminate?: (task: TaskInfo, outcome: TaskOutcome, error: unknown) => void;
}

/** Calls a user hook, reporting (never propagating) what it throws. @internal */
export function callHook<A extends unknown[]>(name: string, hook: (...args: A) => void, ...args: A): void {
  try {
    hook(...args);
  } catch (e) {
    reportToStderr(`genfut: the ${name} hook threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}
