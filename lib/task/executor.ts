/**
 * The executor: the run queue, the loop that drains it, and the one place
 * that picks the next task. `Runtime` (runtime.ts) is its facade; tasks see
 * it through the `Scheduler` seam (task.ts), and it sees the reactor through
 * `Driver`'s methods.
 *
 * Longer than 300 lines for one reason: the run queue is written out in
 * place in the code that uses it (see `#runq` for the figure), so the queue,
 * the loop and the pick share one class's private fields.
 *
 * ## The loop
 *
 * `#drain()` is the executor's loop: pick a task from the run queue, poll it,
 * repeat. It runs synchronously, so a chain of ready wakes (a ping-pong over
 * a channel) costs a queue push and pop per hop and no microtask. It stops
 * when:
 *
 * - the queue is empty: the runtime is idle, and waits for a wake from Node
 *   (a timer, a socket), which schedules the next drain as one microtask;
 * - it has run for `hostSliceMs`: it hands the thread back to Node with
 *   `setImmediate` (never a microtask chain, which would starve timers and
 *   I/O) and continues after Node's turn.
 *
 * After every poll it calls the driver's `afterPoll()` (the sleeps that poll
 * registered join the timer wheel). Tasks that called `yieldNow()` are woken
 * only after a host turn, as tokio defers them until the driver has been
 * polled. On a paused clock, when the queue is empty and no yield is
 * pending, the clock jumps to the next timer deadline (after one host turn
 * under `run`, so I/O callbacks already due are seen first).
 *
 * `blockOn` runs the same loop without ever returning to Node: it can finish
 * only futures that need no real I/O or real time, and reports a
 * `DeadlockError` when nothing is left that could wake its main future.
 *
 * Rejected: a microtask per wake (Promise-based executors): it allocates per
 * hop and cannot bound how long the host is kept waiting.
 *
 * ## Which task runs next
 *
 * `#pickNext()` is the one place that decides; nothing else takes a task off
 * the run queue. Unseeded it is FIFO. With a `seed` (or a policy from
 * `runtimeWithPolicy`) it asks the {@link SchedulePolicy} (policy.ts)
 * whenever two or more tasks are queued; `current.random` (what `random()`
 * and the unbiased combinators draw from) is then the policy's, and a slice
 * ends after a fixed number of polls rather than `hostSliceMs` of wall
 * time, so where the host turns fall (and so when `yieldNow()` wakes
 * arrive) depends on the program alone.
 */
import type { Waker } from "../core/waker";
import type { Driver } from "../reactor/driver";
import { afterHostTurn } from "../reactor/host";
import { DrainFrame } from "./drain-frame";
import { callHook, TaskInfo } from "./hooks";
import type { RuntimeMetrics, RuntimeOptions } from "./options";
import { SchedulePolicy, SeededPolicy } from "./policy";
import type { Reports } from "./reports";
import type { Runtime } from "./runtime";
import type { TaskGroup } from "./group";
import { Scheduler, Task, TaskState } from "./task";
import { TaskList } from "./task-list";

