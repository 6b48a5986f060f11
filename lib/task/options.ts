/**
 * The options of a {@link Runtime} and of {@link spawn}, and the shape of
 * {@link Runtime.metrics}: the runtime's documented surface, apart from the
 * executor that implements it; and the checks that refuse a bad option
 * where it is given.
 */
import { badArgument, checkBoolean, checkFunction, checkInteger, checkNumber, checkOptions, checkString } from "../core/check";
import { isSignalName } from "../reactor/host";
import type { TaskHooks } from "./hooks";
import type { LostWakerReport } from "./lost-waker";
import type { SchedulePolicy } from "./policy";

/** Options for {@link Runtime} and {@link run}. The task hooks are described in {@link TaskHooks}. */
export interface RuntimeOptions extends TaskHooks {
  /**
   * Start with the clock paused at 0: time moves only by `advance(ms)` or by
   * jumping to the next timer when every task is idle.
   * @default false
   */
  startPaused?: boolean;
  /**
   * Called once for an error of a spawned task that nobody joined, including
   * an error thrown by its cleanup (`finally`, a leaf's `cancel()`) while it
   * was being aborted (then `task.cancelled` is true).
   * @default prints the task's name and the error's stack to stderr, and sets
   * `process.exitCode = 1` (the process keeps running), as Node does for an
   * unhandled rejection
   */
  onUnhandledError?: (error: unknown, task: { id: number; name: string; spawnSite?: string | null; cancelled?: boolean }) => void;
  /**
   * Awaits a task may complete in one turn before it must yield (tokio's coop
   * budget). An await whose future is still pending costs nothing, so every
   * budget of 1 or more makes progress, however deep coroutines nest.
   * @default 128
   */
  budget?: number;
  /**
   * Milliseconds the executor may run before handing the thread back to Node's event loop.
   * A finite number >= 0: `Infinity` ("never") is refused, as tasks that keep
   * each other ready would then starve every timer and socket.
   * @default 2
   */
  hostSliceMs?: number;
  /**
   * Record where each task is spawned, and show it in dumps, deadlock and
   * lost-waker reports and unjoined-error reports. Costs a stack capture per
   * spawn (about a microsecond), so it is off by default.
   * @default false
   */
  captureSpawnSite?: boolean;
  /**
   * Called once for a task found idle with its waker registered nowhere (it
   * can never wake again). Pass `() => {}` to silence.
   * @default prints a warning with the task's name to stderr
   */
  onLostWaker?: (report: LostWakerReport) => void;
  /**
   * `run()` always rejects with a {@link DeadlockError} when Node's event loop
   * drains while its main task still waits. With `true`, it also does so as
   * soon as the runtime is idle with no timer, no I/O source and no deferred
   * wake left (checked again after one host turn), even if something outside
   * genfut keeps Node's loop alive. Only for programs whose every wake comes
   * from genfut's own timers, sockets, channels and `fromPromise`: a leaf woken
   * by a raw Node callback would be misread as deadlocked. The main task is
   * then aborted, so its cleanup runs.
   * @default false
   */
  detectDeadlock?: boolean;
  /**
   * Print a task dump (and the metrics) to stderr when the process receives
   * this signal, while a `run()` of this runtime is in progress. `true` means
   * `"SIGUSR2"`.
   * @default false
   */
  dumpOnSignal?: boolean | string;
  /**
   * `Error.stackTraceLimit` while tasks run. Each coroutine level of a nested
   * `yield*` takes two stack frames, so Node's default of 10 shows only about
   * five; the default keeps every level of ordinary programs in view. The
   * price is paid only by errors created while tasks run: V8 records the
   * frames that exist, so an Error 30 frames deep costs ~6.6 µs instead of
   * ~2.9 µs (measured; at 10 frames deep, 4.0 instead of 2.7). Pass 10 to
   * keep Node's behaviour.
   * @default 64 if the process still has Node's default (10), else the process's own setting is left alone
   */
  stackTraceLimit?: number;
  /**
   * Make the schedule a function of this number: which runnable task runs
   * next, which branch an unbiased `select`/`race`/`join`/`joinAll` polls
   * first, and what {@link random} returns all come from one generator
   * seeded with it, so the same program with the same seed polls the same
   * tasks in the same order (add `startPaused` to make `now()` repeat too).
   * Any safe integer. Without it the run queue is FIFO.
   * @default undefined (FIFO)
   * @example
   * const rt = new Runtime({ seed: 1234, startPaused: true });
   */
  seed?: number;
}

