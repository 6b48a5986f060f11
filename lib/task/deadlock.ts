/**
 * Deadlock detection: `run()`'s main tasks, and the watch that rejects them
 * with a {@link DeadlockError} when nothing is left that could wake them.
 *
 * Two watches, one way to fail (`#failMains`):
 *
 * - Node's event loop drained (always on while a main waits): nothing
 *   registered anywhere can wake a task, since Node would still be running
 *   otherwise. The mains are rejected as they stand.
 * - `detectDeadlock`: a drain ended quiet (nothing queued, deferred, timed or
 *   registered for I/O), and it was still quiet after a host turn with no
 *   poll in between. The mains are aborted first, so their cleanup runs.
 *
 * `blockOn` needs no watch: it never returns to Node, so it knows at once
 * when its queue is empty and time cannot move (`blockOnStuck`).
 */
import type { Driver } from "../reactor/driver";
import { afterHostTurn, onLoopDrained } from "../reactor/host";
import type { RuntimeDump } from "./dump";
import { DeadlockError } from "./errors";
import type { Executor } from "./executor";
import type { Reports } from "./reports";
import type { Task } from "./task";

/** The main tasks of a runtime's `run()` calls still pending. */
export class Mains {
  /** Each pending main, with how to reject its promise. */
  readonly #mains = new Map<Task<unknown>, (e: unknown) => void>();
  readonly #exec: Executor;
  readonly #reports: Reports;
  readonly #dump: () => RuntimeDump;
  #removeDrainedListener: (() => void) | null = null;
  #idleCheckScheduled = false;
  /** The poll count when the idle check was scheduled: a poll since means it was not stuck. */
  #pollsAtIdle = 0;

  constructor(exec: Executor, reports: Reports, dump: () => RuntimeDump, detectDeadlock: boolean) {
    this.#exec = exec;
    this.#reports = reports;
    this.#dump = dump;
    if (detectDeadlock) exec.onQuiet = this.#onQuiet;
  }

  /** Watches `task`, a main of `run()`; `reject` fails its promise. */
  add(task: Task<unknown>, reject: (e: unknown) => void): void {
    this.#mains.set(task, reject);
    if (this.#removeDrainedListener === null) this.#removeDrainedListener = onLoopDrained(this.#onLoopDrained);
    this.#reports.listenForSignal();
  }

  /** `task` completed: stop watching it (and everything, with the last one). */
  remove(task: Task<unknown>): void {
    this.#mains.delete(task);
    if (this.#mains.size === 0) this.#stopWatching();
  }

  /** A drain ended quiet (`detectDeadlock`): look again after a host turn. */
  readonly #onQuiet = (): void => {
    if (this.#mains.size === 0 || this.#idleCheckScheduled) return;
    this.#idleCheckScheduled = true;
    this.#pollsAtIdle = this.#exec.counters.polls;
    afterHostTurn(this.#idleCheck);
  };

  /** Still quiet after a host turn, and nothing polled since? Then the mains are stuck. */
  readonly #idleCheck = (): void => {
    this.#idleCheckScheduled = false;
    if (this.#mains.size === 0 || !this.#exec.quiet() || this.#exec.counters.polls !== this.#pollsAtIdle) return;
    this.#failMains("is waiting, and no timer, I/O source or deferred wake is left that could wake it", true);
  };

  readonly #onLoopDrained = (): void => {
    // Node's loop is empty: nothing registered can ever wake a pending main.
    if (this.#exec.busy()) return;
    this.#failMains("is waiting, but nothing is left that could wake it", false);
  };

  /**
   * Rejects every pending main with a {@link DeadlockError} (one dump for
   * all of them) and stops watching. With `abort`, each main is also
   * aborted, so its cleanup runs; its outcome no longer matters to the promise.
   */
  #failMains(why: string, abort: boolean): void {
    const dump = this.#dump();
    for (const [task, reject] of [...this.#mains]) {
      this.#mains.delete(task);
      task.onComplete = null;
      if (abort) task.abort();
      reject(new DeadlockError(`deadlock: run()'s main task "${task.name}" ${why}`, dump));
    }
    this.#stopWatching();
  }

  #stopWatching(): void {
    if (this.#removeDrainedListener !== null) {
      this.#removeDrainedListener();
      this.#removeDrainedListener = null;
    }
    this.#reports.stopSignal();
  }
}

/** Why `blockOn`'s main can never finish, its queue being empty and its clock unable to move. */
export function blockOnStuck(driver: Driver): string {
  return driver.idle()
    ? "deadlock: nothing can ever wake the main future of blockOn()"
    : "blockOn() cannot wait for real time or I/O, which only Node's event loop delivers: use run(), or new Runtime({ startPaused: true }) for timers";
}
