/**
 * The coroutine trampoline: a generator object as a future.
 *
 * This is the only place in genfut that calls a generator's `next`, `throw`
 * or `return` (`Trampoline`'s `step`, `drive` and `stop`). Everything else is
 * a future. The trampoline is a base class, `Trampoline`: `Coroutine` is the
 * future users and combinators see, and the runtime's task extends it too,
 * to drive its root generator itself (through `step` and `stop`, never by
 * touching the generator).
 *
 * Over 300 lines, on purpose: `step`, `drive` and `stop` are one state
 * machine over one state word (core/state-bits.ts), and read best whole;
 * the conversions at the end (`intoFuture`, `toFuture`) are what it drives.
 *
 * A coroutine is resumed in a loop, synchronously:
 *
 * - `yield* fut` polls `fut` inside the generator (see `Future.next`). A
 *   ready future never suspends the generator; a pending one hands out the
 *   shared `STEP`, and the trampoline returns `Pending` to its owner. On the
 *   next poll it simply resumes the generator, and `yield*` re-polls the leaf.
 * - `yield fut` (no star, untyped) hands the future itself out; the trampoline
 *   polls it and feeds the value back with `next(v)`, or its error with `throw(e)`.
 * - Yielding anything else throws a `TypeError` into the generator at that line.
 *
 * Because ready values loop here instead of recursing or scheduling a
 * microtask, a million ready awaits in a row use constant stack.
 *
 * Cancellation is `generator.return()`: `finally` blocks and `using`
 * declarations run, and may themselves `yield*`. Such cleanup keeps running on
 * later `cancel(cx)` calls until the generator is done; a second cancellation
 * cannot interrupt it (it is shielded). A cancellation that arrives while the
 * generator waits on a started `shield(fut)` is deferred until the generator
 * next waits on something else.
 */
import { badArgument, describeValue } from "./check";
import { RuntimeError } from "./errors";
export { describeValue };
import { CANCEL_STEP, current, Future, STEP, takeStep, TWICE } from "./future";
import { Pending, Poll } from "./poll";
import { Context } from "./waker";

/** Anything the runtime accepts where a future is expected. */
export type IntoFuture<T> = Future<T> | Generator<unknown, T, any>;

/**
 * What `spawn`, `run`, `blockOn` and the combinators accept: a future, a
 * generator object, or a function of no arguments returning either.
 *
 * @example
 * function start<T>(work: Spawnable<T>): JoinHandle<T> { return spawn(work, { name: "worker" }); }
 */
export type Spawnable<T> = IntoFuture<T> | (() => IntoFuture<T>);

/**
 * The old name of {@link Spawnable}.
 *
 * @deprecated Use `Spawnable<T>`: inside genfut a "task" is the running
 * thing `spawn()` returns, not what it accepts.
 * @example
 * const work: Task<number> = function* () { return 1; }; // prefer Spawnable<number>
 */
export type Task<T> = Spawnable<T>;

/** The value type of a future or coroutine. */
export type Output<F> = F extends Future<infer T> ? T : F extends Generator<unknown, infer T, any> ? T : never;

/**
 * The trampoline: drives a generator, and is the base of both {@link Coroutine}
 * and the runtime's task. A task that is spawned from a generator drives it
 * itself, with no `Coroutine` in between: one object and one call layer fewer
 * per task and per poll (measured on W4: ~10 ns a hop; W5: 56 bytes a task).
 *
 * It can also drive a plain future instead of a generator, as if a generator
 * had done `return yield fut`: the future is held and polled until it is ready.
 * That is how a task whose root is a future (`spawn(sleep(10))`) works.
 */
export abstract class Trampoline<T> extends Future<T> {
  /**
   * The generator, or null when driving a plain future (and once done).
   * Only this class touches it.
   */
  private gen: Generator<unknown, T, unknown> | null;
  /**
   * What the generator is suspended on. With the Held bit it is a future from a
   * raw `yield fut` (or the root future), which the trampoline polls; otherwise
   * the leaf of a `yield*`, which `yield*` itself re-polls, kept only for dumps.
   */
  private target: Future<unknown> | null;
  /**
   * The state word: bits 0–4 are the trampoline's, and a task keeps its own
   * state in bits 5 and up. The one table of its bits is core/state-bits.ts;
   * here they are written as literals named in a comment (why: see there).
   */
  protected flags: number;

