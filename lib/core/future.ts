/**
 * `Future<T>`: a lazy computation that is driven by polling.
 *
 * A future does nothing until polled. `poll(cx)` either returns the value or
 * returns {@link Pending} after arranging for `cx.waker` to be woken when it is
 * worth polling again. Dropping a future in Rust is `cancel()` here: the owner
 * calls it once it no longer wants the value, and the future deregisters
 * whatever it registered.
 *
 * ## How `yield*` is made cheap
 *
 * A future is its own iterator, so `const v = yield* fut` is typed `T` and
 * costs no generator per await. `yield*` calls `fut.next()`, which polls the
 * future *right there* with the context of the coroutine being driven (kept in
 * {@link current} by the trampoline). A ready future therefore completes the
 * `yield*` without suspending the coroutine at all: one method call, no
 * microtask, no trip through the executor. Only a pending future suspends it,
 * by handing the shared {@link STEP} object out through every level of
 * generator delegation to the trampoline, which returns `Pending` to its owner.
 * On the next wake the trampoline resumes the generator, `yield*` calls
 * `fut.next()` again, and that is the re-poll.
 *
 * Rejected: a `*[Symbol.iterator]() { return yield this }` generator method.
 * It reads well, but allocates a generator object per await and costs a
 * suspension even when the value is ready (measured: ~3x slower on W1).
 *
 * ## The coop budget
 *
 * A task may complete `budget` awaits per turn (tokio's coop budget): once
 * `current.budget` is spent, every `yield*` acts as if pending and wakes the
 * task, which goes to the back of the run queue. An await is charged only
 * when its future is *ready*, after the poll, as tokio restores the unit of
 * a poll that came back pending. So until something completes, every await
 * of the turn is polled, however deep the `yield*` chain: each level of a
 * coroutine nested in a combinator is an await too, and charging it before
 * its poll spent a budget of n on n levels before the leaf at the bottom
 * was reached, so that the task re-queued itself forever (a budget of 1 on
 * `select(sleep(100), coroutine)`). Rejected: refusing budgets below some
 * minimum, since no fixed minimum covers every depth of nesting.
 *
 * ## Cancellation
 *
 * `cancel(cx?)` may return {@link Pending}: composite futures (coroutines whose
 * `finally` blocks `yield*`, combinators whose children do) cannot always
 * finish cleaning up at once. The owner then calls `cancel(cx)` again each
 * time it is woken until it returns anything but `Pending`. A leaf future's
 * `cancel()` is synchronous and returns nothing, which means "done".
 *
 * A little over 300 lines: the class is small; the rest is the `yield*`
 * protocol's shared results and helpers, with the figures behind them.
 */
import { RuntimeError } from "./errors";
import { Pending, Poll } from "./poll";
import { Context, Waker } from "./waker";

/**
 * The ambient state of the coroutine that is being driven right now.
 * Written only by the trampoline (`cx`) and by the executor (`budget`, `defer`).
 *
 * Invariant: `cx` is non-null exactly while a coroutine's generator is running.
 * @internal
 */
export const current: {
  /** Context of the coroutine being resumed; `yield*` polls with it. */
  cx: Context | null;
  /** Leaf polls left before the task must yield (tokio's coop budget). */
  budget: number;
  /** Defers a wake until the host event loop has had a turn (set by the executor). */
  defer: ((waker: Waker) => void) | null;
  /**
   * The random source of the running runtime: its seeded generator, or
   * `Math.random` (unseeded, or outside any runtime). Set by the executor on
   * entering a drain and restored on leaving it, so combinators, which may
   * import only core/, draw from it without knowing about runtimes.
   */
  random: () => number;
} = { cx: null, budget: 0x3fffffff, defer: null, random: Math.random };

/** The budget outside any task: effectively unlimited. @internal */
export const UNLIMITED_BUDGET = 0x3fffffff;

/**
 * The one "suspended on a pending future" result handed out by `Future.next()`.
 * The trampoline recognises it by identity; `value` names the future waited on
 * (for task dumps). Reused: `yield*` passes it through unchanged, and the
 * trampoline reads it before anything else can run.
 * @internal
 */
export const STEP: { done: false; value: Future<unknown> } = { done: false, value: null as unknown as Future<unknown> };

/**
 * Like {@link STEP}, but from `Future.return()`: the future is still cleaning
 * up after cancellation, and the trampoline must call `generator.return()`
 * again (not `next()`) to keep driving that cleanup.
 * @internal
 */
export const CANCEL_STEP: { done: false; value: Future<unknown> } = { done: false, value: null as unknown as Future<unknown> };

