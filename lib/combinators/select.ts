/**
 * `select(a, b, ..)` and `race(a, b, ..)`: the first child to finish wins;
 * the others are cancelled, and their cleanup has finished before the winner
 * is handed back. That is the difference from `Promise.race`, whose losers
 * keep running (and keep their timers) after it settles.
 */
import { RuntimeError } from "../core/errors";
import { current, Future } from "../core/future";
import type { Output } from "../core/coroutine";
import { Pending, type Poll } from "../core/poll";
import type { Context } from "../core/waker";
import { reportCleanupErrors } from "./cleanup-error";
import { childFutures, Composite, Kind, NONE, Phase, throwCleanupErrors } from "./composite";
import type { Futures } from "./join";
import { Order, Slot } from "./wake-queue";

/**
 * What {@link select} gives: the winner's index and value, as a union that
 * narrows by `index`.
 *
 * @example
 * type S = Selected<[Future<void>, Future<number>]>; // { index: 0; value: void } | { index: 1; value: number }
 */
export type Selected<A extends readonly unknown[]> = {
  [K in keyof A]: K extends `${infer I extends number}` ? { index: I; value: Output<A[K]> } : never;
}[number];

/**
 * The union of the outputs of `A`: what {@link race} gives.
 *
 * @example
 * type R = Raced<[Future<string>, Future<number>]>; // string | number
 */
export type Raced<A extends readonly unknown[]> = Output<A[number]>;

/**
 * Future for {@link select}, {@link selectBiased}, {@link race} and
 * {@link raceBiased} of one or three and more futures (two take `SelectPair`).
 */
export class Select<T> extends Composite<T> {
  declare readonly kind: SelectKind;
  // Plain private fields, not #fields: a class with #fields runs a separate
  // initializer on every construction (~20 ns unoptimized), once per race.
  /** The winner's index; -1 while undecided, FAILED once a child threw. */
  private index = -1;
  /** The winner's value, or the first error. Two meanings, one field: a race allocates less. */
  private outcome: unknown = undefined;

  // Written out: see `YieldNow`'s constructor (a spread call per race otherwise).
  constructor(kind: SelectKind, futures: Future<unknown>[]) {
    super(kind, futures);
  }

  protected childReady(slot: Slot, value: unknown): boolean {
    this.index = slot.index;
    this.outcome = value;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected childFailed(_slot: Slot, error: unknown): boolean {
    // A child's error is an outcome too: the first one ends the select.
    this.index = FAILED;
    this.outcome = error;
    this.dropAll();
    this.phase = Phase.Settling;
    return true;
  }

  protected settle(): T {
    return settle(this.kind, this.index, this.outcome, this.cleanupErrors) as T;
  }
}

const FAILED = -2;

/**
 * A select's result once every loser is dropped: the winner (wrapped with
 * its index for `select`), or the first error. Cleanup errors are never
 * dropped: with a failure they are thrown with it; with a winner, the
 * winner's value is delivered and they are reported as a `CleanupError`
 * (throwing them would lose the value, a message `rx.recv()` took).
 */
function settle(kind: SelectKind, index: number, outcome: unknown, cleanupErrors: unknown[] | null): unknown {
  const cleanup = cleanupErrors ?? NONE;
  if (index === FAILED) {
    if (cleanup.length > 0) throw new AggregateError([outcome, ...cleanup], `${kind.label}: a child failed, and ${cleanup.length} other(s) failed while being cancelled`);
    throw outcome;
  }
  if (cleanup.length > 0) reportCleanupErrors(kind.label, cleanup);
  return kind.wrap ? { index, value: outcome } : outcome;
}

/**
 * `select`/`race` of exactly two futures, the common case (a value against a
 * deadline or a shutdown signal), without per-child wakers: both children
 * are polled with the caller's own context, and every poll polls both, as
 * tokio's `select!` does. With two children a spurious poll of the other
 * one costs less than two slot objects per race: this is W7's
 * 100,000-race loop, where it saves 144 of ~360 bytes per race. It is the
 * one combinator whose children do not each have a waker of their own (see
 * the invariants in combinators/index.ts).
 *
 * The semantics are `Select`'s: the loser is cancelled, and its cleanup
 * (asynchronous too) has finished before the winner is delivered; a cleanup
 * error is reported (see `settle`), never dropped.
 */
class SelectPair<T> extends Future<T> {
  // Plain private members, not #members: a class with # members runs an extra
  // initializer on every construction, once per race.
  phase = Phase.Polling;
  /** The winner's index; -1 while undecided, FAILED once a child threw. */
  private index = -1;
  /** The winner's value, or the first error. */
  private outcome: unknown = undefined;
  private cleanupErrors: unknown[] | null = null;

  constructor(
    readonly kind: SelectKind,
    /** The children; null once finished, failed or fully cancelled. */
    private a: Future<unknown> | null,
    private b: Future<unknown> | null,
  ) {
    super();
  }

  get label(): string {
    return this.kind.label;
  }