  protected constructor(body: Generator<unknown, T, unknown> | Future<T>) {
    super();
    if (body instanceof Future) {
      this.gen = null;
      this.target = body;
      this.flags = 8 /* Held */;
    } else {
      this.gen = body;
      this.target = null;
      this.flags = 0;
    }
  }

  /** The future this trampoline is suspended on, if any (for diagnostics). */
  protected suspendedOn(): Future<unknown> | null {
    return (this.flags & 1 /* Done */) !== 0 ? null : this.target;
  }

  /** True once the body has returned, thrown, or been cancelled to the end. */
  protected get finished(): boolean {
    return (this.flags & 1 /* Done */) !== 0;
  }

  /** Resumes the body with context `cx`, made current for the duration. */
  protected resume(cx: Context): Poll<T> {
    const saved = current.cx;
    current.cx = cx;
    try {
      return this.step(cx);
    } catch (e) {
      this.abandon();
      throw e;
    } finally {
      current.cx = saved;
    }
  }

  /**
   * Resumes the body; the caller has already made `cx` current. If this
   * throws, the body has failed, and the caller must call `abandon()`.
   */
  protected step(cx: Context): Poll<T> {
    const bits = this.flags;
    if ((bits & (1 /* Done */ | 2 /* Cancelling */)) !== 0) {
      throw new RuntimeError((bits & 1 /* Done */) !== 0 ? "a coroutine was polled after it completed" : "a coroutine was polled while it was being cancelled");
    }
    if ((bits & 8 /* Held */) === 0) {
      // `target` is null only on the first resume: see TWICE (core/future.ts).
      const res = this.gen!.next(this.target);
      if (res === STEP) {
        // The common case, checked here to save a call: suspended again on a
        // `yield*` leaf (ResumeReturn is clear: set only while cancelling).
        this.target = takeStep();
        return Pending;
      }
      return this.drive(res, cx);
    }
    const held = this.target!;
    const gen = this.gen;
    let v: unknown;
    try {
      v = held.poll(cx);
    } catch (e) {
      this.#release();
      if (gen === null) throw e;
      return this.drive(gen.throw(e), cx);
    }
    if (v === Pending) return Pending;
    this.#release();
    if (gen === null) {
      this.abandon();
      return v as T;
    }
    return this.drive(gen.next(v), cx);
  }

  /**
   * Runs the generator from result `res` until it completes or suspends on a
   * pending future. Raw-yielded futures are polled here, in a loop.
   */
  private drive(res: IteratorResult<unknown, T>, cx: Context): Poll<T> {
    for (;;) {
      if (res.done === true) {
        this.abandon();
        return res.value;
      }
      if (res === STEP) {
        this.target = takeStep();
        this.flags &= ~4 /* ResumeReturn */;
        return Pending;
      }
      if (res === CANCEL_STEP) {
        // Only reachable while cancelling: a delegated future's cleanup is async.
        this.target = CANCEL_STEP.value;
        this.flags |= 4 /* ResumeReturn */;
        return Pending;
      }
      if (res === TWICE) {
        // Our first resume found the generator suspended on TWICE.value: it
        // belongs to another task or combinator. Leave it to that one.
        this.gen = null;
        throw new TypeError(
          `a generator object was given to a second task or combinator while the first still runs it (it waits on ${TWICE.value.describe()}): ` +
            "a generator object runs once; call the generator function again for a second run",
        );
      }
      const gen = this.gen!;
      const fut = toFuture(res.value);
      if (fut === null) {
        res = gen.throw(new TypeError(notAFuture(res.value)));
        continue;
      }
      let v: unknown;
      if (current.budget <= 0) {
        current.budget = -1; // as `outOfBudget` does
        cx.waker.wake();
        v = Pending;
      } else {
        try {
          v = fut.poll(cx);
        } catch (e) {
          res = gen.throw(e);
          continue;
        }
      }
      if (v === Pending) {
        this.target = fut;
        this.flags = (this.flags & ~4 /* ResumeReturn */) | 8 /* Held */;
        return Pending;
      }
      current.budget--; // charged once ready, as `Future.next` does
      res = gen.next(v);
    }
  }

