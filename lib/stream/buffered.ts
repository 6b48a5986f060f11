/**
 * `buffered(n)` and `bufferUnordered(n)`: run up to `n` of a stream's futures at once.
 *
 * The upstream yields futures (or generator objects); these adapters keep up
 * to `n` of them running and yield their values: in upstream order
 * (`buffered`) or as they finish (`bufferUnordered`). A future that throws
 * makes `next()` throw that error at its turn; the stream then carries on.
 *
 * Each future has its own waker (see `woken.ts`), so a poll touches only the
 * futures that were woken, not all `n`.
 */
import { IntoFuture } from "../core/coroutine";
import type { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { Adapter } from "./adapter";
import { dropFuture } from "./drop";
import { stepFuture } from "./into";
import { Child, Woken } from "./woken";

const enum Outcome {
  Running,
  Ok,
  Err,
}

class Slot<T> extends Child<T> {
  outcome = Outcome.Running;
  value: T | undefined = undefined;
  error: unknown = undefined;

  // Written out: see `YieldNow`'s constructor.
  constructor(fut: Future<T>, woken: Woken<Child<T>>) {
    super(fut, woken);
  }
  /** Polls the future with its own context; true once it has an outcome. */
  drive(): boolean {
    try {
      const v = this.fut.poll(this.cx);
      if (v === Pending) return false;
      this.value = v;
      this.outcome = Outcome.Ok;
    } catch (e) {
      this.error = e;
      this.outcome = Outcome.Err;
    }
    this.done = true;
    return true;
  }
  take(): T {
    if (this.outcome === Outcome.Err) throw this.error;
    return this.value as T;
  }
}

/** Stream for the {@link Stream.buffered} and {@link Stream.bufferUnordered} methods. */
export class BufferedStream<T> extends Adapter<IntoFuture<T>, T> {
  /** Every slot not yet taken, in upstream order. */
  #slots: Slot<T>[] = [];
  /** Unordered mode: finished slots, in the order they finished. */
  #finished: Slot<T>[] = [];
  readonly #woken = new Woken<Slot<T>>();
  #upstreamDone = false;
  constructor(
    upstream: Stream<IntoFuture<T>>,
    private readonly limit: number,
    private readonly ordered: boolean,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<T | End> {
    const slots = this.#slots;
    this.#woken.parent = cx.waker;
    // Fill: start futures while there is room.
    while (!this.#upstreamDone && slots.length < this.limit) {
      const f = this.upstream.pollNext(cx);
      if (f === Pending) break;
      if (f === End) {
        this.#upstreamDone = true;
        break;
      }
      slots.push(new Slot(stepFuture(f, "", this.ordered ? "buffered()" : "bufferUnordered()"), this.#woken));
    }
    // Poll only the futures that were woken (new ones start woken).
    for (const s of this.#woken.take()) {
      if (!s.done && s.drive() && !this.ordered) this.#finished.push(s);
    }
    if (this.ordered) {
      if (slots.length > 0 && slots[0].done) return slots.shift()!.take();
    } else if (this.#finished.length > 0) {
      const s = this.#finished.shift()!;
      slots.splice(slots.indexOf(s), 1);
      return s.take();
    }
    return slots.length === 0 && this.#upstreamDone ? End : Pending;
  }
  override close(): void {
    const slots = this.#slots;
    this.#slots = [];
    this.#finished = [];
    this.#woken.clear();
    this.#woken.parent = null;
    this.#upstreamDone = true;
    try {
      for (const s of slots) {
        if (s.done) continue;
        s.done = true;
        dropFuture(s.fut);
      }
    } finally {
      this.upstream.close();
    }
  }
  override cancelNext(): void {
    this.#woken.parent = null;
    super.cancelNext();
  }
  override describe(): string {
    return `${this.upstream.describe()}.${this.ordered ? "buffered" : "bufferUnordered"}(${this.limit}, ${this.#slots.length} in flight)`;
  }
}
