/**
 * A task: a root generator (or future) driven by the executor, which is
 * also its own trampoline, its own waker, its own context, and the
 * `JoinHandle` users await.
 *
 * One object per task serves all five roles (`cx.waker === task`, and
 * `spawn()` returns the task itself), so a poll allocates nothing and a task
 * costs one 112-byte object beside its generator. Rejected: a separate handle
 * object pointing at the task (tokio's layout): in JavaScript it costs an
 * object header and a field per task for no isolation we could enforce. And
 * rejected: a `Coroutine` between the task and its generator (the first
 * design): 56 bytes and a call layer more per task.
 *
 * Over 300 lines for that reason: one class, five roles, on one object.
 *
 * The task's state, outcome and flags live in bits 5–12 of the
 * trampoline's state word; the one table of its bits, with the task's
 * states (tokio's, simplified for one thread), is core/state-bits.ts:
 *
 *   Idle --wake--> Scheduled --run--> Running --Pending--> Idle
 *                                        |  \--wake--> Notified --Pending--> Scheduled (back of the queue)
 *                                        \--Ready/throw/cancelled--> Complete
 *
 * Waking a Scheduled, Notified or Complete task does nothing, so a task
 * woken twice before it runs is polled once, and a late wake is harmless.
 * On the hot paths the bits are literals named in a comment (why: see
 * state-bits.ts).
 */
// Hot path: import from the defining files, not the core barrel, whose
// re-exports compile to getters that V8 cannot inline.
import { Trampoline } from "../core/coroutine";
import { current, Future } from "../core/future";
import { Pending, type Poll } from "../core/poll";
import { Outcome, TaskState } from "../core/state-bits";
import type { Context, Waker } from "../core/waker";
import { addWaker, dropWakers } from "../core/waker-set";
import { JoinError } from "./errors";
import type { TaskGroup } from "./group";
import { AbortHandle } from "./abort-handle";

export { Outcome, TaskState };

/** What a task needs from its runtime: the narrow `Schedule` seam. Its methods are internal, as they are on `Runtime`. */
export interface Scheduler {
  /** @internal */
  schedule(task: Task<unknown>): void;
  budget: number;
  counters: { polls: number; wakes: number; selfWakes: number; budgetYields: number };
  /** @internal */
  taskDone(task: Task<unknown>): void;
  /** @internal The task went idle after a poll that never read its waker (see `wakerTaken`). */
  lostWaker(task: Task<unknown>): void;
}

/**
 * The task being polled right now, or null outside a poll. Lets a leaf find
 * its task however deep in combinators it is polled (compat's `signalOf()`).
 * @internal
 */
export const running: { task: Task<unknown> | null } = { task: null };

/** Fields few tasks use, kept off the task itself until one is set. */
class Rare {
  onAbort: (() => void) | null = null;
  spawnSite: { readonly stack?: string } | null = null;
  onComplete: ((task: Task<any>) => void) | null = null;
  group: TaskGroup | null = null;
}

const STATE_NAMES: Readonly<Record<TaskState, string>> = {
  [TaskState.Idle]: "idle",
  [TaskState.Scheduled]: "scheduled",
  [TaskState.Running]: "running",
  [TaskState.Notified]: "notified",
  [TaskState.Complete]: "complete",
};

/**
 * Owned permission to await a spawned task, and the task itself. `yield*
 * handle` gives the task's value, or throws {@link JoinError}. Cancelling the
 * await (a lost `select`, say) detaches the task, as dropping a handle does in
 * tokio; `abort()` cancels the task itself. Several tasks may await one
 * handle at once: each gets the value (or a `JoinError` with the same cause).
 *
 * @example
 * const h = spawn(function* worker() { yield* sleep(10); return 42; });
 * const v = yield* h; // 42
 */
export class JoinHandle<T> extends Trampoline<T> implements Waker {
  /**
   * Until the task completes, the waker of whoever awaits this handle (a
   * `WakerSet` when several tasks await it at once); then the value (Ok) or the error (Err; or Cancelled, when cleanup
   * failed). One field for both: they are never needed at the same time.
   */
  #slot: unknown = null;
  /** @internal Intrusive list of live tasks, for dumps, without a Set entry per task. */
  prevLive: Task<unknown> | null = null;
  /** @internal */ nextLive: Task<unknown> | null = null;
  #rare: Rare | null = null;
  readonly #name: string | undefined;

  /** @internal Only the runtime creates tasks. */
  constructor(
    /** The task's id, unique within its runtime. */
    readonly id: number,
    name: string | undefined,
    /** The generator the task drives itself, or its root future. */
    body: Generator<unknown, T, unknown> | Future<T>,
    /** @internal */ readonly scheduler: Scheduler,
    /** @internal Clock time at spawn, for dumps. */ readonly spawnedAt: number,
  ) {
    super(body);
    this.#name = name;
    // Born scheduled: the runtime queues every new task at once.
    this.flags |= 32 /* Scheduled */;
  }