  /**
   * Cancels the body: `generator.return()`, so `finally` blocks run (or the
   * held root future's `cancel`). Returns `Pending` while async cleanup is
   * still running; call again on wake. Errors thrown by the cleanup propagate.
   */
  protected stop(cx?: Context): void | typeof Pending {
    if ((this.flags & 1 /* Done */) !== 0) return;
    const ctx = cx ?? current.cx ?? DETACHED;
    const saved = current.cx;
    current.cx = ctx;
    // Never resumed (a held future, even one released below, is a target).
    const neverResumed = this.target === null;
    try {
      if ((this.flags & 2 /* Cancelling */) === 0) {
        // Suspended on a running `shield()`: the cancellation waits. The
        // body runs on normally until it waits on something else, and is
        // returned there. Rejected: returning it at the shield once the
        // shield is done (what `yield*` does with a future's `return()`):
        // that skips the rest of a `finally` (a second shielded cleanup)
        // and replaces the error the `finally` was propagating.
        if (isShielding(this.target)) {
          if (this.step(ctx) !== Pending) return; // finished meanwhile: its value is dropped
          if (isShielding(this.target)) return Pending;
        }
        this.flags |= 2 /* Cancelling */ | 4 /* ResumeReturn */;
        if ((this.flags & 8 /* Held */) !== 0) this.flags |= 16 /* TargetCancelling */;
      }
      const gen = this.gen;
      if ((this.flags & 8 /* Held */) !== 0) {
        const held = this.target!;
        if ((this.flags & 16 /* TargetCancelling */) !== 0) {
          if (held.cancel !== undefined && held.cancel(ctx) === Pending) return Pending;
          this.#release();
        } else {
          // A raw `yield fut` made by the cleanup itself: await it normally.
          let v: unknown;
          try {
            v = held.poll(ctx);
          } catch (e) {
            this.#release();
            return this.#cleanup(gen!.throw(e), ctx);
          }
          if (v === Pending) return Pending;
          this.#release();
          return this.#cleanup(gen!.next(v), ctx);
        }
      }
      if (gen === null || neverResumed) {
        // Never resumed: nothing of the body ran, so there is nothing to
        // clean up. Not `gen.return()`: a generator object given to two
        // drivers (see TWICE) would be returned under its first one.
        this.abandon();
        return;
      }
      const res = (this.flags & 4 /* ResumeReturn */) !== 0 ? gen.return(undefined as T) : gen.next(undefined);
      return this.#cleanup(res, ctx);
    } catch (e) {
      this.abandon();
      throw e;
    } finally {
      current.cx = saved;
    }
  }

  #cleanup(res: IteratorResult<unknown, T>, cx: Context): void | typeof Pending {
    // The same loop as a normal resume; completion now means "cancelled".
    return this.drive(res, cx) === Pending ? Pending : undefined;
  }

  /** Forgets the held future (it completed, failed, or finished cancelling). */
  #release(): void {
    this.target = null;
    this.flags &= ~(8 /* Held */ | 16 /* TargetCancelling */);
  }

  /** Marks the body done and lets go of the generator and anything it waited on. */
  protected abandon(): void {
    this.flags = (this.flags & ~31 /* TrampolineMask */) | 1 /* Done */;
    this.target = null;
    this.gen = null;
  }
}

/** A generator object driven as a future. */
export class Coroutine<T> extends Trampoline<T> {
  readonly #name: string | undefined;

  constructor(gen: Generator<unknown, T, unknown>, name?: string) {
    super(gen);
    this.#name = name;
  }