/**
 * What a leaf's `next()` hands out, without polling, when the trampoline
 * resuming its generator is not the one that suspended it: a generator
 * object given to two tasks or combinators (`spawn(g); spawn(g)`). A
 * trampoline resumes with `next(target)`, its own record of where the
 * generator waits, which is null only on its first resume; a generator
 * suspended at a `yield*` is not at its start, so it is driven by someone
 * else. The generator stays suspended where it was, for its first driver;
 * the second fails with a `TypeError` (see `Trampoline.drive`). Rejected:
 * a `WeakSet` of the generators handed to the runtime (1.7 µs a spawn at a
 * million generators) or a mark on the generator object (a property added
 * to each: ~0.5 µs and 30 bytes).
 * @internal
 */
export const TWICE: { done: false; value: Future<unknown> } = { done: false, value: null as unknown as Future<unknown> };

/** `next()`'s answer to a resume with `null` (see {@link TWICE}). Called only then. */
function drivenTwice(f: Future<unknown>): IteratorResult<Future<unknown>, never> {
  TWICE.value = f;
  return TWICE;
}

/**
 * The one "ready" result handed out by `Future.next()`, reused like {@link STEP}:
 * `yield*` reads `done` and `value` the moment `next()` returns, before any
 * other code runs, so one object serves every ready await. A fresh object per
 * ready await was the only allocation left on a channel hop (measured on W4:
 * ~80 bytes per message and ~18% of the time in the garbage collector).
 * The trampoline clears `value` whenever a coroutine suspends, so it never
 * pins a large value (a buffer, say) past the turn that awaited it.
 * @internal
 */
export const DONE: { done: true; value: unknown } = { done: true, value: undefined };

/**
 * A lazy, poll-based computation producing a `T`.
 *
 * Subclass it to write a leaf future; `yield*` it in a coroutine to await it.
 *
 * @example
 * class Flag extends Future<void> {
 *   set = false;
 *   waker: Waker | null = null;
 *   poll(cx: Context): Poll<void> {
 *     if (this.set) return;
 *     this.waker = cx.waker;   // always the latest one
 *     return Pending;
 *   }
 *   cancel() { this.waker = null; }   // deregister: nothing left behind
 *   raise() { this.set = true; this.waker?.wake(); }
 * }
 *
 * function* task(flag: Flag) {
 *   yield* flag;               // typed: void
 * }
 */
export abstract class Future<T> implements Iterator<Future<unknown>, T, unknown> {
  /**
   * Try to make progress. Return the value, or {@link Pending} after arranging
   * for `cx.waker.wake()` to be called when polling again is worthwhile.
   * Throwing fails the future: the error is thrown into the awaiting coroutine.
   */
  abstract poll(cx: Context): Poll<T>;

  /**
   * Drop the future before it completes: deregister wakers, timers, listeners.
   * Composite futures may return {@link Pending} while async cleanup runs; the
   * owner then calls `cancel(cx)` again on each wake until it returns anything else.
   */
  cancel?(cx?: Context): void | Pending;

  /** How the future reads in a task dump, e.g. `sleep(250ms)`. */
  describe(): string {
    return this.constructor.name;
  }

  toString(): string {
    return this.describe();
  }

  /**
   * A future is its own iterator: `yield* fut` costs no allocation. The method
   * is %IteratorPrototype%'s own `[Symbol.iterator]` (assigned below the
   * class), a V8 builtin that returns its receiver: every `yield*` calls it,
   * and a builtin costs no JavaScript frame in code not yet optimized.
   */
  declare [Symbol.iterator]: () => this;

  /**
   * The `yield*` protocol: polls with the running coroutine's context.
   * Not for direct use; the trampoline is the only caller of generators.
   */
  next(resumedBy?: unknown): IteratorResult<Future<unknown>, T> {
    const cx = current.cx;
    if (resumedBy === null || cx === null || current.budget <= 0) return refusedStep(this, resumedBy);
    const v = this.poll(cx);
    return v === Pending ? pendingStep(this) : readyStep(v);
  }

  /**
   * Called by `yield*` when the awaiting coroutine is cancelled: cancels this future.
   * (The parameter is typed `T` on purpose: TypeScript folds it into the
   * iterator's return type, and `unknown` here would make every `yield*` unknown.)
   */
  return(value: T): IteratorResult<Future<unknown>, T> {
    if (this.cancel !== undefined && this.cancel(current.cx ?? undefined) === Pending) {
      CANCEL_STEP.value = this;
      return CANCEL_STEP;
    }
    return { done: true, value: value as T };
  }

