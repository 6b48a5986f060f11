/**
 * The runtime: what users see of the executor and its reactor. `Runtime`
 * is a facade over four parts, each in its own file:
 *
 * - the executor (executor.ts): the run queue, the drain loop and the one
 *   place that picks the next task (`#pickNext`), with the live tasks
 *   (task-list.ts) and what a drain saves and restores (drain-frame.ts);
 * - the reactor (`Driver`, reactor/driver.ts): clock, timers, I/O sources;
 * - deadlock detection for `run()`'s main tasks (deadlock.ts);
 * - the reports: unobserved errors, lost wakers, dumps (reports.ts).
 *
 * The free {@link run}, {@link blockOn} and {@link spawn} use a new or the
 * running runtime.
 */
import { intoBody, Spawnable, taskName } from "../core/coroutine";
import { Driver } from "../reactor/driver";
import { reportToStderr } from "../reactor/host";
import { outsideRuntime } from "../reactor/current";
import { blockOnStuck, Mains } from "./deadlock";
import { active } from "./drain-frame";
import { RuntimeDump } from "./dump";
import { DeadlockError, JoinError, RuntimeError } from "./errors";
import { Executor } from "./executor";
import { checkPolicy, checkRuntimeOptions, checkSpawnOptions } from "./options";
import type { SchedulePolicy } from "./policy";
import { SeededPolicy } from "./policy";
import { dumpTasks, Reports, stackOf } from "./reports";
import { JoinHandle, Outcome, running, Task } from "./task";

export type { RuntimeOptions, SpawnOptions, RuntimeMetrics } from "./options";
import type { RuntimeMetrics, RuntimeOptions, SpawnOptions } from "./options";

/**
 * The door into a Runtime's private state for lib/task's own functions
 * (`runtimeWithPolicy`, `spawnInGroup`, `killGroup`), set by the class's
 * static block: a runtime's executor. Rejected: public methods marked
 * internal, which every user would see on `Runtime`.
 * @internal
 */
export let executorOf: (rt: Runtime) => Executor;

/**
 * The running runtime. Throws a {@link RuntimeError} naming `what` when called
 * outside one.
 * @internal
 */
export function currentRuntime(what: string): Runtime {
  const rt = active.runtime;
  if (rt === null) throw outsideRuntime(what);
  return rt;
}

/** The running runtime, or null. @internal */
export function tryCurrentRuntime(): Runtime | null {
  return active.runtime;
}

/** The runtime `task` belongs to. @internal */
export function runtimeOf(task: JoinHandle<unknown>): Runtime {
  return (task.scheduler as Executor).runtime;
}

/**
 * Reports `error`, which nobody can receive any more (a `select` loser's
 * cleanup error, once the winner's value was delivered), through the running
 * runtime's `onUnhandledError`, naming the task being polled; to stderr when
 * no runtime runs (a future polled by hand). @internal
 */
export function reportUnhandled(error: unknown): void {
  const rt = active.runtime;
  if (rt !== null) rt.reportUnhandled(error, running.task);
  else reportToStderr(`genfut: an error nobody could receive, outside any runtime:\n${stackOf(error)}`);
}

/**
 * An executor with its reactor. Most programs use the free {@link run};
 * create a `Runtime` to choose options, run several mains on one runtime, or
 * read its metrics and dumps.
 *
 * @example
 * const rt = new Runtime({ startPaused: true });
 * const v = rt.blockOn(function* () { yield* sleep(3_600_000); return now(); }); // 3600000, instantly
 */
export class Runtime {
  /** @internal The reactor: clock, timers, I/O sources (the simulator and compat's I/O counts reach it). */
  readonly driver: Driver;
  /** @internal Awaits a task may complete in one turn (`options.budget`). */
  readonly budget: number;
  /** @internal Polls, wakes, self-wakes and budget yields so far (read them through `metrics()`). */
  readonly counters: { polls: number; wakes: number; selfWakes: number; budgetYields: number };
  readonly #exec: Executor;
  readonly #reports: Reports;
  readonly #mains: Mains;

  constructor(options: RuntimeOptions = {}) {
    checkRuntimeOptions(options);
    this.driver = new Driver(options.startPaused ?? false);
    this.#reports = new Reports(options, () => ({ metrics: this.metrics(), dump: this.dump() }));
    this.#exec = new Executor(this, this.driver, this.#reports, options);
    this.#mains = new Mains(this.#exec, this.#reports, () => this.dump(), options.detectDeadlock === true);
    this.budget = this.#exec.budget;
    this.counters = this.#exec.counters;
    if (options.seed !== undefined) this.#exec.setPolicy(new SeededPolicy(options.seed));
  }

  /** Milliseconds on this runtime's clock. */
  now(): number {
    return this.driver.clock.now();
  }

  /**
   * Starts `task` on this runtime and returns its handle. The task runs
   * detached until it completes or is aborted; await the handle for its value.
   */
  spawn<T>(task: Spawnable<T>, options?: SpawnOptions): JoinHandle<T> {
    if (options !== undefined) checkSpawnOptions(options);
    return this.#exec.tasks.spawn(intoBody(task, "spawn(task)", "task"), options?.name ?? taskName(task));
  }

