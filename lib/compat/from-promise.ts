/**
 * `fromPromise`: a Promise (or a function making one from an AbortSignal) as a future.
 */
import { badArgument } from "../core/check";
import { describeValue } from "../core/coroutine";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { currentRuntime } from "../task/runtime";
import { IoCount } from "./io-count";

const enum State {
  /** Not polled yet: a thunk has not been called. */
  Idle,
  /** Waiting for the Promise to settle. */
  Waiting,
  Fulfilled,
  Rejected,
  Cancelled,
}

/**
 * Future for the {@link fromPromise} function.
 *
 * Invariant: handlers are attached to the Promise exactly once (for a
 * running Promise at construction, for a thunk's at the first poll); after
 * cancellation they ignore the outcome. That is the deliberate
 * swallowing of a late rejection: nobody is left to receive it, and Node
 * would otherwise report an unhandled rejection for a Promise the program
 * explicitly stopped caring about.
 */
export class FromPromise<T> extends Future<T> {
  #state = State.Idle;
  #thunk: ((signal: AbortSignal) => PromiseLike<T>) | null;
  #controller: AbortController | null = null;
  #waker: Waker | null = null;
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  readonly #io = new IoCount();
  readonly #label: string;

  /** @internal */
  constructor(source: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>), label?: string) {
    super();
    if (typeof source === "function") {
      this.#thunk = source;
      this.#label = label ?? `fromPromise(${source.name || "anonymous"})`;
    } else {
      this.#thunk = null;
      this.#label = label ?? "fromPromise(promise)";
      // The Promise is already running: listen now, so a rejection that
      // comes before the first poll is kept for it instead of crashing the
      // process as an unhandled rejection.
      this.#state = State.Waiting;
      source.then(this.#onFulfilled, this.#onRejected);
    }
  }

  poll(cx: Context): Poll<T> {
    switch (this.#state) {
      case State.Fulfilled:
        return this.#value as T;
      case State.Rejected:
        throw this.#error;
      case State.Cancelled:
        throw new RuntimeError(`${this.#label} was polled after it was cancelled`);
      case State.Idle:
        try {
          this.#start();
        } catch (e) {
          this.#state = State.Rejected;
          this.#error = e;
          throw e;
        }
    }
    this.#waker = cx.waker;
    this.#io.hold(currentRuntime(this.#label));
    return Pending;
  }

  #start(): void {
    // Lazy: the operation starts on the first poll, with a signal we own.
    const thunk = this.#thunk!;
    this.#thunk = null;
    const controller = (this.#controller = new AbortController());
    const p = thunk(controller.signal);
    if (p === null || typeof (p as { then?: unknown })?.then !== "function") {
      throw new TypeError(`fromPromise(): the function ${thunk.name || "(anonymous)"} returned ${describeValue(p)}, not a Promise`);
    }
    this.#state = State.Waiting;
    p.then(this.#onFulfilled, this.#onRejected);
  }

  readonly #onFulfilled = (v: T): void => {
    if (this.#state !== State.Waiting) return;
    this.#state = State.Fulfilled;
    this.#value = v;
    this.#settled();
  };

  readonly #onRejected = (e: unknown): void => {
    if (this.#state !== State.Waiting) return; // cancelled: swallowed on purpose
    this.#state = State.Rejected;
    this.#error = e;
    this.#settled();
  };

  #settled(): void {
    this.#io.release();
    this.#controller = null;
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  }

  /**
   * Stops waiting. The thunk form's signal is aborted, so the operation
   * itself stops (a `fetch`, a `fs.promises` read, a `timers/promises` sleep).
   */
  override cancel(): void {
    const s = this.#state;
    if (s !== State.Idle && s !== State.Waiting) return;
    this.#state = State.Cancelled;
    this.#waker = null;
    this.#io.release();
    const c = this.#controller;
    this.#controller = null;
    c?.abort();
  }

  override describe(): string {
    return this.#label;
  }
}

/**
 * A Promise as a future. Two forms:
 *
 * - `fromPromise(p)`: awaits a Promise that is already running. Its outcome
 *   is kept from the moment the future is made (a rejection before the first
 *   poll is not an unhandled rejection). Cancelling the future stops the
 *   wait, not the work.
 * - `fromPromise((signal) => p)`: lazy. The function is called on the first
 *   poll with a fresh `AbortSignal`; cancelling the future (a lost `race`, a
 *   `timeout`, an aborted task) aborts that signal, so APIs that take one
 *   (`fetch`, `fs.promises`, `timers/promises`, `events.once`) really stop.
 *
 * A rejection is thrown into the awaiting coroutine. A Promise that settles
 * after the future was cancelled is ignored, its rejection included: this is
 * deliberate (nobody is waiting for it any more, and it was very likely
 * caused by the abort itself).
 *
 * While it waits, the future counts as an I/O source of the runtime, so
 * `blockOn` knows only Node can wake it.
 *
 * @example
 * function* getJson(url: string) {
 *   const res = yield* fromPromise((signal) => fetch(url, { signal }));
 *   return yield* fromPromise(res.json());
 * }
 */
export function fromPromise<T>(source: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>)): Future<T> {
  if (typeof source !== "function" && (source === null || typeof (source as { then?: unknown })?.then !== "function")) {
    badArgument(TypeError, "fromPromise(source)", "source", "a Promise or a function (signal) => Promise", source);
  }
  return new FromPromise(source);
}
