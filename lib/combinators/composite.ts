/**
 * `Composite<T>`: the shared engine of the combinators over a fixed set of
 * children (`join`, `joinAll`, `select`, `race`, `selectAll`, `selectOk`).
 *
 * A subclass decides what a child's value or error means ({@link
 * Composite.childReady}, {@link Composite.childFailed}); this class owns
 * the children, their wakers, and the one hard part: dropping children whose
 * cleanup is asynchronous. Dropping a child calls `child.cancel(slot)`; a
 * coroutine whose `finally` does `yield*` returns `Pending`, and is called
 * again each time its slot is woken, until it returns anything else. The
 * combinator delivers its result only after that: a `select` hands back the
 * winner once every loser's `finally` has run to its end.
 *
 * Errors thrown by a child's cleanup never vanish: they are thrown by the
 * combinator (several at once as an `AggregateError`).
 */
// Straight from the defining files, not the core barrel: CommonJS re-exports
// are getters, and these names are read on every poll.
import { badArgument, checkBoolean, checkOptions } from "../core/check";
import { describeValue, isGenerator, toFuture } from "../core/coroutine";
import { RuntimeError } from "../core/errors";
import { current, Future } from "../core/future";
import { Pending, type Poll } from "../core/poll";
import type { Context } from "../core/waker";
import type { Waker } from "../core/waker";
import { Order, Slot, SlotOwner, SlotState, WakeQueue } from "./wake-queue";

/** Where the combinator is in its life. */
export const enum Phase {
  /** Not polled yet: the first poll polls every child, without the queue. */
  Fresh,
  /** Polling the woken children for their values. */
  Polling,
  /** Outcome known (a winner, a failure); dropping the other children first. */
  Settling,
  /** Its owner cancelled it; dropping every child. */
  Cancelled,
  /** Result delivered, or cancellation finished. */
  Done,
}

/**
 * Options of the iterable combinators.
 *
 * @example
 * yield* selectAll([shutdown, work], { biased: true }); // shutdown wins ties
 */
export interface CombinatorOptions {
  /**
   * Poll children in the order they were given, instead of fairly. Useful
   * when one branch (a shutdown signal) must win ties.
   * @default false
   */
  biased?: boolean;
}

/**
 * What a combinator is: its name and polling order, shared by all its
 * instances (one field per instance instead of two).
 */
export interface Kind {
  /** The name used in messages and dumps, e.g. `select()`. */
  readonly label: string;
  readonly order: Order;
}

/** What every combinator shares: its children's slots, the wake queue, cancellation and cleanup. */
export abstract class Composite<T> extends Future<T> implements SlotOwner {
  /** The waker of the latest poll (or cancel): a child's wake is passed on to it. */
  parent: Waker | null = null;
  /** Woken children. Made on the first wake: a `race` decided on its first poll never needs one. */
  queue: WakeQueue | null = null;
  readonly slots: Slot[];
  /** Children not yet Done (live or still cancelling). */
  live: number;
  phase = Phase.Fresh;
  /** Errors thrown by children's cleanup (allocated on the first); delivered, never dropped. */
  cleanupErrors: unknown[] | null = null;

  /**
   * Takes ownership of `futures`: the array is reused, in place, as the
   * array of slots (one allocation less per `race`, which W7 counts).
   */
  constructor(
    readonly kind: Kind,
    futures: Future<unknown>[],
  ) {
    super();
    const slots = futures as unknown as Slot[];
    for (let i = 0; i < futures.length; i++) slots[i] = new Slot(this, i, futures[i]);
    this.slots = slots;
    this.live = futures.length;
  }

  /** The name used in messages and dumps, e.g. `select()`. */
  get label(): string {
    return this.kind.label;
  }

  /** @internal A child's slot was woken: queue it, wake whoever polls us. */
  onWake(slot: Slot): void {
    (this.queue ??= new WakeQueue()).push(slot);
    this.parent?.wake();
  }

  /** A child is ready with `value`. Return true to stop polling the others in this batch. */
  protected abstract childReady(slot: Slot, value: unknown): boolean;
  /** A child threw `error`. Return true to stop polling the others in this batch. */
  protected abstract childFailed(slot: Slot, error: unknown): boolean;
  /** Called once settling has dropped every other child: deliver the result or throw. */
  protected abstract settle(): T;

  poll(cx: Context): Poll<T> {
    const phase = this.phase;
    if (phase === Phase.Done) throw new RuntimeError(`${this.label} was polled after it completed`);
    if (phase === Phase.Cancelled) throw new RuntimeError(`${this.label} was polled after it was cancelled`);
    this.parent = cx.waker;
    if (phase <= Phase.Polling) {
      this.#pollWoken(phase === Phase.Fresh);
      if ((this.phase as Phase) <= Phase.Polling) return Pending;
    }
    // Settling: the result is known, but delivered only after the others are dropped.
    if (!this.#driveCancel()) return Pending;
    this.phase = Phase.Done;
    return this.settle();
  }

  /**
   * Drops every child still running. Returns `Pending` while some child's
   * cleanup is asynchronous; the owner calls again when woken.
   */
  override cancel(cx?: Context): void | Pending {
    if (this.phase === Phase.Done) return;
    const c = cx ?? current.cx;
    if (c !== null) this.parent = c.waker;
    if (this.phase !== Phase.Cancelled) {
      this.phase = Phase.Cancelled;
      this.dropAll();
    }
    if (!this.#driveCancel()) return Pending;
    this.phase = Phase.Done;
    if (this.cleanupErrors !== null) throwCleanupErrors(this.label, this.cleanupErrors);
  }

  /**
   * Drops every live child: calls its `cancel` now; a child whose cleanup
   * is asynchronous (`Pending`) is called again on each of its wakes.
   * Subclasses call this from their hooks, then set `phase = Phase.Settling`.
   */
  protected dropAll(): void {
    const slots = this.slots;
    // Indexed, not for-of: an iterator per call costs in the interpreter, where a short-lived process spends its time.
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s.state === SlotState.Live) {
        s.state = SlotState.Cancelling;
        this.#cancelSlot(s);
      }
    }
  }

