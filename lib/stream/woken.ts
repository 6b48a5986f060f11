/**
 * Per-child wakers for the streams and consumers that run many futures at
 * once (`buffered`, `bufferUnordered`, `forEachConcurrent`): a wake says
 * *which* child is ready, so a poll touches only the children that asked.
 *
 * Each child is its own waker, with a `Context` made once per child, never
 * per poll. A wake queues the child and wakes the parent's latest
 * waker. Completing n children one at a time then costs O(n) child polls,
 * where "poll every child on every wake" costs O(n²): with
 * `forEachConcurrent(100, handle)` on a server, one readable socket would
 * otherwise resume a hundred handlers.
 *
 * (The same idea as `combinators/wake-queue.ts`, which this layer may not
 * import; this one is smaller because these children have no order rules.)
 */
import { Future } from "../core/future";
import { Context, Waker } from "../core/waker";

/** The queue of woken children of one parent. */
export class Woken<C extends Child<any>> {
  /** The parent's latest waker; null while nobody waits (a cancelled `next()`). */
  parent: Waker | null = null;
  #queue: C[] = [];

  /** Takes the children woken so far (new wakes go to a fresh queue). */
  take(): C[] {
    const q = this.#queue;
    if (q.length === 0) return q;
    this.#queue = [];
    for (const c of q) c.queued = false;
    return q;
  }

  /** @internal */
  push(c: C): void {
    this.#queue.push(c);
  }

  /** Forgets every queued child (the parent is being torn down). */
  clear(): void {
    for (const c of this.#queue) c.queued = false;
    this.#queue = [];
  }
}

/** One child future with its own waker and context (both made once). */
export class Child<T> implements Waker {
  queued = false;
  /** Finished (or dropped): later wakes are ignored. */
  done = false;
  /** The context the child is always polled and cancelled with. */
  readonly cx: Context = new Context(this);

  constructor(
    readonly fut: Future<T>,
    private readonly woken: Woken<Child<T>>,
  ) {
    // A new child has never been polled: it starts in the queue (without
    // waking the parent, which is the one polling right now).
    this.queued = true;
    woken.push(this);
  }

  wake(): void {
    if (this.done) return;
    if (!this.queued) {
      this.queued = true;
      this.woken.push(this);
    }
    this.woken.parent?.wake();
  }
}
