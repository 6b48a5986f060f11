/**
 * What a drain puts in place of the process-wide "current" state, and puts
 * back when it ends: the running runtime and driver, `current.defer`,
 * `current.random`, `Error.stackTraceLimit`, and what a task poll
 * overwrites (`current.budget`, `current.cx`, `running.task`).
 *
 * A drain of one runtime may run inside a task of another (`blockOn` nested
 * in a task), so entering saves the outer values and leaving restores them:
 * the outer task gets its runtime, budget, context and identity back. They
 * are saved once per drain, not around each poll.
 *
 * One frame per runtime is enough: a runtime's drains never nest (a drain
 * returns at once, and `blockOn` throws, while one is in progress), so its
 * frame is restored before it is saved into again. Rejected: a stack per
 * saved value (eight parallel arrays, each pushed and popped every drain,
 * read as one frame only by keeping them in step by hand).
 */
import { current } from "../core/future";
import type { Context, Waker } from "../core/waker";
import type { Driver } from "../reactor/driver";
import { running as runningDriver } from "../reactor/current";
import type { Runtime } from "./runtime";
import { running, Task } from "./task";

/** The runtime whose executor is draining right now, or null. */
export const active: { runtime: Runtime | null } = { runtime: null };

/** A runtime's saved outer state while one of its drains runs. */
export class DrainFrame {
  readonly #runtime: Runtime;
  readonly #driver: Driver;
  readonly #defer: (w: Waker) => void;
  readonly #stackTraceLimit: number | null;
  // The outer values, while a drain of this runtime runs.
  #outerRuntime: Runtime | null = null;
  #outerDriver: Driver | null = null;
  #outerDefer: ((w: Waker) => void) | null = null;
  #outerRandom: () => number = Math.random;
  #outerBudget = 0;
  #outerCx: Context | null = null;
  #outerTask: Task<unknown> | null = null;
  #outerStackLimit = 0;

  /** `defer` is the runtime's `yieldNow()` queue; `stackTraceLimit` null leaves the process's alone. */
  constructor(runtime: Runtime, driver: Driver, defer: (w: Waker) => void, stackTraceLimit: number | null) {
    this.#runtime = runtime;
    this.#driver = driver;
    this.#defer = defer;
    this.#stackTraceLimit = stackTraceLimit;
  }

  /** Saves the outer state and installs the runtime's, with `random` as `current.random`. */
  enter(random: () => number): void {
    this.#outerRuntime = active.runtime;
    this.#outerDriver = runningDriver.driver;
    this.#outerDefer = current.defer;
    this.#outerRandom = current.random;
    this.#outerBudget = current.budget;
    this.#outerCx = current.cx;
    this.#outerTask = running.task;
    this.#outerStackLimit = Error.stackTraceLimit;
    active.runtime = this.#runtime;
    runningDriver.driver = this.#driver;
    current.defer = this.#defer;
    current.random = random;
    if (this.#stackTraceLimit !== null) Error.stackTraceLimit = this.#stackTraceLimit;
  }

  /** Puts the outer state back, dropping the references to it. */
  leave(): void {
    active.runtime = this.#outerRuntime;
    runningDriver.driver = this.#outerDriver;
    current.defer = this.#outerDefer;
    current.random = this.#outerRandom;
    current.budget = this.#outerBudget;
    current.cx = this.#outerCx;
    running.task = this.#outerTask;
    Error.stackTraceLimit = this.#outerStackLimit;
    this.#outerRuntime = null;
    this.#outerDriver = null;
    this.#outerDefer = null;
    this.#outerCx = null;
    this.#outerTask = null;
    this.#outerRandom = Math.random;
  }
}