  /** Polls the children woken since the last poll (only those), or all of them the first time. */
  #pollWoken(fresh: boolean): void {
    const order = this.kind.order;
    if (fresh) {
      this.phase = Phase.Polling;
      const slots = this.slots;
      const n = slots.length;
      // The first poll's fairness: where the queue would start, without queueing.
      let i = n > 1 && order === Order.Random ? Math.floor(current.random() * n) : 0;
      for (let k = 0; k < n; k++, i++) {
        if (i === n) i = 0;
        if (this.#pollSlot(slots[i])) return;
      }
      return;
    }
    const q = this.queue;
    if (q === null) return;
    for (let n = q.batch(order); n > 0; n--) {
      if (this.#pollSlot(q.shift())) return;
    }
  }

  /** Polls one child; true if the subclass says to stop. */
  #pollSlot(s: Slot): boolean {
    if (s.state !== SlotState.Live) return false;
    let v: unknown;
    try {
      v = s.future!.poll(s);
    } catch (e) {
      s.finish();
      this.live--;
      return this.childFailed(s, e);
    }
    if (v === Pending) return false;
    s.finish();
    this.live--;
    return this.childReady(s, v);
  }

  /** Calls `cancel` on a child being dropped; finishes it unless its cleanup is still running. */
  #cancelSlot(s: Slot): void {
    let r: void | Pending = undefined;
    try {
      r = s.future!.cancel?.(s);
    } catch (e) {
      (this.cleanupErrors ??= []).push(e);
    }
    if (r === Pending) return;
    s.finish();
    this.live--;
  }

  /** Calls `cancel` again on each woken child still cleaning up. True once none is left. */
  #driveCancel(): boolean {
    if (this.live === 0) return true;
    const q = this.queue;
    if (q === null) return false;
    for (let n = q.batch(Order.Fifo); n > 0; n--) {
      const s = q.shift();
      if (s.state === SlotState.Cancelling) this.#cancelSlot(s);
    }
    return this.live === 0;
  }

  override describe(): string {
    const parts: string[] = [];
    for (const s of this.slots) {
      if (s.future !== null) parts.push(s.future.describe());
      if (parts.length === 4 && this.slots.length > 4) {
        parts.push(`… ${this.live} live of ${this.slots.length}`);
        break;
      }
    }
    return `${this.label.slice(0, -1)}${parts.join(", ")})`;
  }
}

/** An empty list, shared, for "no cleanup errors". */
export const NONE: readonly unknown[] = Object.freeze([]);

/** Throws nothing, the one error, or an `AggregateError` of several. */
export function throwCleanupErrors(label: string, errors: readonly unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${label}: ${errors.length} children failed while being cancelled`);
}

/**
 * Turns each argument into a future, with a `TypeError` naming the bad one.
 * Functions are refused on purpose: `join(fetchA, fetchB)` almost always
 * means `join(fetchA(), fetchB())`.
 */
export function childFutures(label: string, args: Iterable<unknown>, owned: boolean): Future<unknown>[] {
  // A rest-parameter array is ours to reuse; a caller's array or iterable is copied.
  const out = (owned && Array.isArray(args) ? args : Array.from(args)) as unknown[];
  for (let i = 0; i < out.length; i++) {
    const a = out[i];
    if (a instanceof Future) continue;
    const f = toFuture(a);
    if (f === null) {
      const hint = typeof a === "function" ? ` (did you mean to call it: ${a.name || "f"}()?)` : "";
      throw new TypeError(`${label}: argument ${i} is ${describeValue(a)}, not a future or a generator object${hint}`);
    }
    out[i] = f;
  }
  return out as Future<unknown>[];
}

/**
 * Checks a combinator's options object: undefined, or `{ biased?: boolean }`.
 */
export function checkCombinatorOptions(label: string, options: unknown): void {
  checkOptions(label, "options", options);
  const biased = (options as CombinatorOptions | undefined)?.biased;
  if (biased !== undefined) checkBoolean(label, "options.biased", biased);
}

/**
 * Throws a `TypeError` if `args` is not iterable, or is a generator object.
 * A generator object is iterable, but here it is nearly always a coroutine
 * passed by mistake (`joinAll(makeJobs())` for `joinAll(yield* makeJobs())`):
 * iterating it would run its body outside any task, blocking the event loop
 * (11.8 s, then "Invalid array length", in one report). Every generator
 * object is refused, not only those that yield something other than a
 * future, since telling them apart means running the body. To pass the
 * futures a generator yields, spread it first: `Array.from(gen)`.
 */
export function checkIterable(label: string, x: unknown): asserts x is Iterable<unknown> {
  if (x === null || x === undefined || typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    badArgument(TypeError, label, "iterable", "an iterable of futures", x);
  }
  if (isGenerator(x)) {
    const name = label.slice(0, label.indexOf("("));
    throw new TypeError(
      `${label}: iterable is a generator object, not an iterable of futures: if it is a coroutine that makes the futures, ` +
        `await it first (${name}(yield* makeJobs())); if it yields the futures, pass Array.from(gen)`,
    );
  }
}