  /** The future this coroutine is suspended on, if any (for diagnostics). */
  waitingOn(): Future<unknown> | null {
    return this.suspendedOn();
  }

  /** True once the generator has returned, thrown, or been cancelled to the end. */
  isDone(): boolean {
    return this.finished;
  }

  override describe(): string {
    const name = this.#name ?? "coroutine";
    const w = this.waitingOn();
    return w === null ? `${name}()` : `${name}() waiting on ${w.describe()}`;
  }

  poll(cx: Context): Poll<T> {
    return this.resume(cx);
  }

  /**
   * Cancels the coroutine: `generator.return()`, so `finally` blocks run.
   * Returns `Pending` while async cleanup is still running; call again on wake.
   * Errors thrown by the cleanup propagate to the caller.
   */
  override cancel(cx?: Context): void | typeof Pending {
    return this.stop(cx);
  }
}

/** True for a `shield()` that has started and not finished (see core/shield.ts, which imports this file). */
function isShielding(f: Future<unknown> | null): boolean {
  return f !== null && (f as { readonly shielding?: boolean }).shielding === true;
}

/** A context whose waker does nothing, for cancellation requested outside any task. */
const DETACHED = new Context({ wake() {} });

/** %GeneratorPrototype%: the grandparent of every generator object. */
const GeneratorPrototype: object = Object.getPrototypeOf(function* () {}).prototype;

/**
 * True for a generator object (what calling a `function*` returns).
 * Its prototype is the generator function's `prototype`, whose prototype is
 * %GeneratorPrototype%. Rejected: reading `Symbol.toStringTag`, a megamorphic
 * lookup that cost 10% of a spawn-heavy profile.
 */
export function isGenerator(x: unknown): x is Generator<unknown, unknown, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto !== null && Object.getPrototypeOf(proto) === GeneratorPrototype;
}

/** The future for `x` if it is a future or a generator object, else null. */
export function toFuture(x: unknown): Future<unknown> | null {
  if (x instanceof Future) return x;
  if (isGenerator(x)) return new Coroutine(x);
  return null;
}

/**
 * Converts what users pass to `run`, `spawn`, `join`… into a future.
 * Throws a `TypeError` naming the value otherwise.
 */
export function intoFuture<T>(task: Spawnable<T>, what = "argument", name?: string): Future<T> {
  const body = intoBody(task, what, name);
  return body instanceof Future ? body : new Coroutine(body, typeof task === "function" ? task.name || undefined : undefined);
}

/**
 * What a task drives: a future, or a generator object as it is, for the task
 * to drive itself without a `Coroutine` around it.
 * @internal
 */
export function intoBody<T>(task: Spawnable<T>, what: string, name?: string): Generator<unknown, T, unknown> | Future<T> {
  if (task instanceof Future) return task;
  if (isGenerator(task)) return task as Generator<unknown, T, unknown>;
  if (typeof task === "function") {
    const made: unknown = (task as () => unknown)();
    if (made instanceof Future || isGenerator(made)) return made as Generator<unknown, T, unknown> | Future<T>;
    const which = name === undefined ? "the function" : `${name}, the function`;
    throw new TypeError(`${what}: ${which} ${task.name || "(anonymous)"} returned ${describeValue(made)}, not a future or a generator object`);
  }
  if (name !== undefined) badArgument(TypeError, what, name, "a future, a generator object or a generator function", task);
  throw new TypeError(`${what}: expected a future, a generator object or a generator function, got ${describeValue(task)}`);
}

/** The name to give a task made from `task`: a function's name, if it has one. */
export function taskName(task: unknown): string | undefined {
  return typeof task === "function" && task.name ? task.name : undefined;
}

function notAFuture(x: unknown): string {
  const hint =
    typeof (x as { then?: unknown } | null)?.then === "function"
      ? "wrap a Promise with fromPromise(p) and yield* that"
      : "yield* a Future or a generator (a bare `yield` accepts only futures)";
  return `a coroutine yielded ${describeValue(x)}, which is not a future: ${hint}`;
}