  /**
   * Runs `main` to completion inside Node's event loop; resolves with its
   * value or rejects with its error. Tasks it spawned keep running, detached.
   * If Node's loop runs dry while `main` still waits, rejects with a
   * {@link DeadlockError} instead of letting the process exit silently.
   */
  run<T>(main: Spawnable<T>): Promise<T> {
    const body = intoBody(main, "run(main)", "main");
    return new Promise<T>((resolve, reject) => {
      const t = this.#exec.tasks.spawn(body, taskName(main) ?? "main");
      t.observed = true; // its error goes to the promise
      this.#mains.add(t as Task<unknown>, reject);
      t.onComplete = (done) => {
        this.#mains.remove(done);
        if (done.outcome === Outcome.Ok) resolve(done.value as T);
        else if (done.outcome === Outcome.Err) reject(done.error);
        else reject(new JoinError(done.name, true, done.error));
      };
    });
  }

  /**
   * Runs `main` to completion synchronously and returns its value. Only for
   * futures that need no real I/O and no real time (use a paused clock for
   * timers). Throws {@link DeadlockError} when nothing could ever wake `main`.
   */
  blockOn<T>(main: Spawnable<T>): T {
    if (this.#exec.draining) {
      throw new RuntimeError("blockOn() was called from inside a task of the same runtime: yield* the future instead");
    }
    const body = intoBody(main, "blockOn(main)", "main");
    const spawnMain = (): Task<unknown> => {
      const t = this.#exec.tasks.spawn(body, taskName(main) ?? "main") as Task<unknown>;
      t.observed = true; // its error is thrown by blockOn
      return t;
    };
    const t = this.#exec.runToCompletion(spawnMain, () => new DeadlockError(blockOnStuck(this.driver), this.dump()));
    if (t.outcome === Outcome.Ok) return t.value as T;
    if (t.outcome === Outcome.Err) throw t.error;
    throw new JoinError(t.name, true, t.error);
  }

  /** Counters: tasks, polls, wakes, host turns, queue depth, timers. */
  metrics(): RuntimeMetrics {
    return this.#exec.metrics();
  }

  /**
   * Every live task with its id, name, state, age, the leaf it waits on
   * (described as users wrote it), the task whose handle it awaits, whether it
   * lost its waker, and its spawn site (with `captureSpawnSite`).
   * `String(dump)` reads like a story; `JSON.stringify(dump)` for tools.
   *
   * @example
   * const rt = new Runtime({ startPaused: true });
   * rt.spawn(function* ticker() { yield* sleep(250); });
   * console.log(String(rt.dump()));
   * // 1 live task at t=0ms:
   * //   #1 ticker [scheduled, 0ms old]
   */
  dump(): RuntimeDump {
    return dumpTasks(this.#exec.tasks.head, this.now());
  }

  /**
   * @internal Gives `task`'s error back to the runtime, to report as
   * unhandled: the owner that marked it observed (a `JoinSet` that was
   * dropped or closed) will never deliver it. A task that already failed is
   * reported now (at the end of the drain, inside one); one still running,
   * if it fails.
   */
  disown(task: Task<unknown>): void {
    this.#reports.disown(task, this.#exec.draining);
  }

  /**
   * @internal Reports `error` through `onUnhandledError` now, as the error of
   * `task` (the task that met it), as a failed task nobody joins is reported.
   */
  reportUnhandled(error: unknown, task: Task<unknown> | null): void {
    this.#reports.unhandled(error, task);
  }

  static {
    executorOf = (rt) => rt.#exec;
  }
}

/**
 * A runtime whose schedule `policy` chooses (see {@link SchedulePolicy}): the
 * seam a simulator uses to record, replay and steer schedules. Internal:
 * exported from lib/task, not from the public barrel. `options.seed` must be
 * absent: the policy replaces it.
 *
 * @example
 * const rt = runtimeWithPolicy({ startPaused: true }, new SeededPolicy(99));
 * rt.blockOn(function* () { return random(); }); // the same number on every run
 */
export function runtimeWithPolicy(options: RuntimeOptions, policy: SchedulePolicy): Runtime {
  checkPolicy(options, policy);
  const rt = new Runtime(options);
  executorOf(rt).setPolicy(policy);
  return rt;
}

/**
 * Runs `main` on a new {@link Runtime} with `options`, inside Node's event
 * loop. Resolves with main's value, rejects with its error.
 *
 * @example
 * run(function* main() {
 *   yield* sleep(100);
 *   console.log("done");
 * });
 */
export function run<T>(main: Spawnable<T>, options?: RuntimeOptions): Promise<T> {
  return new Runtime(options).run(main);
}

/**
 * Runs `main` to completion synchronously on a new {@link Runtime} (see
 * {@link Runtime.blockOn}).
 *
 * @example
 * const sum = blockOn(function* () { return (yield* ready(1)) + 1; }); // 2
 */
export function blockOn<T>(main: Spawnable<T>, options?: RuntimeOptions): T {
  return new Runtime(options).blockOn(main);
}

/**
 * Spawns `task` on the running runtime. Throws a {@link RuntimeError} outside one.
 *
 * @example
 * const h = spawn(function* ticker() { yield* sleep(5); return "tick"; });
 * console.log(yield* h);
 */
export function spawn<T>(task: Spawnable<T>, options?: SpawnOptions): JoinHandle<T> {
  return currentRuntime("spawn()").spawn(task, options);
}
