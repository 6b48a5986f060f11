/**
 * `chunks(n)`: items in arrays of `n` (the last one may be shorter).
 */
import { current } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Adapter } from "./adapter";
import { Context } from "../core/waker";

/** Stream for the {@link Stream.chunks} method. */
export class ChunksStream<T> extends Adapter<T, T[]> {
  /** Items gathered so far; kept across a cancelled `next()`, never lost. */
  #buf: T[] = [];
  #done = false;
  constructor(
    upstream: Stream<T>,
    private readonly size: number,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<T[] | End> {
    if (this.#done) return End;
    for (;;) {
      const v = this.upstream.pollNext(cx);
      if (v === Pending) return Pending;
      if (v === End) {
        this.#done = true;
        if (this.#buf.length === 0) return End;
        return this.#take();
      }
      this.#buf.push(v);
      if (this.#buf.length >= this.size) return this.#take();
      // Gathering a big chunk from an always-ready upstream must not starve other tasks.
      if (--current.budget < 0) {
        cx.waker.wake();
        return Pending;
      }
    }
  }
  #take(): T[] {
    const out = this.#buf;
    this.#buf = [];
    return out;
  }
  override close(): void {
    this.#done = true;
    this.upstream.close();
  }
  override describe(): string {
    return `${this.upstream.describe()}.chunks(${this.size}, ${this.#buf.length} gathered)`;
  }
}
