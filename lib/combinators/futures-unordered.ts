/**
 * `FuturesUnordered<T>`: a growable set of futures whose results come out
 * as a stream, in completion order.
 */
import { Coroutine, describeValue, IntoFuture, toFuture } from "../core/coroutine";
import { badArgument } from "../core/check";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Shield } from "../core/shield";
import { End, Stream } from "../core/stream";
import { Context, Waker } from "../core/waker";
import { throwCleanupErrors } from "./composite";
import { Order, Slot, SlotOwner, SlotState, WakeQueue } from "./wake-queue";

/**
 * A set of futures polled concurrently by whoever takes from it; results
 * come out in the order the futures finish. Each member has its own waker,
 * so a wake polls only that member: n members finishing one at a time cost
 * O(n) member polls, however many members there are.
 *
 * A member that throws makes `next()` throw that error (the member is gone;
 * the set keeps going). `next()` gives `undefined` when the set is empty; a
 * later `push` makes it productive again.
 *
 * @example
 * const set = new FuturesUnordered<string>();
 * set.push(fetch("a"));
 * set.push(fetch("b"));
 * for (let page; (page = yield* set.next()) !== undefined; ) console.log(page); // fastest first
 */
export class FuturesUnordered<T> extends Stream<T> implements SlotOwner {
  readonly #queue = new WakeQueue();
  /** The waker of the latest `pollNext`; null while nobody waits. */
  #parent: Waker | null = null;
  /** Live members, for `close` and `len`: a member leaves when it finishes. */
  readonly #members = new Set<Slot<T>>();
  #pushed = 0;
  #closed = false;

  /**
   * Adds a future (or generator object) to the set. It is first polled by
   * the next `next()`; a task already waiting in `next()` is woken.
   */
  push(future: IntoFuture<T>): void {
    if (this.#closed) throw new RuntimeError("FuturesUnordered.push(): the set was closed");
    const f = toFuture(future);
    if (f === null) badArgument(TypeError, "FuturesUnordered.push(future)", "future", "a future or a generator object", future);
    const s = new Slot<T>(this, this.#pushed++, f as Future<T>);
    this.#members.add(s);
    this.#queue.enqueue(s);
    this.#parent?.wake();
  }

  /** @internal A member was woken: queue it for the next `pollNext`. */
  onWake(slot: Slot): void {
    this.#queue.push(slot);
    this.#parent?.wake();
  }

  /** How many futures are in the set (pushed, not yet finished). */
  len(): number {
    return this.#members.size;
  }

  /** True when no future is in the set. */
  isEmpty(): boolean {
    return this.#members.size === 0;
  }

  pollNext(cx: Context): Poll<T | End> {
    if (this.#closed) throw new RuntimeError("FuturesUnordered was polled after it was closed");
    const q = this.#queue;
    this.#parent = cx.waker;
    for (let n = q.batch(Order.Fifo); n > 0; n--) {
      const s = q.shift() as Slot<T>;
      if (s.state !== SlotState.Live) continue;
      let v: Poll<T>;
      try {
        v = s.future!.poll(s);
      } catch (e) {
        this.#remove(s);
        throw e;
      }
      if (v !== Pending) {
        this.#remove(s);
        return v;
      }
    }
    return this.#members.size === 0 ? End : Pending;
  }

  override cancelNext(): void {
    // Nobody is waiting any more: members' wakes only queue them.
    this.#parent = null;
  }

  /**
   * Cancels every member at once, synchronously. A member whose cleanup is
   * asynchronous gets only its first step; use {@link FuturesUnordered.cancelAll}
   * to wait for the rest. Errors thrown by that cleanup are rethrown.
   */
  override close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const errors: unknown[] = [];
    for (const s of this.#members) {
      try {
        s.future!.cancel?.(s);
      } catch (e) {
        errors.push(e);
      }
      s.finish();
    }
    this.#members.clear();
    throwCleanupErrors("FuturesUnordered.close()", errors);
  }

  /**
   * Cancels every member and waits until their cleanup (even asynchronous)
   * has finished. The set stays usable afterwards (empty). Shielded (see
   * {@link shield}): once awaited, it finishes even if the awaiting task is
   * cancelled, so a `finally` never leaves members half-cleaned.
   *
   * @example
   * yield* set.cancelAll(); // every member's finally has run
   */
  cancelAll(): Future<void> {
    return new Shield(new Coroutine(this.#cancelAll(), "FuturesUnordered.cancelAll"));
  }

  *#cancelAll(): Generator<unknown, void, unknown> {
    const members = [...this.#members];
    this.#members.clear();
    const errors: unknown[] = [];
    // Every member gets its cancel call first, so their cleanups run concurrently.
    for (const s of members) s.state = SlotState.Cancelling;
    let left = members.length;
    while (left > 0) {
      left = 0;
      for (const s of members) {
        if (s.state !== SlotState.Cancelling) continue;
        let r: void | Pending = undefined;
        try {
          r = s.future!.cancel?.(s);
        } catch (e) {
          errors.push(e);
        }
        if (r === Pending) left++;
        else s.finish();
      }
      if (left > 0) yield* new WaitForWake(this.#queue, (w) => (this.#parent = w));
    }
    throwCleanupErrors("FuturesUnordered.cancelAll()", errors);
  }

  override describe(): string {
    return `FuturesUnordered(${this.#members.size} futures)`;
  }

  #remove(s: Slot<T>): void {
    s.finish();
    this.#members.delete(s);
  }
}

/** Pending once, registering as the queue's parent, so any member's wake resumes the caller. */
class WaitForWake extends Future<void> {
  #waited = false;
  constructor(
    private readonly queue: WakeQueue,
    private readonly setParent: (w: Waker | null) => void,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    const q = this.queue;
    // A member woke (maybe before we got here): the caller re-calls cancel on
    // every member anyway, so the queued entries themselves are not needed.
    if (this.#waited || q.size > 0) {
      q.clear();
      return;
    }
    this.#waited = true;
    this.setParent(cx.waker);
    return Pending;
  }
  override cancel(): void {
    this.setParent(null);
  }
  override describe(): string {
    return "FuturesUnordered.cancelAll()";
  }
}
