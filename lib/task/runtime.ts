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
 *
 * ## Seeded schedules
 *
 * With a `seed` (or a policy from `runtimeWithPolicy`), `#pickNext` asks the
 * policy which queued task to poll whenever two or more are queued, and
 * `current.random` (what `random()` and the unbiased combinators draw from)
 * is the policy's. A seeded slice ends after a fixed number of polls rather
 * than `hostSliceMs` of wall time, so where the host turns fall (and so when
 * `yieldNow()` wakes arrive) depends on the program alone.
 */
import { Coroutine, intoBody, Spawnable, taskName } from "../core/coroutine";
import { current, Future, UNLIMITED_BUDGET } from "../core/future";
import { Pending } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Driver } from "../reactor/driver";
import { running as runningDriver } from "../reactor/current";
import { afterHostTurn, isSignalName, markProcessFailed, onLoopDrained, onSignal, reportToStderr } from "../reactor/host";
import { checkBoolean, checkFunction, checkInteger, checkNumber, checkOptions, checkString, badArgument } from "../core/check";
import { RuntimeDump, TaskSnapshot } from "./dump";
import { DeadlockError, JoinError, RuntimeError } from "./errors";
import { callHook, TaskHooks, TaskInfo, TaskOutcome } from "./hooks";
import { formatLostWaker, isDeliberatelyParked, LostWakerReport } from "./lost-waker";
import { captureSpawnSite, formatSpawnSite } from "./spawn-site";
import type { SchedulePolicy } from "./policy";
import { SeededPolicy } from "./policy";
import type { TaskGroup } from "./group";
import { JoinHandle, Outcome, running, Scheduler, Task, TaskState } from "./task";

export type { RuntimeOptions, SpawnOptions, RuntimeMetrics } from "./options";
import type { RuntimeMetrics, RuntimeOptions, SpawnOptions } from "./options";

/**
 * Doors into a Runtime's private state for lib/task's own functions
 * (`runtimeWithPolicy`, `spawnInGroup`, `killGroup`), set by the class's
 * static block. Rejected: public methods marked internal, which every user
 * would see on `Runtime`.
 * @internal
 */