export class Executor implements Scheduler {
  readonly budget: number;
  readonly counters = { polls: 0, wakes: 0, selfWakes: 0, budgetYields: 0 };
  /**
   * The run queue: core/ring.ts's ring, written out in place in its users
   * (`schedule` pushes, `#pickNext` takes, `killGroup` filters), so that a
   * hop between tasks makes no queue call. Measured on W4 (a push and a pop
   * per hop), in instructions (callgrind): a `Ring` field with its `push` and
   * `shift` cost +3.1% under `--max-opt=0` (21.76 G instead of 21.11 G), the
   * tier short programs run in, and +0.2% optimized. Invariant: the array's
   * length is a power of two, `#runqMask` is it minus one, and slots outside
   * the live range hold `undefined`. It is filled with `undefined` so that
   * its elements kind never changes (see `slots` in core/ring.ts). It starts
   * at 16 slots and doubles when full: 256 slots were 2 kB of garbage per
   * runtime, and a simulation makes a runtime per explored schedule.
   */
  #runq: (Task<unknown> | undefined)[] = new Array(16).fill(undefined);
  #runqHead = 0;
  #runqLength = 0;
  #runqMask = 15;
  /** The most tasks ever queued at once (for metrics). */
  #runqPeak = 0;
  /** The facade this executor runs for (what `currentRuntime()` returns during its drains). */
  readonly runtime: Runtime;
  readonly #driver: Driver;
  readonly #reports: Reports;
  /** The live tasks. */
  readonly tasks: TaskList;
  readonly #hostSliceMs: number;
  readonly #onTaskPoll: ((task: TaskInfo, phase: "start" | "end") => void) | null;
  readonly #frame: DrainFrame;
  #draining = false;
  /** A drain (microtask) or host turn (setImmediate) is already on its way. */
  #drainScheduled = false;
  #hostTurnScheduled = false;
  #hostTurns = 0;
  /** Wakers of `yieldNow()` calls, woken after the next host turn. */
  #deferred: Waker[] = [];
  /** Who picks the next task when several are queued; null: FIFO, and no call at all. */
  #policy: SchedulePolicy | null = null;
  /** The policy again when it is the built-in uniform one (see `#pickNext`), else null. */
  #uniform: SeededPolicy | null = null;
  /** What `current.random` is while this runtime drains: the policy's, or `Math.random`. */
  #random: () => number = Math.random;
  /** The ids handed to `policy.pickTask`, reused from pick to pick. */
  readonly #pickIds: number[] = [];
  /** Polls in a seeded slice (see "Which task runs next" above). */
  #slicePolls = 0;
  /** Called when a drain ends quiet (see `quiet`): deadlock detection, when on. */
  onQuiet: (() => void) | null = null;

  constructor(runtime: Runtime, driver: Driver, reports: Reports, options: RuntimeOptions) {
    this.budget = options.budget ?? 128;
    this.#hostSliceMs = options.hostSliceMs ?? 2;
    this.runtime = runtime;
    this.#driver = driver;
    this.#reports = reports;
    this.tasks = new TaskList(this, reports, driver.clock, options);
    this.#onTaskPoll = options.onTaskPoll ?? null;
    const limit = options.stackTraceLimit;
    this.#frame = new DrainFrame(runtime, driver, this.#deferWake, limit ?? (Error.stackTraceLimit === 10 ? 64 : null));
  }

  /** A drain is in progress. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Tasks are queued, or `yieldNow()` wakes wait for a host turn. */
  busy(): boolean {
    return this.#runqLength > 0 || this.#deferred.length > 0;
  }

  /** Nothing queued, deferred, timed or registered for I/O: only a task could wake a task. */
  quiet(): boolean {
    return !this.busy() && this.#driver.idle();
  }

  // ---- Scheduler (called by tasks) -------------------------------------------

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

  taskDone(task: Task<unknown>): void {
    this.tasks.done(task);
  }

  lostWaker(task: Task<unknown>): void {
    this.#reports.lostWaker(task);
  }

  // ---- The loop ----------------------------------------------------------------

  /**
   * Polls `t` (a new main task, queued) and whatever it wakes to completion,
   * never returning to Node. Throws a `DeadlockError` made by `stuck` when
   * nothing is queued and time cannot move, after aborting `t` so that its
   * cleanup runs.
   */
  runToCompletion(spawnMain: () => Task<unknown>, stuck: () => Error): Task<unknown> {
    // Entered before the main task is queued: queued outside a drain, it
    // would also schedule a drain microtask, which outlives blockOn, keeps
    // the runtime alive until the caller's turn ends, and on a paused clock
    // goes on advancing through leftover timers in the background.
    this.#enter();
    try {
      const t = spawnMain();
      for (;;) {
        this.#runTasks(Infinity);
        if (t.state === TaskState.Complete) return t;
        if (this.#deferred.length > 0) {
          this.#reports.reportLost();
          this.#wakeDeferred();
          continue;
        }
        if (this.#driver.clock.paused && this.#driver.autoAdvance()) {
          this.#reports.reportLost();
          continue;
        }
        const error = stuck();
        this.#reports.forgetLost(); // the dump in the error already marks them
        // Cancel the stuck main so its cleanup runs and it leaves nothing behind.
        t.abort();
        this.#runTasks(Infinity);
        throw error;
      }
    } finally {
      this.#leave();
    }
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
    if (this.#runqLength === 0 && this.#driver.clock.paused) {
      // Idle after a full host turn: on a paused clock, time jumps ahead.
      this.#driver.autoAdvance();
    }
    this.#drain();
  };

