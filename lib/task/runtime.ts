/**
 * The runtime: the executor's event loop, living inside Node's.
 *
 * ## The loop
 *
 * `drain()` is the executor's loop: pop a task from the run queue, poll it,
 * repeat. It runs synchronously, so a chain of ready wakes (a ping-pong over a
 * channel) costs a queue push and pop per hop and no microtask. It stops when:
 *
 * - the queue is empty: the runtime is idle, and waits for a wake from Node
 *   (a timer, a socket), which schedules the next drain as one microtask;
 * - it has run for `hostSliceMs`: it hands the thread back to Node with
 *   `setImmediate` (never a microtask chain, which would starve timers and
 *   I/O) and continues after Node's turn.
 *
 * Tasks that called `yieldNow()` are woken only after such a host turn, as
 * tokio defers them until the driver has been polled.
 *
 * On a paused clock, when the queue is empty and no yield is pending, the
 * clock jumps to the next timer deadline (after one host turn under `run`, so
 * I/O callbacks already due are seen first).
 *
 * `blockOn` runs the same loop without ever returning to Node: it can finish
 * only futures that need no real I/O or real time, and reports a
 * `DeadlockError` when nothing is left that could wake its main future.
 *
 * Rejected: a microtask per wake (Promise-based executors): it allocates per
 * hop and cannot bound how long the host is kept waiting.
 */
import { current, Future, intoFuture, Pending, Task as TaskLike, taskName, UNLIMITED_BUDGET, Waker } from "../core";
import { afterHostTurn, Driver, onLoopDrained, reportToStderr } from "../reactor";
import { RuntimeDump, TaskSnapshot } from "./dump";
import { DeadlockError, JoinError, RuntimeError } from "./errors";
import { JoinHandle } from "./join-handle";
import { RunQueue } from "./run-queue";
import { Outcome, Scheduler, Task, TaskState } from "./task";

/** Options for {@link Runtime} and {@link run}. */
export interface RuntimeOptions {
  /**
   * Start with the clock paused at 0: time moves only by `advance(ms)` or by
   * jumping to the next timer when every task is idle.
   * @default false
   */
  startPaused?: boolean;
  /**
   * Called once for an error of a spawned task that nobody joined.
   * @default prints the task's name and the error's stack to stderr
   */
  onUnhandledError?: (error: unknown, task: { id: number; name: string }) => void;
  /**
   * Leaf polls a task may make in one turn before it must yield (tokio's coop budget).
   * @default 128
   */
  budget?: number;
  /**
   * Milliseconds the executor may run before handing the thread back to Node's event loop.
   * @default 2
   */
  hostSliceMs?: number;
}

/** Options for {@link spawn}. */
export interface SpawnOptions {
  /** Shown in dumps and error reports. @default the generator function's name, or `task-<id>` */
  name?: string;
}

/** Counters of a runtime. */
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
}

/** The runtime whose executor is running right now, if any. */
let active: Runtime | null = null;

/**
 * The running runtime. Throws a {@link RuntimeError} naming `what` when called
 * outside one.
 * @internal
 */
export function currentRuntime(what: string): Runtime {
  if (active === null) {
    throw new RuntimeError(`${what} was called outside a running genfut runtime: call it inside a coroutine driven by run(), spawn() or blockOn()`);
  }
  return active;
}

