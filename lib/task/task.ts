/**
 * A task: a root future, driven by the executor, that is its own waker.
 *
 * One object per task serves as the task record, its `Waker` and its
 * `Context` (`cx.waker === task`), so a poll allocates nothing and a task
 * costs one object beyond its future.
 *
 * State word (tokio's, simplified for one thread):
 *
 *   Idle --wake--> Scheduled --run--> Running --Pending--> Idle
 *                                        |  \--wake--> Notified --Pending--> Scheduled (back of the queue)
 *                                        \--Ready/throw/cancelled--> Complete
 *
 * Waking a Scheduled, Notified or Complete task does nothing, so a task
 * woken twice before it runs is polled once, and a late wake is harmless.
 */
// Hot path: import from the defining files, not the core barrel, whose
// re-exports compile to getters that V8 cannot inline.
import { Coroutine } from "../core/coroutine";
import { current, Future } from "../core/future";
import { Pending } from "../core/poll";
import type { Waker } from "../core/waker";

export const enum TaskState {
  Idle,
  Scheduled,
  Running,
  Notified,
  Complete,
}

export const enum Outcome {
  None,
  Ok,
  Err,
  Cancelled,
}

/** What a task needs from its runtime: the narrow `Schedule` seam. */
export interface Scheduler {
  schedule(task: Task<unknown>): void;
  budget: number;
  counters: { polls: number; wakes: number; selfWakes: number; budgetYields: number };
  taskDone(task: Task<unknown>): void;
  /** The task went idle after a poll that never read its waker (see `wakerTaken`). */
  lostWaker(task: Task<unknown>): void;
}

/**
 * The task being polled right now, or null outside a poll. Lets a leaf find
 * its task however deep in combinators it is polled (compat's `signalOf()`).
 * @internal
 */
export const running: { task: Task<unknown> | null } = { task: null };

const STATE_NAMES = ["idle", "scheduled", "running", "notified", "complete"] as const;

export class Task<T> implements Waker {
  /**
   * True once anything read `cx.waker` during the current poll. A poll that
   * returns Pending without reading it registered the waker nowhere, so the
   * task can never wake again (a lost waker, reported by the runtime). One
   * store per poll and per read: cheaper than any reference counting.
   */
  wakerTaken = false;
  future: Future<T> | null;
  state = TaskState.Idle;
  outcome = Outcome.None;
  value: T | undefined = undefined;
  error: unknown = undefined;
  /** The one waker of whoever awaits the JoinHandle. */
  joinWaker: Waker | null = null;
  abortRequested = false;
  /** True once anyone has awaited the handle: its error is then not "unhandled". */
  observed = false;
  /** Intrusive list of live tasks, for dumps, without a Set entry per task. */
  prev: Task<unknown> | null = null;
  next: Task<unknown> | null = null;
  /** Called once, in the task's own turn, when its cancellation starts (compat's `signalOf()` aborts its signal). */
  onAbort: (() => void) | null = null;
  /** Where it was spawned (frames, formatted lazily), when the runtime captures spawn sites. */
  spawnSite: { readonly stack?: string } | null = null;
  /** Called once when the task completes (used for `run`'s main task). */
  onComplete: ((task: Task<any>) => void) | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    future: Future<T>,
    readonly scheduler: Scheduler,
    readonly spawnedAt: number,
  ) {
    this.future = future;
  }

  /** A task is its own context: `cx.waker` is the task (reading it is what `wakerTaken` records). */
  get waker(): Waker {
    this.wakerTaken = true;
    return this;
  }

  get stateName(): string {
    return this.abortRequested && this.state !== TaskState.Complete ? "cancelling" : STATE_NAMES[this.state];
  }

  /** The future the task is suspended on, when its root is a coroutine. */
  waitingOn(): Future<unknown> | null {
    const f = this.future;
    if (f === null) return null;
    return f instanceof Coroutine ? f.waitingOn() : f;
  }

  wake(): void {
    const s = this.scheduler;
    s.counters.wakes++;
    if (this.state === TaskState.Idle) {
      this.state = TaskState.Scheduled;
      s.schedule(this);
    } else if (this.state === TaskState.Running) {
      this.state = TaskState.Notified;
      s.counters.selfWakes++;
    }
  }

  /** Requests cancellation; it happens on the task's next poll, with its own context. */
  abort(): void {
    if (this.state === TaskState.Complete || this.abortRequested) return;
    this.abortRequested = true;
    this.wake();
  }

  /** Polls the task once. Only the executor calls this. */
  run(): void {
    const s = this.scheduler;
    const fut = this.future!;
    this.state = TaskState.Running;
    s.counters.polls++;
    const savedBudget = current.budget;
    current.budget = s.budget;
    this.wakerTaken = false;
    let budgetLeft = 0;
    const savedTask = running.task;
    running.task = this as Task<unknown>;
    let v: T | typeof Pending | void;
    try {
      if (this.abortRequested) {
        const onAbort = this.onAbort;
        if (onAbort !== null) {
          this.onAbort = null;
          onAbort();
        }
        if (fut.cancel === undefined || fut.cancel(this) !== Pending) {
          this.#complete(Outcome.Cancelled, undefined, undefined);
          return;
        }
        v = Pending;
      } else {
        v = fut.poll(this);
      }
    } catch (e) {
      if (this.abortRequested) this.#complete(Outcome.Cancelled, undefined, e);
      else this.#complete(Outcome.Err, undefined, e);
      return;
    } finally {
      budgetLeft = current.budget;
      current.budget = savedBudget;
      running.task = savedTask;
    }
    if (v !== Pending) {
      this.#complete(Outcome.Ok, v as T, undefined);
    } else if ((this.state as TaskState) === TaskState.Notified) {
      if (budgetLeft < 0) s.counters.budgetYields++;
      this.state = TaskState.Scheduled;
      s.schedule(this);
    } else {
      this.state = TaskState.Idle;
      if (!this.wakerTaken) s.lostWaker(this);
    }
  }

  #complete(outcome: Outcome, value: T | undefined, error: unknown): void {
    this.state = TaskState.Complete;
    this.outcome = outcome;
    this.value = value;
    this.error = error;
    this.future = null;
    this.scheduler.taskDone(this);
    const w = this.joinWaker;
    this.joinWaker = null;
    w?.wake();
    this.onComplete?.(this);
  }
}