  poll(cx: Context): Poll<T> {
    const phase = this.phase;
    if (phase === Phase.Done) throw new RuntimeError(`${this.label} was polled after it completed`);
    if (phase === Phase.Cancelled) throw new RuntimeError(`${this.label} was polled after it was cancelled`);
    if (phase === Phase.Polling) {
      const bFirst = this.kind.order === Order.Random && current.random() < 0.5;
      const decided = bFirst ? this.pollChild(1, cx) || this.pollChild(0, cx) : this.pollChild(0, cx) || this.pollChild(1, cx);
      if (!decided) return Pending;
      this.phase = Phase.Settling;
    }
    if (!this.dropRest(cx)) return Pending;
    this.phase = Phase.Done;
    return settle(this.kind, this.index, this.outcome, this.cleanupErrors) as T;
  }

  override cancel(cx?: Context): void | Pending {
    if (this.phase === Phase.Done) return;
    this.phase = Phase.Cancelled;
    if (!this.dropRest(cx ?? current.cx ?? undefined)) return Pending;
    this.phase = Phase.Done;
    if (this.cleanupErrors !== null) throwCleanupErrors(this.label, this.cleanupErrors);
  }

  /** Polls child `i` if it is live; true once the select is decided (it finished or threw). */
  private pollChild(i: 0 | 1, cx: Context): boolean {
    const f = i === 0 ? this.a : this.b;
    if (f === null) return false;
    let v: unknown;
    try {
      v = f.poll(cx);
    } catch (e) {
      this.forget(i);
      this.index = FAILED;
      this.outcome = e;
      return true;
    }
    if (v === Pending) return false;
    this.forget(i);
    this.index = i;
    this.outcome = v;
    return true;
  }

  /**
   * Cancels every child still held; one whose cleanup is asynchronous stays
   * held and is called again on the next poll. True once none is left.
   */
  private dropRest(cx: Context | undefined): boolean {
    if (this.a !== null) this.cancelChild(0, this.a, cx);
    if (this.b !== null) this.cancelChild(1, this.b, cx);
    return this.a === null && this.b === null;
  }

  private cancelChild(i: 0 | 1, f: Future<unknown>, cx: Context | undefined): void {
    let r: void | Pending = undefined;
    try {
      r = f.cancel?.(cx);
    } catch (e) {
      (this.cleanupErrors ??= []).push(e);
    }
    if (r !== Pending) this.forget(i);
  }

  private forget(i: 0 | 1): void {
    if (i === 0) this.a = null;
    else this.b = null;
  }

  override describe(): string {
    const parts: string[] = [];
    if (this.a !== null) parts.push(this.a.describe());
    if (this.b !== null) parts.push(this.b.describe());
    return `${this.label.slice(0, -1)}${parts.join(", ")})`;
  }
}

/** A select's kind also says whether the value comes wrapped with its index. */
interface SelectKind extends Kind {
  /** `race` delivers the value alone; `select` wraps it as `{ index, value }`. */
  readonly wrap: boolean;
}

const SELECT: SelectKind = { label: "select()", order: Order.Random, wrap: true };
const SELECT_BIASED: SelectKind = { label: "selectBiased()", order: Order.Biased, wrap: true };
const RACE: SelectKind = { label: "race()", order: Order.Random, wrap: false };
const RACE_BIASED: SelectKind = { label: "raceBiased()", order: Order.Biased, wrap: false };

function make<T>(kind: SelectKind, futures: readonly unknown[]): Future<T> {
  if (futures.length === 0) throw new TypeError(`${kind.label} needs at least one future to select from`);
  const children = childFutures(kind.label, futures, true);
  if (children.length === 2) return new SelectPair<T>(kind, children[0], children[1]);
  return new Select<T>(kind, children);
}

/**
 * Waits for the first of the futures to finish and gives `{ index, value }`,
 * typed as a union that narrows on `index`. The others are cancelled, and
 * their `finally` blocks (even ones that `yield*`) have finished before
 * `select` returns. If the first child to finish throws, the others are
 * cancelled the same way and the error is rethrown. If a loser's cleanup
 * throws, the winner is still returned, and that error goes to the
 * runtime's `onUnhandledError` as a {@link CleanupError}.
 *
 * Fair by default: each poll starts at a random child, so a branch that is
 * always ready cannot shadow the others. See {@link selectBiased}.
 *
 * @example
 * const r = yield* select(rx.recv(), sleep(1000));
 * if (r.index === 0) console.log("got", r.value);
 * else console.log("timed out");
 */
export function select<A extends Futures>(...futures: A): Future<Selected<A>> {
  return make(SELECT, futures);
}

/**
 * {@link select}, but polling the futures in argument order: on a tie, the
 * earlier argument wins.
 *
 * @example
 * const r = yield* selectBiased(shutdown.notified(), work()); // shutdown wins ties
 */
export function selectBiased<A extends Futures>(...futures: A): Future<Selected<A>> {
  return make(SELECT_BIASED, futures);
}

/**
 * {@link select} without the index: the value of the first future to finish,
 * typed as the union of the outputs. Losers are cancelled before it returns.
 *
 * @example
 * const v = yield* race(fetchFast(), fetchSlow()); // the first answer; the other is cancelled
 */
export function race<A extends Futures>(...futures: A): Future<Raced<A>> {
  return make(RACE, futures);
}

/**
 * {@link race}, polling the futures in argument order.
 *
 * @example
 * const v = yield* raceBiased(ready("cached"), fetchFresh()); // "cached"
 */
export function raceBiased<A extends Futures>(...futures: A): Future<Raced<A>> {
  return make(RACE_BIASED, futures);
}