/** Options for {@link spawn}. */
export interface SpawnOptions {
  /** Shown in dumps and error reports. @default the generator function's name, or `task-<id>` */
  name?: string;
}

/**
 * Counters of a runtime.
 *
 * @category Diagnostics
 */
export interface RuntimeMetrics {
  /** Tasks spawned and not yet complete (including `run`/`blockOn` main tasks). */
  aliveTasks: number;
  /** Tasks ever created. */
  spawnedTasks: number;
  /** Task polls. */
  polls: number;
  /** Calls to a task waker (including ones that found the task already scheduled). */
  wakes: number;
  /** Wakes that arrived while the task was running (it re-queues itself). */
  selfWakes: number;
  /** Times the executor handed the thread back to Node's event loop. */
  hostTurns: number;
  /** Tasks in the run queue now. */
  queueDepth: number;
  /** Most tasks ever in the run queue at once. */
  peakQueueDepth: number;
  /** Timers registered and not yet fired. */
  timers: number;
  /** Node timers armed over the runtime's life (one per nearest deadline, not one per sleep). */
  hostTimersArmed: number;
  /** Times a task was made to yield because it used up its coop budget of leaf polls. */
  budgetYields: number;
  /** I/O sources (sockets, listeners, emitters) registered with the reactor now. */
  ioSources: number;
  /** `yieldNow()` wakes waiting for the next host turn now. */
  deferredWakes: number;
  /** Times a task went idle with its waker registered nowhere (see {@link RuntimeOptions.onLostWaker}). */
  lostWakers: number;
}

const RT = "new Runtime(options)";
const HOOKS = ["onUnhandledError", "onLostWaker", "onTaskSpawn", "onTaskPoll", "onTaskTerminate"] as const;
const FLAGS = ["startPaused", "captureSpawnSite", "detectDeadlock"] as const;

/**
 * Checks every field of a {@link RuntimeOptions} when the runtime is made,
 * so that `onUnhandledError: "x"` fails here and not at the first unjoined
 * error, and `dumpOnSignal: "SIGBOGUS"` fails here and not never.
 *
 * `hostSliceMs` must be finite: Infinity would mean "never hand the thread
 * back to Node while a task is ready", and two tasks waking each other would
 * then starve every timer and socket (a `timeout()` that never fires). A
 * long slice is still one explicit number away.
 */
export function checkRuntimeOptions(o: RuntimeOptions): void {
  checkOptions(RT, "options", o);
  for (const k of HOOKS) if (o[k] !== undefined) checkFunction(RT, `options.${k}`, o[k]);
  for (const k of FLAGS) if (o[k] !== undefined) checkBoolean(RT, `options.${k}`, o[k]);
  if (o.budget !== undefined) checkInteger(RT, "options.budget", o.budget, 1);
  if (o.hostSliceMs !== undefined) checkNumber(RT, "options.hostSliceMs", o.hostSliceMs, 0);
  if (o.stackTraceLimit !== undefined) checkInteger(RT, "options.stackTraceLimit", o.stackTraceLimit, 0);
  const sig: unknown = o.dumpOnSignal;
  if (sig !== undefined && typeof sig !== "boolean") {
    if (typeof sig !== "string") badArgument(TypeError, RT, "options.dumpOnSignal", "true, false or a signal name", sig);
    if (!isSignalName(sig)) badArgument(RangeError, RT, "options.dumpOnSignal", 'a signal name that can be caught, such as "SIGUSR2"', sig);
  }
  const seed: unknown = o.seed;
  if (seed !== undefined) {
    if (typeof seed !== "number") throw new TypeError(`seed must be a number (a safe integer), got ${typeof seed} ${String(seed)}`);
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
}

/** Checks a {@link SpawnOptions} where `spawn` is called. */
export function checkSpawnOptions(o: SpawnOptions): void {
  checkOptions("spawn(task, options)", "options", o);
  if (o.name !== undefined) checkString("spawn(task, options)", "options.name", o.name);
}

/** The arguments of `runtimeWithPolicy`: a policy with its two methods, and no seed beside it. */
export function checkPolicy(options: RuntimeOptions, policy: SchedulePolicy): void {
  if (options.seed !== undefined) throw new TypeError(`runtimeWithPolicy() takes a policy instead of options.seed, got seed ${String(options.seed)}`);
  if (policy === null || typeof policy !== "object" || typeof policy.pickTask !== "function" || typeof policy.random !== "function") {
    throw new TypeError(`runtimeWithPolicy(): policy must be an object with pickTask() and random() methods, got ${String(policy)}`);
  }
}