export let internals: {
  setPolicy(rt: Runtime, policy: SchedulePolicy): void;
  spawnInGroup<T>(rt: Runtime, group: TaskGroup, task: Spawnable<T>, options?: SpawnOptions): JoinHandle<T>;
  killGroup(rt: Runtime, group: TaskGroup): number;
};

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
 * Reports `error`, which nobody can receive any more (a `select` loser's
 * cleanup error, once the winner's value was delivered), through the running
 * runtime's `onUnhandledError`, naming the task being polled; to stderr when
 * no runtime runs (a future polled by hand). @internal
 */
export function reportUnhandled(error: unknown): void {
  if (active !== null) active.reportUnhandled(error, running.task);
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
   * entries) and a linked list (a node per push). It starts at 16 slots
   * and doubles when full: 256 slots were 2 kB of garbage per runtime, and
   * a simulation makes a runtime per explored schedule.
   */
  #runq: (Task<unknown> | undefined)[] = new Array(16).fill(undefined);
  #runqHead = 0;
  #runqLength = 0;
  #runqMask = 15;
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
  /** Who picks the next task when several are queued; null: FIFO, and no call at all. */
  #policy: SchedulePolicy | null = null;
  /** The policy again when it is the built-in uniform one (see `#pickNext`), else null. */
  #uniform: SeededPolicy | null = null;
  /** What `current.random` is while this runtime drains: the policy's, or `Math.random`. */
  #random: () => number = Math.random;
  /** The ids handed to `policy.pickTask`, reused from pick to pick. */
  readonly #pickIds: number[] = [];
  /** Polls in a seeded slice (see "Seeded schedules" above). */
  #slicePolls = 0;
  /** Set by the first grouped spawn: until then `#newTask` never looks for a parent group. */
  #grouped = false;

  constructor(options: RuntimeOptions = {}) {
    checkRuntimeOptions(options);
    const budget = options.budget ?? 128;
    const slice = options.hostSliceMs ?? 2;
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
    this.#stackTraceLimit = limit ?? (Error.stackTraceLimit === 10 ? 64 : null);
    const seed = options.seed;
    if (seed !== undefined) {
      if (typeof seed !== "number") throw new TypeError(`seed must be a number (a safe integer), got ${typeof seed} ${String(seed)}`);
      if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
      this.#setPolicy(new SeededPolicy(seed));
    }
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
    return this.#newTask(intoBody(task, "spawn(task)", "task"), options?.name ?? taskName(task));
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
  blockOn<T>(main: Spawnable<T>): T {
    if (this.#draining) {
      throw new RuntimeError("blockOn() was called from inside a task of the same runtime: yield* the future instead");
    }
    const body = intoBody(main, "blockOn(main)", "main");
    // Entered before the main task is queued: queued outside a drain, it
    // would also schedule a drain microtask, which outlives blockOn, keeps
    // the runtime alive until the caller's turn ends, and on a paused clock
    // goes on advancing through leftover timers in the background.
    this.#enter();
    let t!: Task<T>;
    try {
      t = this.#newTask(body, taskName(main) ?? "main") as Task<T>;
      t.observed = true; // its error is thrown by blockOn
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
        name: t.group === null ? t.name : `${t.group.name}/${t.name}`,
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

  #newTask<T>(body: Generator<unknown, T, unknown> | Future<T>, name: string | undefined, group?: TaskGroup): Task<T> {
    const id = this.#nextId++;
    const t = new JoinHandle<T>(id, name, body, this, this.#spawnTime());
    this.#alive++;
    const head = this.#live;
    t.nextLive = head;
    if (head !== null) head.prevLive = t as Task<unknown>;
    this.#live = t as Task<unknown>;
    if (this.#captureSpawnSite) t.spawnSite = captureSpawnSite();
    if (this.#grouped) {
      // Set before the spawn hook runs, so that it sees the group. A task
      // spawned while a grouped task of this runtime is being polled joins
      // that task's group, unless spawnInGroup names one.
      const parent = running.task;
      if (group !== undefined) t.group = group;
      else if (parent !== null && parent.scheduler === this && parent.group !== null && (parent.state === TaskState.Running || parent.state === TaskState.Notified)) t.group = parent.group;
    }
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
      const task = this.#pickNext();
      if (pollHook === null) task.run();
      else {
        callHook("onTaskPoll", pollHook, task as TaskInfo, "start");
        task.run();
        callHook("onTaskPoll", pollHook, task as TaskInfo, "end");
      }
      // Sleeps first polled by that task join the wheel now (see TimerDriver.defer).
      if (timers.batched !== 0) timers.flushDeferred();
      if ((++n & 31) === 0 && sliceMs !== Infinity && (this.#policy === null ? performance.now() - start >= sliceMs : n >= this.#slicePolls)) return this.#runqLength === 0;
    }
  }

  /**
   * THE place that decides which runnable task runs next; nothing else in
   * the executor takes a task off the run queue. Unseeded: the head (FIFO),
   * at the cost of one null test. With a policy and at least two tasks
   * queued: the one `policy.pickTask` chooses, taken from the middle of the
   * ring (the tasks before it move up one slot, so the rest keep their
   * order, which a policy may read as "0 is FIFO"). `SeededPolicy` is
   * asked without the ids, as its uniform choice needs only their count.
   * Call only with the queue non-empty.
   */
  #pickNext(): Task<unknown> {
    const h = this.#runqHead;
    if (this.#policy === null || this.#runqLength < 2) {
      const task = this.#runq[h]!;
      this.#runq[h] = undefined;
      this.#runqHead = (h + 1) & this.#runqMask;
      this.#runqLength--;
      return task;
    }
    const ring = this.#runq;
    const mask = this.#runqMask;
    const n = this.#runqLength;
    const uniform = this.#uniform;
    if (uniform !== null) {
      // A uniform pick does not depend on the queue's order, so the head
      // fills the chosen slot: O(1). Shifting instead (below) made a seeded
      // run of 100,000 queued tasks (W3's shape) quadratic.
      const at = (h + uniform.pickIndex(n)) & mask;
      const task = ring[at]!;
      ring[at] = ring[h];
      ring[h] = undefined;
      this.#runqHead = (h + 1) & mask;
      this.#runqLength = n - 1;
      return task;
    }
    const ids = this.#pickIds;
    // Only ever cut: the loop appends. Setting `length` is a call into the
    // runtime (~3% of an explored run when it was set on every pick).
    if (ids.length > n) ids.length = n;
    for (let i = 0; i < n; i++) ids[i] = ring[(h + i) & mask]!.id;
    const k = this.#policy.pickTask(ids);
    if (!(Number.isInteger(k) && k >= 0 && k < n)) {
      throw new RangeError(`the schedule policy's pickTask() must return an index from 0 to ${n - 1} (the ${n} queued tasks), got ${String(k)}`);
    }
    // O(k) moves: queues are short where schedules are explored, and a
    // linked run queue would cost the FIFO path a node per push.
    const task = ring[(h + k) & mask]!;
    for (let i = k; i > 0; i--) ring[(h + i) & mask] = ring[(h + i - 1) & mask];
    ring[h] = undefined;
    this.#runqHead = (h + 1) & mask;
    this.#runqLength = n - 1;
    return task;
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
  #savedDriver: (Driver | null)[] = [];
  #savedBudget: number[] = [];
  /** A task's poll sets `current.cx` and clears it after; a nested drain restores the outer coroutine's. */
  #savedCx: (Context | null)[] = [];
  #savedTask: (Task<unknown> | null)[] = [];
  #savedDefer: (((w: Waker) => void) | null)[] = [];
  #savedRandom: (() => number)[] = [];

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
    this.#savedDriver.push(runningDriver.driver);
    runningDriver.driver = this.driver;
    current.defer = this.#deferWake;
    this.#savedRandom.push(current.random);
    current.random = this.#random;
    this.#savedStackLimit.push(Error.stackTraceLimit);
    if (this.#stackTraceLimit !== null) Error.stackTraceLimit = this.#stackTraceLimit;
  }

  #leave(): void {
    if (this.driver.timers.batched !== 0) this.driver.timers.flushDeferred();
    this.#draining = false;
    active = this.#savedActive.pop() ?? null;
    runningDriver.driver = this.#savedDriver.pop() ?? null;
    current.defer = this.#savedDefer.pop() ?? null;
    current.random = this.#savedRandom.pop() ?? Math.random;
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

  /**
   * @internal Reports `error` through `onUnhandledError` now, as the error of
   * `task` (the task that met it), as a failed task nobody joins is reported.
   */
  reportUnhandled(error: unknown, task: Task<unknown> | null): void {
    const info = task === null ? { id: 0, name: "(no task)", spawnSite: null } : { id: task.id, name: task.name, spawnSite: this.spawnSiteOf(task) };
    if (this.#onUnhandledError === defaultUnhandled) {
      // The default's "failed and nobody joined it" would be wrong: the task goes on.
      reportToStderr(`genfut: task "${info.name}" (#${info.id}) met an error nobody could receive:\n${stackOf(error)}`);
      markProcessFailed(); // as for a failed task nobody joined: the failure shows in the exit code
      return;
    }
    try {
      this.#onUnhandledError(error, info);
    } catch (e) {
      reportToStderr(`genfut: onUnhandledError threw while reporting an error of task "${info.name}": ${stackOf(e)}`);
    }
  }

  // ---- Seeded schedules and task groups (internal: lib/sim's seam) --------

  #setPolicy(policy: SchedulePolicy): void {
    this.#policy = policy;
    this.#uniform = policy instanceof SeededPolicy ? policy : null;
    this.#random = () => policy.random();
    this.#slicePolls = Math.max(32, Math.round(this.#hostSliceMs * SEEDED_POLLS_PER_MS));
  }

  #spawnInGroup<T>(group: TaskGroup, task: Spawnable<T>, options?: SpawnOptions): JoinHandle<T> {
    this.#grouped = true;
    return this.#newTask(intoBody(task, "spawnInGroup()"), options?.name ?? taskName(task), group);
  }

  /**
   * Stops every live task of `group` where it stands (see `killGroup`):
   * each completes as cancelled without running its `finally` blocks, and
   * those queued leave the run queue in one pass that keeps the others' order.
   */
  #killGroup(group: TaskGroup): number {
    const victims: Task<unknown>[] = [];
    for (let t = this.#live; t !== null; t = t.nextLive) if (t.group === group) victims.push(t);
    let queued = 0;
    for (const t of victims) {
      if (t.state === TaskState.Scheduled) queued++;
      t.kill();
    }
    if (queued > 0) {
      const ring = this.#runq;
      const mask = this.#runqMask;
      const h = this.#runqHead;
      const n = this.#runqLength;
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const t = ring[(h + i) & mask]!;
        ring[(h + i) & mask] = undefined;
        if (t.state !== TaskState.Complete) ring[(h + kept++) & mask] = t;
      }
      this.#runqLength = kept;
    }
    return victims.length;
  }

  static {
    internals = {
      setPolicy: (rt, policy) => rt.#setPolicy(policy),
      spawnInGroup: (rt, group, task, options) => rt.#spawnInGroup(group, task, options),
      killGroup: (rt, group) => rt.#killGroup(group),
    };
  }
}

/**
 * Polls per millisecond of `hostSliceMs` in a seeded slice: about what an
 * unseeded slice fits in a millisecond of short polls (~100 ns each), so a
 * seeded runtime under `run()` hands Node the thread about as often.
 */
const SEEDED_POLLS_PER_MS = 8192;


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
  if (options.seed !== undefined) throw new TypeError(`runtimeWithPolicy() takes a policy instead of options.seed, got seed ${String(options.seed)}`);
  if (policy === null || typeof policy !== "object" || typeof policy.pickTask !== "function" || typeof policy.random !== "function") {
    throw new TypeError(`runtimeWithPolicy(): policy must be an object with pickTask() and random() methods, got ${String(policy)}`);
  }
  const rt = new Runtime(options);
  internals.setPolicy(rt, policy);
  return rt;
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
function checkRuntimeOptions(o: RuntimeOptions): void {
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
}

function checkSpawnOptions(o: SpawnOptions): void {
  checkOptions("spawn(task, options)", "options", o);
  if (o.name !== undefined) checkString("spawn(task, options)", "options.name", o.name);
}
