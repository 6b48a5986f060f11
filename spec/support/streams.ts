/**
 * Stream helpers for the stream and compat specs: a stream fed by hand that
 * records how it was polled, closed and cancelled.
 */
import { Context, End, Future, Pending, Poll, pollFn, Stream, Waker } from "../../lib";

/** A stream fed by hand: `push(v)`, `end()`, `fail(e)` wake whoever polled it last. */
export class ManualStream<T> extends Stream<T> {
  polls = 0;
  closed = 0;
  cancelledNexts = 0;
  waker: Waker | null = null;
  readonly items: T[] = [];
  #ended = false;
  #error: { e: unknown } | null = null;

  pollNext(cx: Context): Poll<T | End> {
    this.polls++;
    if (this.#error !== null) {
      const { e } = this.#error;
      this.#error = null;
      throw e;
    }
    if (this.items.length > 0) return this.items.shift()!;
    if (this.#ended) return End;
    this.waker = cx.waker;
    return Pending;
  }
  override cancelNext(): void {
    this.cancelledNexts++;
    this.waker = null;
  }
  override close(): void {
    this.closed++;
    this.waker = null;
  }
  push(...vs: T[]): void {
    this.items.push(...vs);
    this.#wake();
  }
  end(): void {
    this.#ended = true;
    this.#wake();
  }
  fail(e: unknown): void {
    this.#error = { e };
    this.#wake();
  }
  #wake(): void {
    const w = this.waker;
    this.waker = null;
    w?.wake();
  }
  override describe(): string {
    return "manual-stream";
  }
}

/**
 * Polls `f` once inside the current coroutine: its value, or "pending" (and
 * then `f` is left as it is, not cancelled, so the test can go on with it).
 */
export function pollOnce<T>(f: Future<T>): Future<T | "pending"> {
  return pollFn((cx) => {
    const v = f.poll(cx);
    return v === Pending ? "pending" : v;
  });
}
