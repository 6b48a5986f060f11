/**
 * `merge`: the items of several streams, as each becomes ready.
 */
import { badArgument } from "../core/check";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";

/**
 * Stream for the {@link merge} function and the {@link Stream.merge} method.
 *
 * Fairness: each poll starts at the stream after the one that gave the last
 * item, so a stream that is always ready cannot starve the others.
 * Rejected: per-stream wakers that record which stream woke (as `joinAll`
 * does). Merges are small in practice; polling the live streams on each
 * wake costs less than the bookkeeping, and every pending stream has
 * registered the latest waker, so no wake is missed.
 */
export class MergeStream<T> extends Stream<T> {
  #live: Stream<T>[];
  #start = 0;
  constructor(streams: Stream<T>[]) {
    super();
    this.#live = streams.slice();
  }
  pollNext(cx: Context): Poll<T | End> {
    const live = this.#live;
    let i = this.#start;
    for (let seen = 0; seen < live.length; ) {
      if (i >= live.length) i = 0;
      const v = live[i].pollNext(cx);
      if (v === End) {
        live[i].close();
        live.splice(i, 1);
        continue;
      }
      if (v !== Pending) {
        this.#start = i + 1;
        return v;
      }
      i++;
      seen++;
    }
    return live.length === 0 ? End : Pending;
  }
  override close(): void {
    const live = this.#live;
    this.#live = [];
    let error: unknown;
    let failed = false;
    for (const s of live) {
      try {
        s.close();
      } catch (e) {
        if (!failed) (failed = true), (error = e);
      }
    }
    if (failed) throw error;
  }
  override cancelNext(): void {
    for (const s of this.#live) s.cancelNext?.();
  }
  override describe(): string {
    return `merge(${this.#live.map((s) => s.describe()).join(", ")})`;
  }
}

/**
 * One stream of the items of all `streams`, as each becomes ready; it ends
 * when every one of them has ended. Closing it closes them all.
 *
 * @example
 * const [tx1, rx1] = mpsc.unbounded<string>();
 * const [tx2, rx2] = mpsc.unbounded<string>();
 * for (let m; (m = yield* merge(rx1, rx2).next()) !== undefined; ) console.log(m);
 */
export function merge<T>(...streams: Stream<T>[]): Stream<T> {
  for (let i = 0; i < streams.length; i++) {
    if (!(streams[i] instanceof Stream)) badArgument(TypeError, "merge(...streams)", `argument ${i}`, "a Stream", streams[i]);
  }
  return new MergeStream(streams);
}