  /** Called by `yield*` if an error is thrown into the awaiting coroutine: cancels, then rethrows. */
  throw(error?: unknown): IteratorResult<Future<unknown>, T> {
    this.cancel?.(current.cx ?? undefined);
    throw error;
  }
}

// `return this`, as the spec defines it, without a JavaScript function.
const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as { [Symbol.iterator](): unknown };
Object.defineProperty(Future.prototype, Symbol.iterator, { value: ITERATOR_PROTOTYPE[Symbol.iterator], writable: true, configurable: true });

/** The error for a future awaited with no coroutine running. */
function awaitedOutside(f: Future<unknown>): Error {
  return new RuntimeError(`${f.describe()} was awaited outside a genfut coroutine: yield* it inside a generator driven by run(), spawn() or blockOn()`);
}

/*
 * The `yield*` protocol, in one place: what a future's `next()` hands out
 * (the helpers below), and what the trampoline does with it
 * (`Trampoline.step` and `drive`, core/coroutine.ts, which call
 * `takeStep`). `Future.next` is built from these helpers, and so is every
 * `next()` that overrides it (mpsc's `Recv` and `Send`, to save a call on a
 * hot path; `ConsumeBudget` and `Shield`, for their own rules), so its rules
 * are written once: a resume by a second driver gets TWICE, the budget is
 * charged only on ready, and DONE's value is cleared when a coroutine
 * parks. An override reads:
 *
 *   const cx = current.cx;
 *   if (resumedBy === null || cx === null || current.budget <= 0) return refusedStep(this, resumedBy);
 *   ...poll...
 *   return v === Pending ? pendingStep(this) : readyStep(v);
 *
 * Calling the helpers costs nothing in the shipped build, where V8 inlines
 * them (interleaved runs, against the protocol written out at each place:
 * W1 25.5 against 25.7 ms, W4 85.2 against 86.1, W7 44.7 against 41.8,
 * W3 133.8 against 136.5, all inside the noise). Unoptimized, a call is a
 * call: under `--max-opt=0` (ts-node) W4 took 1330 ms written out against
 * 1370 with helpers (spreads overlapping), and W1 194 against 229 ms, which
 * is why `Ready.next` (core/ready.ts), W1's one await, writes `readyStep`
 * out: the one copy, named there.
 */

/**
 * `next()`'s answer when it may not poll: a resume by a second driver
 * (`resumedBy === null`: TWICE), no coroutine running (throws), or the
 * task's budget spent (STEP, after asking to run again). Called only when
 * one of the three holds, never per await.
 * @internal
 */
export function refusedStep(f: Future<unknown>, resumedBy: unknown): IteratorResult<Future<unknown>, never> {
  if (resumedBy === null) return drivenTwice(f);
  const cx = current.cx;
  if (cx === null) throw awaitedOutside(f);
  return outOfBudget(f, cx);
}

/**
 * `next()`'s answer for a pending future: the coroutine suspends on `f`
 * (the shared {@link STEP}, passed up through every `yield*`).
 * @internal
 */
export function pendingStep(f: Future<unknown>): IteratorResult<Future<unknown>, never> {
  STEP.value = f;
  return STEP;
}

/**
 * `next()`'s answer for a future ready with `v` (the shared {@link DONE}):
 * charges the task's budget, only now that the value is ready (see "The
 * coop budget" above).
 * @internal
 */
export function readyStep<T>(v: T): IteratorReturnResult<T> {
  current.budget--;
  DONE.value = v;
  return DONE as IteratorReturnResult<T>;
}

/**
 * {@link readyStep} without the charge, for a future whose poll charged the
 * budget itself (`consumeBudget()`).
 * @internal
 */
export function readyStepUncharged<T>(v: T): IteratorReturnResult<T> {
  DONE.value = v;
  return DONE as IteratorReturnResult<T>;
}

/**
 * The trampoline's side: a generator handed out {@link STEP}; returns the
 * future it is suspended on, and lets go of the last ready value (DONE's),
 * so a parked coroutine does not pin it (a large buffer, say).
 * @internal
 */
export function takeStep(): Future<unknown> {
  DONE.value = undefined;
  return STEP.value;
}

/**
 * What `next()` hands out when the task's budget is spent: act as if
 * pending, but ask to run again at once. Called once per budget, never per
 * await. It leaves the budget below zero, which is how the task tells a
 * budget yield from an ordinary self-wake (for metrics).
 */
function outOfBudget(f: Future<unknown>, cx: Context): IteratorResult<Future<unknown>, never> {
  current.budget = -1;
  cx.waker.wake();
  return pendingStep(f);
}