  #drain(): void {
    if (this.#draining) return;
    this.#enter();
    try {
      if (!this.#runTasks(this.#hostSliceMs)) {
        this.#scheduleHostTurn();
      } else if (this.#deferred.length > 0 || this.#driver.canAdvance()) {
        this.#scheduleHostTurn();
      }
      if (this.onQuiet !== null && this.quiet()) this.onQuiet();
    } finally {
      this.#leave();
    }
  }

  /** Polls queued tasks until the queue is empty (true) or `sliceMs` has passed (false). */
  #runTasks(sliceMs: number): boolean {
    const start = sliceMs === Infinity ? 0 : performance.now();
    const pollHook = this.#onTaskPoll;
    const driver = this.#driver;
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
      driver.afterPoll();
      if ((++n & 31) === 0 && sliceMs !== Infinity && (this.#policy === null ? performance.now() - start >= sliceMs : n >= this.#slicePolls)) return this.#runqLength === 0;
    }
  }

  /**
   * THE place that decides which runnable task runs next, and takes it off
   * the run queue. Unseeded: the head (FIFO), at the cost of one null test.
   * With a policy and at least two tasks queued: the one `policy.pickTask`
   * chooses, taken from the middle of the queue (the tasks before it move up
   * one slot, so the rest keep their order, which a policy may read as "0 is
   * FIFO"). `SeededPolicy` is asked without the ids, as its uniform choice
   * needs only their count. Call only with the queue non-empty.
   */
  #pickNext(): Task<unknown> {
    const ring = this.#runq;
    const h = this.#runqHead;
    const mask = this.#runqMask;
    const n = this.#runqLength;
    let task: Task<unknown>;
    if (this.#policy === null || n < 2) {
      task = ring[h]!;
    } else if (this.#uniform !== null) {
      // A uniform pick does not depend on the queue's order, so the head
      // fills the chosen slot: O(1). Shifting instead (below) made a seeded
      // run of 100,000 queued tasks (W3's shape) quadratic.
      const at = (h + this.#uniform.pickIndex(n)) & mask;
      task = ring[at]!;
      ring[at] = ring[h];
    } else {
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
      task = ring[(h + k) & mask]!;
      for (let i = k; i > 0; i--) ring[(h + i) & mask] = ring[(h + i - 1) & mask];
    }
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

  #enter(): void {
    this.#draining = true;
    this.tasks.enterDrain();
    this.#frame.enter(this.#random);
  }

  #leave(): void {
    this.#driver.afterPoll(); // a sleep polled outside any task of this drain
    this.#draining = false;
    this.tasks.leaveDrain();
    this.#frame.leave();
    this.#reports.reportUnobserved();
    this.#reports.reportLost();
    if (this.#runqLength > 0 && !this.#drainScheduled && !this.#hostTurnScheduled) {
      this.#drainScheduled = true;
      queueMicrotask(this.#drainCallback);
    }
  }

  // ---- Seeded schedules, task groups, metrics ------------------------------

  setPolicy(policy: SchedulePolicy): void {
    this.#policy = policy;
    this.#uniform = policy instanceof SeededPolicy ? policy : null;
    this.#random = () => policy.random();
    this.#slicePolls = Math.max(32, Math.round(this.#hostSliceMs * SEEDED_POLLS_PER_MS));
  }

  /** See `killGroup` (group.ts): the killed tasks leave the run queue in one pass that keeps the others' order. */
  killGroup(group: TaskGroup): number {
    const { killed, queued } = this.tasks.kill(group);
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
    return killed;
  }

  metrics(): RuntimeMetrics {
    const d = this.#driver;
    return {
      aliveTasks: this.tasks.alive,
      spawnedTasks: this.tasks.spawned,
      polls: this.counters.polls,
      wakes: this.counters.wakes,
      selfWakes: this.counters.selfWakes,
      hostTurns: this.#hostTurns,
      queueDepth: this.#runqLength,
      peakQueueDepth: this.#runqPeak,
      timers: d.timers.size,
      hostTimersArmed: d.timers.armCount,
      budgetYields: this.counters.budgetYields,
      ioSources: d.ioSources,
      deferredWakes: this.#deferred.length,
      lostWakers: this.#reports.lostCount,
    };
  }
}

/**
 * Polls per millisecond of `hostSliceMs` in a seeded slice: about what an
 * unseeded slice fits in a millisecond of short polls (~100 ns each), so a
 * seeded runtime under `run()` hands Node the thread about as often.
 */
const SEEDED_POLLS_PER_MS = 8192;