  /** The task's name: the `name` option, the generator function's name, or `task-<id>`. */
  get name(): string {
    // Built on demand: a string per task would cost more than the rest of it.
    return this.#name ?? `task-${this.id}`;
  }

  // ---- the JoinHandle: what users call ------------------------------------

  poll(cx: Context): Poll<T> {
    this.flags |= 2048 /* Observed */;
    if ((this.flags & 224 /* StateMask */) !== 128 /* Complete */) {
      // One awaiter (or the same one again) keeps the plain slot; a second
      // one at once makes it a WakerSet, so every awaiter gets the result.
      const w = cx.waker;
      const slot = this.#slot;
      this.#slot = slot === null || slot === w ? w : addWaker(slot as Waker, w);
      return Pending;
    }
    switch (this.outcome) {
      case Outcome.Ok:
        return this.#slot as T;
      case Outcome.Cancelled:
        throw new JoinError(this.name, true, this.#slot);
      default:
        throw new JoinError(this.name, false, this.#slot);
    }
  }

  /**
   * Stops waiting; the task keeps running, detached. When several tasks
   * await the handle, the others keep waiting (see `WakerSet`).
   */
  override cancel(): void {
    if ((this.flags & 224 /* StateMask */) !== 128 /* Complete */) this.#slot = dropWakers(this.#slot as Waker | null);
  }

  /**
   * Cancels the task: its coroutine is returned at its current `yield*`,
   * its `finally` blocks run, and awaiting the handle throws a cancelled
   * `JoinError`. It happens on the task's next turn, with its own context.
   * Aborting a finished task does nothing.
   */
  abort(): void {
    if (this.state === TaskState.Complete || (this.flags & 1024 /* AbortRequested */) !== 0) return;
    this.flags |= 1024 /* AbortRequested */;
    this.wake();
  }

  /** True once the task has completed, failed or been cancelled. */
  isFinished(): boolean {
    return this.state === TaskState.Complete;
  }

  override describe(): string {
    return `JoinHandle(${this.name})`;
  }

  // ---- the task: what the runtime calls -----------------------------------

  /** @internal A task is its own context: `cx.waker` is the task. Reading it is what `wakerTaken` records. */
  get waker(): Waker {
    this.flags |= 4096 /* WakerTaken */;
    return this;
  }

  /**
   * @internal True once anything read `cx.waker` during the current poll. A
   * poll that returns Pending without reading it registered the waker nowhere,
   * so the task can never wake again (a lost waker, reported by the runtime).
   */
  get wakerTaken(): boolean {
    return (this.flags & 4096 /* WakerTaken */) !== 0;
  }

  /** @internal */
  get outcome(): Outcome {
    return this.flags & 768 /* OutcomeMask */;
  }

  /** @internal Idle, scheduled, running, notified or complete. */
  get state(): TaskState {
    return this.flags & 224 /* StateMask */;
  }
  /** @internal */
  set state(s: TaskState) {
    this.flags = (this.flags & ~224 /* StateMask */) | s;
  }

  /** @internal */
  get abortRequested(): boolean {
    return (this.flags & 1024 /* AbortRequested */) !== 0;
  }

  /** @internal True once anyone has awaited the handle. */
  get observed(): boolean {
    return (this.flags & 2048 /* Observed */) !== 0;
  }
  /** @internal */
  set observed(v: boolean) {
    this.flags = v ? this.flags | 2048 /* Observed */ : this.flags & ~2048 /* Observed */;
  }

  /** @internal The value, once complete with Ok. */
  get value(): T | undefined {
    return this.outcome === Outcome.Ok ? (this.#slot as T) : undefined;
  }

  /** @internal The error, once failed (or the cleanup error of a cancelled task). */
  get error(): unknown {
    return this.outcome === Outcome.Ok || this.state !== TaskState.Complete ? undefined : this.#slot;
  }

  /** @internal Called once, in the task's own turn, when its cancellation starts (compat's `signalOf()`). */
  get onAbort(): (() => void) | null {
    return this.#rare?.onAbort ?? null;
  }
  /** @internal */
  set onAbort(f: (() => void) | null) {
    (this.#rare ??= new Rare()).onAbort = f;
  }

  /** @internal Where it was spawned, when the runtime captures spawn sites. */
  get spawnSite(): { readonly stack?: string } | null {
    return this.#rare?.spawnSite ?? null;
  }
  /** @internal */
  set spawnSite(s: { readonly stack?: string } | null) {
    (this.#rare ??= new Rare()).spawnSite = s;
  }

  /** @internal Called once when the task completes (used for `run`'s main task). */
  get onComplete(): ((task: Task<any>) => void) | null {
    return this.#rare?.onComplete ?? null;
  }
  /** @internal */
  set onComplete(f: ((task: Task<any>) => void) | null) {
    (this.#rare ??= new Rare()).onComplete = f;
  }

  /** @internal */
  get stateName(): string {
    return this.abortRequested && this.state !== TaskState.Complete ? "cancelling" : STATE_NAMES[this.state];
  }

  /** @internal The task's group (see group.ts), or null. */
  get group(): TaskGroup | null {
    return this.#rare?.group ?? null;
  }
  /** @internal */
  set group(g: TaskGroup | null) {
    (this.#rare ??= new Rare()).group = g;
  }

  /** @internal The future the task is suspended on: the leaf its generator awaits, or its root future. */
  waitingOn(): Future<unknown> | null {
    return this.suspendedOn();
  }

  /** Schedules the task (it is its own waker). */
  wake(): void {
    const s = this.scheduler;
    s.counters.wakes++;
    const f = this.flags;
    const st = f & 224 /* StateMask */;
    if (st === 0 /* Idle */) {
      this.flags = f | 32 /* Scheduled */;
      s.schedule(this);
    } else if (st === 64 /* Running */) {
      this.flags = (f & ~224 /* StateMask */) | 96 /* Notified */;
      s.counters.selfWakes++;
    }
  }

  /**
   * @internal Polls the task once. Only the executor calls this, inside a
   * drain: the runtime saves and restores `current.budget` and `running.task`
   * around the whole drain (for nested runtimes), not around each poll.
   */
  run(): void {
    const s = this.scheduler;
    // Running, and no waker taken yet in this poll.
    const f = (this.flags & ~(224 /* StateMask */ | 4096 /* WakerTaken */)) | 64 /* Running */;
    this.flags = f;
    s.counters.polls++;
    current.budget = s.budget;
    current.cx = this;
    running.task = this as Task<unknown>;
    let v: T | typeof Pending | void;
    try {
      if ((f & 1024 /* AbortRequested */) !== 0) {
        const rare = this.#rare;
        if (rare !== null && rare.onAbort !== null) {
          const onAbort = rare.onAbort;
          rare.onAbort = null;
          onAbort();
        }
        if (this.stop(this) !== Pending) {
          current.cx = null;
          this.#complete(Outcome.Cancelled, undefined);
          return;
        }
        v = Pending;
      } else {
        // Rejected: writing out `step`'s common case here, to save a call
        // per poll (the first design). W4, 9 interleaved runs: 86.1 ms with
        // the copy, 87.3 ms without, inside the spread (80–92 ms); under
        // `--max-opt=0` (ts-node), 1370 against 1434 ms, spreads overlapping.
        // Without it the trampoline is the only code that resumes a generator.
        v = this.step(this);
      }
    } catch (e) {
      current.cx = null;
      this.abandon();
      this.#complete((this.flags & 1024 /* AbortRequested */) !== 0 ? Outcome.Cancelled : Outcome.Err, e);
      return;
    }
    current.cx = null;
    if (v !== Pending) {
      this.#complete(Outcome.Ok, v);
      return;
    }
    const g = this.flags;
    if ((g & 224 /* StateMask */) === 96 /* Notified */) {
      if (current.budget < 0) s.counters.budgetYields++;
      this.flags = (g & ~224 /* StateMask */) | 32 /* Scheduled */;
      s.schedule(this);
    } else if ((g & 224 /* StateMask */) === 64 /* Running */) {
      this.flags = g & ~224 /* StateMask */; // Idle
      if ((g & 4096 /* WakerTaken */) === 0) s.lostWaker(this);
    } else {
      this.abandon(); // Complete: killed during this poll (see `kill`); it stops here
    }
  }

  /**
   * An {@link AbortHandle} for this task: it can abort the task, but not
   * await it (tokio's `JoinHandle::abort_handle`), so the right to cancel can
   * be handed out while the handle stays with whoever joins.
   *
   * @example
   * const h = spawn(serve());
   * registry.set("server", h.abortHandle()); // someone else may stop it
   * yield* h;
   */
  abortHandle(): AbortHandle {
    return new AbortHandle(this as JoinHandle<unknown>);
  }

  #complete(outcome: Outcome, result: unknown): void {
    if ((this.flags & 224 /* StateMask */) === 128 /* Complete */) return; // killed during its last poll: that was its end
    this.flags = (this.flags & ~(224 /* StateMask */ | 768 /* OutcomeMask */)) | 128 /* Complete */ | outcome;
    const w = this.#slot as Waker | null;
    this.#slot = result;
    this.scheduler.taskDone(this);
    w?.wake();
    const rare = this.#rare;
    if (rare !== null && rare.onComplete !== null) rare.onComplete(this);
  }

  /**
   * @internal Stops the task where it stands, as a crash would (`killGroup`):
   * its generator is dropped without being returned, so no `finally` runs and
   * nothing it awaits is cancelled; its handle completes as cancelled; later
   * wakes find it Complete and do nothing. The runtime takes it off its run
   * queue. Killed during its own poll (it crashed its own group), it stops at
   * its next suspension. Killing a finished task does nothing.
   */
  kill(): void {
    const st = this.flags & 224 /* StateMask */;
    if (st === 128 /* Complete */) return;
    if (st !== 64 /* Running */ && st !== 96 /* Notified */) this.abandon();
    this.#complete(Outcome.Cancelled, undefined);
  }
}

/** Inside the runtime, a `JoinHandle` is simply "the task". */
export type Task<T> = JoinHandle<T>;