/** The running runtime, or null. @internal */
export function tryCurrentRuntime(): Runtime | null {
  return active;
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
export class Runtime implements Scheduler {
  /** The reactor: clock, timers, I/O sources. */
  readonly driver: Driver;
  readonly budget: number;
  readonly counters = { polls: 0, wakes: 0, selfWakes: 0 };

  readonly #queue = new RunQueue<Task<unknown>>();
  readonly #hostSliceMs: number;
  readonly #onUnhandledError: (error: unknown, task: { id: number; name: string }) => void;
  #nextId = 1;
  #alive = 0;
  #hostTurns = 0;
  /** Head of the intrusive list of live tasks. */
  #live: Task<unknown> | null = null;
  #draining = false;
  /** A drain (microtask) or host turn (setImmediate) is already on its way. */
  #drainScheduled = false;
  #hostTurnScheduled = false;
  /** Wakers of `yieldNow()` calls, woken after the next host turn. */
  #deferred: Waker[] = [];
  /** Failed tasks to report if nobody awaits their handles by the end of the drain. */
  #unobserved: Task<unknown>[] = [];
  /** `run()` main tasks still pending, with how to fail them on a deadlock. */
  readonly #mains = new Map<Task<unknown>, (e: unknown) => void>();
  #removeDrainedListener: (() => void) | null = null;

  constructor(options: RuntimeOptions = {}) {
    const budget = options.budget ?? 128;
    if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`budget must be a whole number of polls >= 1, got ${budget}`);
    const slice = options.hostSliceMs ?? 2;
    if (!(slice >= 0)) throw new RangeError(`hostSliceMs must be >= 0, got ${slice}`);
    this.budget = budget;
    this.#hostSliceMs = slice;
    this.driver = new Driver(options.startPaused ?? false);
    this.#onUnhandledError = options.onUnhandledError ?? defaultUnhandled;
  }

  /** Milliseconds on this runtime's clock. */
  now(): number {
    return this.driver.clock.now();
  }

  /**
   * Starts `task` on this runtime and returns its handle. The task runs
   * detached until it completes or is aborted; await the handle for its value.
   */
  spawn<T>(task: TaskLike<T>, options?: SpawnOptions): JoinHandle<T> {
    const fut = intoFuture(task, "spawn()");
    const t = this.#newTask(fut, options?.name ?? taskName(task));
    return new JoinHandle(t);
  }

  /**
   * Runs `main` to completion inside Node's event loop; resolves with its
   * value or rejects with its error. Tasks it spawned keep running, detached.
   * If Node's loop runs dry while `main` still waits, rejects with a
   * {@link DeadlockError} instead of letting the process exit silently.
   */
  run<T>(main: TaskLike<T>): Promise<T> {
    const fut = intoFuture(main, "run()");
    return new Promise<T>((resolve, reject) => {
      const t = this.#newTask(fut, taskName(main) ?? "main");
      t.observed = true; // its error goes to the promise
      this.#mains.set(t, reject);
      if (this.#removeDrainedListener === null) this.#removeDrainedListener = onLoopDrained(this.#onLoopDrained);
      t.onComplete = (done) => {
        this.#mains.delete(done);
        if (this.#mains.size === 0 && this.#removeDrainedListener !== null) {
          this.#removeDrainedListener();
          this.#removeDrainedListener = null;
        }
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
  blockOn<T>(main: TaskLike<T>): T {
    if (this.#draining) {
      throw new RuntimeError("blockOn() was called from inside a task of the same runtime: yield* the future instead");
    }
    const fut = intoFuture(main, "blockOn()");
    const t = this.#newTask(fut, taskName(main) ?? "main") as Task<T>;
    t.observed = true; // its error is thrown by blockOn
    this.#enter();
    try {
      for (;;) {
        this.#runTasks(Infinity);
        if (t.state === TaskState.Complete) break;
        if (this.#deferred.length > 0) {
          this.#wakeDeferred();
          continue;
        }
        if (this.driver.clock.paused && this.driver.autoAdvance()) continue;
        const dump = this.dump();
        const reason =
          this.driver.timers.size > 0 || this.driver.ioSources > 0
            ? "blockOn() cannot wait for real time or I/O, which only Node's event loop delivers: use run(), or new Runtime({ startPaused: true }) for timers"
            : "deadlock: nothing can ever wake the main future of blockOn()";
        // Cancel the stuck main so its cleanup runs and it leaves nothing behind.
        t.abort();
        this.#runTasks(Infinity);
        throw new DeadlockError(reason, dump);
      }
    } finally {
      this.#leave();
    }
    if (t.outcome === Outcome.Ok) return t.value as T;
    if (t.outcome === Outcome.Err) throw t.error;
    throw new JoinError(t.name, true, t.error);
  }

  /** Counters: tasks, polls, wakes, host turns, queue depth, timers. */
  metrics(): RuntimeMetrics {
    return {
      aliveTasks: this.#alive,
      spawnedTasks: this.#nextId - 1,
      polls: this.counters.polls,
      wakes: this.counters.wakes,
      selfWakes: this.counters.selfWakes,
      hostTurns: this.#hostTurns,
      queueDepth: this.#queue.length,
      peakQueueDepth: this.#queue.peak,
      timers: this.driver.timers.size,
      hostTimersArmed: this.driver.timers.armCount,
    };
  }

  /** Every live task with its state and what it waits on. `String(dump)` to read it. */
  dump(): RuntimeDump {
    const now = this.now();
    const tasks: TaskSnapshot[] = [];
    for (let t = this.#live; t !== null; t = t.next) {
      const w = t.waitingOn();
      tasks.push({ id: t.id, name: t.name, state: t.stateName, ageMs: now - t.spawnedAt, waitingOn: w === null ? null : w.describe() });
    }
    tasks.sort((a, b) => a.id - b.id);
    return new RuntimeDump(now, tasks);
  }

  // ---- Scheduler (called by tasks) -------------------------------------

  /** @internal */
  schedule(task: Task<unknown>): void {
    this.#queue.push(task);
    if (!this.#draining && !this.#drainScheduled) {
      this.#drainScheduled = true;
      queueMicrotask(this.#drainCallback);
    }
  }

  /** @internal */
  taskDone(task: Task<unknown>): void {
    this.#alive--;
    const { prev, next } = task;
    if (prev !== null) prev.next = next;
    else this.#live = next;
    if (next !== null) next.prev = prev;
    task.prev = task.next = null;
    if (task.outcome === Outcome.Err && !task.observed) {
      this.#unobserved.push(task);
    }
  }

  // ---- The loop ----------------------------------------------------------

  #newTask<T>(fut: Future<T>, name: string | undefined): Task<T> {
    const id = this.#nextId++;
    const t = new Task<T>(id, name ?? `task-${id}`, fut, this, this.driver.clock.now());
    this.#alive++;
    const head = this.#live;
    t.next = head;
    if (head !== null) head.prev = t as Task<unknown>;
    this.#live = t as Task<unknown>;
    t.state = TaskState.Scheduled;
    this.schedule(t as Task<unknown>);
    return t;
  }

  readonly #deferWake = (w: Waker): void => {
    this.#deferred.push(w);
  };

  readonly #drainCallback = (): void => {
    this.#drainScheduled = false;
    this.#drain();
  };

  readonly #hostTurnCallback = (): void => {
    this.#hostTurnScheduled = false;
    this.#hostTurns++;
    this.#wakeDeferred();
    if (this.#queue.length === 0 && this.driver.clock.paused) {
      // Idle after a full host turn: on a paused clock, time jumps ahead.
      this.driver.autoAdvance();
    }
    this.#drain();
  };

  #drain(): void {
    if (this.#draining) return;
    this.#enter();
    try {
      if (!this.#runTasks(this.#hostSliceMs)) {
        this.#scheduleHostTurn();
      } else if (this.#deferred.length > 0 || (this.driver.clock.paused && this.driver.timers.size > 0)) {
        this.#scheduleHostTurn();
      }
    } finally {
      this.#leave();
    }
  }

  /** Polls queued tasks until the queue is empty (true) or `sliceMs` has passed (false). */
  #runTasks(sliceMs: number): boolean {
    const q = this.#queue;
    const start = sliceMs === Infinity ? 0 : performance.now();
    let n = 0;
    for (;;) {
      const task = q.shift();
      if (task === undefined) return true;
      task.run();
      if ((++n & 31) === 0 && sliceMs !== Infinity && performance.now() - start >= sliceMs) return q.length === 0;
    }
  }

  #scheduleHostTurn(): void {
    if (this.#hostTurnScheduled) return;
    this.#hostTurnScheduled = true;
    afterHostTurn(this.#hostTurnCallback);
  }

  #wakeDeferred(): void {
    const ws = this.#deferred;
    if (ws.length === 0) return;
    this.#deferred = [];
    for (const w of ws) w.wake();
  }

  #savedActive: (Runtime | null)[] = [];
  #savedDefer: (((w: Waker) => void) | null)[] = [];

  #enter(): void {
    this.#draining = true;
    this.#savedActive.push(active);
    this.#savedDefer.push(current.defer);
    active = this;
    current.defer = this.#deferWake;
  }

  #leave(): void {
    this.#draining = false;
    active = this.#savedActive.pop() ?? null;
    current.defer = this.#savedDefer.pop() ?? null;
    current.budget = UNLIMITED_BUDGET;
    this.#reportUnobserved();
    if (this.#queue.length > 0 && !this.#drainScheduled && !this.#hostTurnScheduled) {
      this.#drainScheduled = true;
      queueMicrotask(this.#drainCallback);
    }
  }

  #reportUnobserved(): void {
    if (this.#unobserved.length === 0) return;
    const tasks = this.#unobserved;
    this.#unobserved = [];
    for (const t of tasks) {
      if (t.observed) continue;
      t.observed = true; // report once
      try {
        this.#onUnhandledError(t.error, { id: t.id, name: t.name });
      } catch (e) {
        reportToStderr(`genfut: onUnhandledError threw while reporting task "${t.name}": ${stackOf(e)}`);
      }
    }
  }

  readonly #onLoopDrained = (): void => {
    // Node's loop is empty: nothing registered can ever wake a pending main.
    if (this.#queue.length > 0 || this.#deferred.length > 0) return;
    const dump = this.dump();
    for (const [task, reject] of [...this.#mains]) {
      this.#mains.delete(task);
      task.onComplete = null;
      reject(new DeadlockError(`deadlock: run()'s main task "${task.name}" is waiting, but nothing is left that could wake it`, dump));
    }
    if (this.#removeDrainedListener !== null) {
      this.#removeDrainedListener();
      this.#removeDrainedListener = null;
    }
  };
}

function stackOf(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

function defaultUnhandled(error: unknown, task: { id: number; name: string }): void {
  reportToStderr(`genfut: task "${task.name}" (#${task.id}) failed and nobody joined it:\n${stackOf(error)}`);
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
export function run<T>(main: TaskLike<T>, options?: RuntimeOptions): Promise<T> {
  return new Runtime(options).run(main);
}

/**
 * Runs `main` to completion synchronously on a new {@link Runtime} (see
 * {@link Runtime.blockOn}).
 *
 * @example
 * const sum = blockOn(function* () { return (yield* ready(1)) + 1; }); // 2
 */
export function blockOn<T>(main: TaskLike<T>, options?: RuntimeOptions): T {
  return new Runtime(options).blockOn(main);
}

/**
 * Spawns `task` on the running runtime. Throws a {@link RuntimeError} outside one.
 *
 * @example
 * const h = spawn(function* ticker() { yield* sleep(5); return "tick"; });
 * console.log(yield* h);
 */
export function spawn<T>(task: TaskLike<T>, options?: SpawnOptions): JoinHandle<T> {
  return currentRuntime("spawn()").spawn(task, options);
}
