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
import { Context, current, Future, Pending, Poll, toFuture, describeValue } from "../core";
import { Order, Slot, SlotState, WakeQueue } from "./wake-queue";

/** Where the combinator is in its life. */
export const enum Phase {
  /** Polling children for their values. */
  Polling,
  /** Outcome known (a winner, a failure); dropping the other children first. */
  Settling,
  /** Its owner cancelled it; dropping every child. */
  Cancelled,
  /** Result delivered, or cancellation finished. */
  Done,
}

/** Options of the iterable combinators. */
export interface CombinatorOptions {
  /**
   * Poll children in the order they were given, instead of fairly. Useful
   * when one branch (a shutdown signal) must win ties.
   * @default false
   */
  biased?: boolean;
}

/** @internal */
export abstract class Composite<T> extends Future<T> {
  readonly queue = new WakeQueue();
  readonly slots: Slot[];
  /** Children not yet Done (live or still cancelling). */
  live: number;
  phase = Phase.Polling;
  /** Errors thrown by children's cleanup; delivered, never dropped. */
  readonly cleanupErrors: unknown[] = [];

  constructor(
    /** The name used in messages and dumps, e.g. `select()`. */
    readonly label: string,
    futures: Future<unknown>[],
    readonly order: Order,
  ) {
    super();
    const q = this.queue;
    const slots = new Array<Slot>(futures.length);
    for (let i = 0; i < futures.length; i++) {
      const s = new Slot(q, i, futures[i]);
      slots[i] = s;
      q.enqueue(s); // every child gets a first poll
    }
    this.slots = slots;
    this.live = futures.length;
  }

  /** A child is ready with `value`. Return true to stop polling the others in this batch. */
  protected abstract childReady(slot: Slot, value: unknown): boolean;
  /** A child threw `error`. Return true to stop polling the others in this batch. */
  protected abstract childFailed(slot: Slot, error: unknown): boolean;
  /** Called once settling has dropped every other child: deliver the result or throw. */
  protected abstract settle(): T;

  poll(cx: Context): Poll<T> {
    const phase = this.phase;
    if (phase === Phase.Done) throw new Error(`${this.label} was polled after it completed`);
    if (phase === Phase.Cancelled) throw new Error(`${this.label} was polled after it was cancelled`);
    this.queue.parent = cx.waker;
    if (phase === Phase.Polling) {
      this.#pollWoken();
      if ((this.phase as Phase) === Phase.Polling) return Pending;
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
    if (c !== null) this.queue.parent = c.waker;
    if (this.phase !== Phase.Cancelled) {
      this.phase = Phase.Cancelled;
      this.dropAll();
    }
    if (!this.#driveCancel()) return Pending;
    this.phase = Phase.Done;
    throwCleanupErrors(this.label, this.cleanupErrors);
  }

  /**
   * Marks every live child for dropping and queues it, so that the next
   * drive calls its `cancel`. Subclasses call this from their hooks, then
   * set `phase = Phase.Settling`.
   */
  protected dropAll(): void {
    const q = this.queue;
    for (const s of this.slots) {
      if (s.state === SlotState.Live) {
        s.state = SlotState.Cancelling;
        q.enqueue(s);
      }
    }
  }

  /** Polls the children woken since the last poll (only those). */
  #pollWoken(): void {
    const q = this.queue;
    for (let n = q.batch(this.order); n > 0; n--) {
      const s = q.shift();
      if (s.state !== SlotState.Live) continue;
      let v: unknown;
      try {
        v = s.future!.poll(s);
      } catch (e) {
        s.finish();
        this.live--;
        if (this.childFailed(s, e)) return;
        continue;
      }
      if (v === Pending) continue;
      s.finish();
      this.live--;
      if (this.childReady(s, v)) return;
    }
  }

  /** Calls `cancel` on each woken child being dropped. True once none is left. */
  #driveCancel(): boolean {
    if (this.live === 0) return true;
    const q = this.queue;
    for (let n = q.batch(Order.Fifo); n > 0; n--) {
      const s = q.shift();
      if (s.state !== SlotState.Cancelling) continue;
      let r: void | Pending;
      try {
        r = s.future!.cancel?.(s);
      } catch (e) {
        this.cleanupErrors.push(e);
        r = undefined;
      }
      if (r === Pending) continue;
      s.finish();
      this.live--;
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

/** Throws nothing, the one error, or an `AggregateError` of several. @internal */
export function throwCleanupErrors(label: string, errors: unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${label}: ${errors.length} children failed while being cancelled`);
}

/**
 * Turns each argument into a future, with a `TypeError` naming the bad one.
 * Functions are refused on purpose: `join(fetchA, fetchB)` almost always
 * means `join(fetchA(), fetchB())`.
 * @internal
 */
export function childFutures(label: string, args: ArrayLike<unknown> | Iterable<unknown>): Future<unknown>[] {
  const out: Future<unknown>[] = [];
  let i = 0;
  for (const a of Array.isArray(args) ? args : Array.from(args as Iterable<unknown>)) {
    const f = toFuture(a);
    if (f === null) {
      const hint = typeof a === "function" ? ` (did you mean to call it: ${a.name || "f"}()?)` : "";
      throw new TypeError(`${label}: argument ${i} is ${describeValue(a)}, not a future or a generator object${hint}`);
    }
    out.push(f);
    i++;
  }
  return out;
}

/** Throws a `TypeError` if `args` is not iterable. @internal */
export function checkIterable(label: string, x: unknown): asserts x is Iterable<unknown> {
  if (x === null || x === undefined || typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new TypeError(`${label} needs an iterable of futures, got ${describeValue(x)}`);
  }
}
