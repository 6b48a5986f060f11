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
import { Coroutine, intoBody, Task as TaskLike, taskName } from "../core/coroutine";
import { current, Future, UNLIMITED_BUDGET } from "../core/future";
import { Pending } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Driver } from "../reactor/driver";
import { afterHostTurn, markProcessFailed, onLoopDrained, onSignal, reportToStderr } from "../reactor/host";
import { RuntimeDump, TaskSnapshot } from "./dump";
import { DeadlockError, JoinError, RuntimeError } from "./errors";
import { callHook, TaskHooks, TaskInfo, TaskOutcome } from "./hooks";
import { formatLostWaker, isDeliberatelyParked, LostWakerReport } from "./lost-waker";
import { captureSpawnSite, formatSpawnSite } from "./spawn-site";
import { JoinHandle, Outcome, running, Scheduler, Task, TaskState } from "./task";

export type { RuntimeOptions, SpawnOptions, RuntimeMetrics } from "./options";
import type { RuntimeMetrics, RuntimeOptions, SpawnOptions } from "./options";

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
  readonly counters = { polls: 0, wakes: 0, selfWakes: 0, budgetYields: 0 };

  /**
   * The run queue: a ring buffer of scheduled tasks, kept in the runtime's
   * own fields and written out in its two users (`schedule` pushes,
   * `#runTasks` pops), so that a hop between tasks makes no queue call. A
   * queue is the busiest code in a short program, and a call costs most
   * before V8 optimizes (W4: each task switch is a push and a pop).
   * Invariant: the array's length is a power of two, `#runqMask` is it
   * minus one, and slots outside the live range hold `undefined`.
   * The array is filled with `undefined` so that its elements kind never
   * changes: a bare `new Array(n)` would change its map on its first task,
   * throwing away the `schedule` V8 optimized for earlier runtimes' queues.
   * Rejected: `Array.push`/`shift` (shift is O(n) past a few thousand
   * entries) and a linked list (a node per push).
   */
  #runq: (Task<unknown> | undefined)[] = new Array(256).fill(undefined);
  #runqHead = 0;
  #runqLength = 0;
  #runqMask = 255;
  /** The most tasks ever queued at once (for metrics). */
  #runqPeak = 0;
  readonly #hostSliceMs: number;
  readonly #onUnhandledError: (error: unknown, task: { id: number; name: string; spawnSite?: string | null; cancelled?: boolean }) => void;
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
  // Diagnostics. Each is null when unused, so the hot paths pay one null test.
  readonly #captureSpawnSite: boolean;
  readonly #onTaskSpawn: ((task: TaskInfo) => void) | null;
  readonly #onTaskPoll: ((task: TaskInfo, phase: "start" | "end") => void) | null;
  readonly #onTaskTerminate: ((task: TaskInfo, outcome: TaskOutcome, error: unknown) => void) | null;
  readonly #onLostWaker: (report: LostWakerReport) => void;
  /** Tasks that went idle with a lost waker during this drain, to report at its end. */
  #lost: Task<unknown>[] = [];
  #lostCount = 0;
  readonly #detectDeadlock: boolean;
  #idleCheckScheduled = false;
  readonly #dumpSignal: string | null;
  #removeSignalListener: (() => void) | null = null;
  readonly #stackTraceLimit: number | null;
  #savedStackLimit: number[] = [];

  constructor(options: RuntimeOptions = {}) {
    const budget = options.budget ?? 128;
    if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`budget must be a whole number of polls >= 1, got ${budget}`);
    const slice = options.hostSliceMs ?? 2;
    if (!(slice >= 0)) throw new RangeError(`hostSliceMs must be >= 0, got ${slice}`);
    this.budget = budget;
    this.#hostSliceMs = slice;
    this.driver = new Driver(options.startPaused ?? false);
    this.#onUnhandledError = options.onUnhandledError ?? defaultUnhandled;
    this.#captureSpawnSite = options.captureSpawnSite === true;
    this.#onTaskSpawn = options.onTaskSpawn ?? null;
    this.#onTaskPoll = options.onTaskPoll ?? null;
    this.#onTaskTerminate = options.onTaskTerminate ?? null;
    this.#onLostWaker = options.onLostWaker ?? defaultLostWaker;
    this.#detectDeadlock = options.detectDeadlock === true;
    const sig = options.dumpOnSignal ?? false;
    this.#dumpSignal = sig === true ? "SIGUSR2" : sig === false ? null : sig;
    const limit = options.stackTraceLimit;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`stackTraceLimit must be a whole number >= 0, got ${limit}`);
    this.#stackTraceLimit = limit ?? (Error.stackTraceLimit === 10 ? 64 : null);
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
    return this.#newTask(intoBody(task, "spawn()"), options?.name ?? taskName(task));
  }

  /**
   * Runs `main` to completion inside Node's event loop; resolves with its
   * value or rejects with its error. Tasks it spawned keep running, detached.
   * If Node's loop runs dry while `main` still waits, rejects with a
   * {@link DeadlockError} instead of letting the process exit silently.
   */
  run<T>(main: TaskLike<T>): Promise<T> {
    const body = intoBody(main, "run()");
    return new Promise<T>((resolve, reject) => {
      const t = this.#newTask(body, taskName(main) ?? "main");
      t.observed = true; // its error goes to the promise
      this.#mains.set(t, reject);
      if (this.#removeDrainedListener === null) this.#removeDrainedListener = onLoopDrained(this.#onLoopDrained);
      if (this.#dumpSignal !== null && this.#removeSignalListener === null) this.#removeSignalListener = onSignal(this.#dumpSignal, this.#printDump);
      t.onComplete = (done) => {
        this.#mains.delete(done);
        if (this.#mains.size === 0 && this.#removeDrainedListener !== null) {
          this.#removeDrainedListener();
          this.#removeDrainedListener = null;
        }
        if (this.#mains.size === 0) this.#removeSignal();
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
    const t = this.#newTask(intoBody(main, "blockOn()"), taskName(main) ?? "main") as Task<T>;
    t.observed = true; // its error is thrown by blockOn
    this.#enter();
    try {
      for (;;) {
        this.#runTasks(Infinity);
        if (t.state === TaskState.Complete) break;
        if (this.#deferred.length > 0) {
          if (this.#lost.length > 0) this.#reportLost();
          this.#wakeDeferred();
          continue;
        }
        if (this.driver.clock.paused && this.driver.autoAdvance()) {
          if (this.#lost.length > 0) this.#reportLost();
          continue;
        }
        const dump = this.dump();
        const reason =
          this.driver.timers.size > 0 || this.driver.ioSources > 0
            ? "blockOn() cannot wait for real time or I/O, which only Node's event loop delivers: use run(), or new Runtime({ startPaused: true }) for timers"
            : "deadlock: nothing can ever wake the main future of blockOn()";
        this.#lost.length = 0; // the dump in the error already marks them
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
      queueDepth: this.#runqLength,
      peakQueueDepth: this.#runqPeak,
      timers: this.driver.timers.size,
      hostTimersArmed: this.driver.timers.armCount,
      budgetYields: this.counters.budgetYields,
      ioSources: this.driver.ioSources,
      deferredWakes: this.#deferred.length,
      lostWakers: this.#lostCount,
    };
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
    const now = this.now();
    const tasks: TaskSnapshot[] = [];
    for (let t = this.#live; t !== null; t = t.nextLive) {
      const w = t.waitingOn();
      const leaf = innermost(w);
      tasks.push({
        id: t.id,
        name: t.name,
        state: t.stateName,
        ageMs: now - t.spawnedAt,
        waitingOn: w === null ? null : w.describe(),
        joining: leaf instanceof JoinHandle && !leaf.isFinished() ? leaf.id : null,
        lostWaker: isLost(t),
        spawnSite: this.spawnSiteOf(t),
      });
    }
    tasks.sort((a, b) => a.id - b.id);
    return new RuntimeDump(now, tasks);
  }

  // ---- Scheduler (called by tasks) -------------------------------------

  /** @internal */
  schedule(task: Task<unknown>): void {
    const n = this.#runqLength;
    if (n > this.#runqMask) this.#growRunQueue();
    this.#runq[(this.#runqHead + n) & this.#runqMask] = task;
    this.#runqLength = n + 1;
    if (n >= this.#runqPeak) this.#runqPeak = n + 1;
    if (!this.#draining && !this.#drainScheduled) {
      this.#drainScheduled = true;
      queueMicrotask(this.#drainCallback);
    }
  }

  /** Where `task` was spawned, when spawn sites are captured. @internal */
  spawnSiteOf(task: TaskInfo): string | null {
    const site = (task as Task<unknown>).spawnSite;
    return site === null ? null : formatSpawnSite(site);
  }

  /** @internal */
  lostWaker(task: Task<unknown>): void {
    if (isDeliberatelyParked(innermost(task.waitingOn()))) return;
    this.#lostCount++;
    this.#lost.push(task);
  }

  /** @internal */
  taskDone(task: Task<unknown>): void {
    if (this.#onTaskTerminate !== null) {
      const o = task.outcome;
      callHook("onTaskTerminate", this.#onTaskTerminate, task as TaskInfo, o === Outcome.Ok ? "ok" : o === Outcome.Err ? "error" : "cancelled", task.error);
    }
    this.#alive--;
    const prev = task.prevLive;
    const next = task.nextLive;
    if (prev !== null) prev.nextLive = next;
    else this.#live = next;
    if (next !== null) next.prevLive = prev;
    task.prevLive = task.nextLive = null;
    // An error of cleanup that ran because of abort() is as unobserved as any
    // other failure: a cancelled task's error is the one its cleanup threw.
    const o = task.outcome;
    if (!task.observed && (o === Outcome.Err || (o === Outcome.Cancelled && task.error !== undefined))) {
      this.#unobserved.push(task);
    }
  }

  // ---- The loop ----------------------------------------------------------

  #newTask<T>(body: Generator<unknown, T, unknown> | Future<T>, name: string | undefined): Task<T> {
    const id = this.#nextId++;
    const t = new JoinHandle<T>(id, name, body, this, this.#spawnTime());
    this.#alive++;
    const head = this.#live;
    t.nextLive = head;
    if (head !== null) head.prevLive = t as Task<unknown>;
    this.#live = t as Task<unknown>;
    if (this.#captureSpawnSite) t.spawnSite = captureSpawnSite();
    if (this.#onTaskSpawn !== null) callHook("onTaskSpawn", this.#onTaskSpawn, t as TaskInfo);
    this.schedule(t as Task<unknown>); // born Scheduled
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
    if (this.#runqLength === 0 && this.driver.clock.paused) {
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
      if (this.#detectDeadlock && this.#mains.size > 0 && !this.#idleCheckScheduled && this.#quiet()) {
        this.#idleCheckScheduled = true;
        this.#pollsAtIdle = this.counters.polls;
        afterHostTurn(this.#idleCheck);
      }
    } finally {
      this.#leave();
    }
  }

  /** Polls queued tasks until the queue is empty (true) or `sliceMs` has passed (false). */
  #runTasks(sliceMs: number): boolean {
    const start = sliceMs === Infinity ? 0 : performance.now();
    const pollHook = this.#onTaskPoll;
    const timers = this.driver.timers;
    let n = 0;
    for (;;) {
      if (this.#runqLength === 0) return true;
      const h = this.#runqHead;
      const task = this.#runq[h]!;
      this.#runq[h] = undefined;
      this.#runqHead = (h + 1) & this.#runqMask;
      this.#runqLength--;
      if (pollHook === null) task.run();
      else {
        callHook("onTaskPoll", pollHook, task as TaskInfo, "start");
        task.run();
        callHook("onTaskPoll", pollHook, task as TaskInfo, "end");
      }
      // Sleeps first polled by that task join the wheel now (see TimerDriver.defer).
      if (timers.batched !== 0) timers.flushDeferred();
      if ((++n & 31) === 0 && sliceMs !== Infinity && performance.now() - start >= sliceMs) return this.#runqLength === 0;
    }
  }

  /** Doubles the run queue, unwrapping it to start at 0. */
  #growRunQueue(): void {
    const old = this.#runq;
    const items: (Task<unknown> | undefined)[] = new Array(old.length * 2).fill(undefined);
    for (let i = 0; i < this.#runqLength; i++) items[i] = old[(this.#runqHead + i) & this.#runqMask];
    this.#runq = items;
    this.#runqHead = 0;
    this.#runqMask = items.length - 1;
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
  #savedBudget: number[] = [];
  /** A task's poll sets `current.cx` and clears it after; a nested drain restores the outer coroutine's. */
  #savedCx: (Context | null)[] = [];
  #savedTask: (Task<unknown> | null)[] = [];
  #savedDefer: (((w: Waker) => void) | null)[] = [];

  /**
   * The clock time a new task records, in whole milliseconds (a small integer
   * stays in the task; a fraction would be boxed, 16 bytes more). On a real
   * clock one reading per drain serves every spawn in it: a clock read per
   * spawn cost ~100 ns, and dumps show ages in milliseconds anyway. The
   * reading is taken at the drain's first spawn, so a drain that spawns
   * nothing (most of a server's) reads no clock.
   */
  #spawnTime(): number {
    const clock = this.driver.clock;
    if (!this.#draining || clock.paused) return Math.floor(clock.now());
    if (this.#drainSpawnTime < 0) this.#drainSpawnTime = Math.floor(clock.now());
    return this.#drainSpawnTime;
  }

  /** The spawn time of this drain's tasks; -1 until its first spawn. */
  #drainSpawnTime = -1;

  #enter(): void {
    this.#draining = true;
    this.#drainSpawnTime = -1;
    // What a task poll overwrites, saved once per drain so an outer runtime's
    // task (blockOn nested in it) gets its budget and identity back.
    this.#savedBudget.push(current.budget);
    this.#savedCx.push(current.cx);
    this.#savedTask.push(running.task);
    this.#savedActive.push(active);
    this.#savedDefer.push(current.defer);
    active = this;
    current.defer = this.#deferWake;
    this.#savedStackLimit.push(Error.stackTraceLimit);
    if (this.#stackTraceLimit !== null) Error.stackTraceLimit = this.#stackTraceLimit;
  }

  #leave(): void {
    if (this.driver.timers.batched !== 0) this.driver.timers.flushDeferred();
    this.#draining = false;
    active = this.#savedActive.pop() ?? null;
    current.defer = this.#savedDefer.pop() ?? null;
    current.budget = this.#savedBudget.pop() ?? UNLIMITED_BUDGET;
    current.cx = this.#savedCx.pop() ?? null;
    running.task = this.#savedTask.pop() ?? null;
    Error.stackTraceLimit = this.#savedStackLimit.pop() ?? Error.stackTraceLimit;
    this.#reportUnobserved();
    if (this.#lost.length > 0) this.#reportLost();
    if (this.#runqLength > 0 && !this.#drainScheduled && !this.#hostTurnScheduled) {
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
        const info = { id: t.id, name: t.name, spawnSite: this.spawnSiteOf(t) };
        this.#onUnhandledError(t.error, t.outcome === Outcome.Cancelled ? { ...info, cancelled: true } : info);
      } catch (e) {
        reportToStderr(`genfut: onUnhandledError threw while reporting task "${t.name}": ${stackOf(e)}`);
      }
    }
  }

  #reportLost(): void {
    const tasks = this.#lost;
    this.#lost = [];
    for (const t of tasks) {
      // Still idle and still lost (not re-polled, woken or finished since)?
      if (!isLost(t)) continue;
      const w = t.waitingOn();
      const report: LostWakerReport = { task: t, waitingOn: w === null ? null : w.describe(), spawnSite: this.spawnSiteOf(t) };
      try {
        this.#onLostWaker(report);
      } catch (e) {
        reportToStderr(`genfut: onLostWaker threw while reporting task "${t.name}": ${stackOf(e)}`);
      }
    }
  }

  #pollsAtIdle = 0;

  /** Nothing queued, deferred, timed or registered for I/O: only a task could wake a task. */
  #quiet(): boolean {
    return this.#runqLength === 0 && this.#deferred.length === 0 && this.driver.timers.size === 0 && this.driver.ioSources === 0;
  }

  /** `detectDeadlock`: still quiet after a host turn, and nothing polled since? Then the mains are stuck. */
  readonly #idleCheck = (): void => {
    this.#idleCheckScheduled = false;
    if (this.#mains.size === 0 || !this.#quiet() || this.counters.polls !== this.#pollsAtIdle) return;
    const dump = this.dump();
    for (const [task, reject] of [...this.#mains]) {
      this.#mains.delete(task);
      task.onComplete = null;
      task.abort(); // its cleanup runs; its outcome no longer matters to the promise
      reject(new DeadlockError(`deadlock: run()'s main task "${task.name}" is waiting, and no timer, I/O source or deferred wake is left that could wake it`, dump));
    }
    this.#removeSignal();
    if (this.#removeDrainedListener !== null) {
      this.#removeDrainedListener();
      this.#removeDrainedListener = null;
    }
  };

  readonly #printDump = (): void => {
    const m = this.metrics();
    reportToStderr(
      `genfut: task dump (${this.#dumpSignal})\n${String(this.dump())}\n` +
        `metrics: ${Object.entries(m).map(([k, v]) => `${k}=${v}`).join(" ")}`,
    );
  };

  #removeSignal(): void {
    if (this.#removeSignalListener === null) return;
    this.#removeSignalListener();
    this.#removeSignalListener = null;
  }

  readonly #onLoopDrained = (): void => {
    // Node's loop is empty: nothing registered can ever wake a pending main.
    if (this.#runqLength > 0 || this.#deferred.length > 0) return;
    const dump = this.dump();
    for (const [task, reject] of [...this.#mains]) {
      this.#mains.delete(task);
      task.onComplete = null;
      reject(new DeadlockError(`deadlock: run()'s main task "${task.name}" is waiting, but nothing is left that could wake it`, dump));
    }
    this.#removeSignal();
    if (this.#removeDrainedListener !== null) {
      this.#removeDrainedListener();
      this.#removeDrainedListener = null;
    }
  };

  /**
   * @internal Gives `task`'s error back to the runtime, to report as
   * unhandled: the owner that marked it observed (a `JoinSet` that was
   * dropped or closed) will never deliver it. A task that already failed is
   * reported now (at the end of the drain, inside one); one still running,
   * if it fails.
   */
  disown(task: Task<unknown>): void {
    task.observed = false;
    if (task.state !== TaskState.Complete) return;
    const o = task.outcome;
    if (o === Outcome.Err || (o === Outcome.Cancelled && task.error !== undefined)) {
      this.#unobserved.push(task);
      if (!this.#draining) this.#reportUnobserved();
    }
  }
}

function stackOf(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

function defaultUnhandled(error: unknown, task: { id: number; name: string; spawnSite?: string | null; cancelled?: boolean }): void {
  const at = task.spawnSite == null ? "" : `\n  (task spawned at ${task.spawnSite})`;
  const how = task.cancelled === true ? "failed while being cancelled" : "failed";
  reportToStderr(`genfut: task "${task.name}" (#${task.id}) ${how} and nobody joined it:\n${stackOf(error)}${at}`);
  markProcessFailed();
}

function defaultLostWaker(report: LostWakerReport): void {
  reportToStderr(formatLostWaker(report));
}

/** Through coroutines suspended on coroutines, to the future at the bottom. */
function innermost(f: Future<unknown> | null): Future<unknown> | null {
  for (let i = 0; f instanceof Coroutine && i < 64; i++) {
    const w = f.waitingOn();
    if (w === null) break;
    f = w;
  }
  return f;
}

/** Idle, its last poll read no waker, and not parked on `pending()` on purpose. */
function isLost(t: Task<unknown>): boolean {
  return t.state === TaskState.Idle && !t.wakerTaken && !t.abortRequested && !isDeliberatelyParked(innermost(t.waitingOn()));
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
