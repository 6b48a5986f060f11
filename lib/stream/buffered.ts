/**
 * `buffered(n)` and `bufferUnordered(n)`: run up to `n` of a stream's futures at once.
 *
 * The upstream yields futures (or generator objects); these adapters keep up
 * to `n` of them running and yield their values: in upstream order
 * (`buffered`) or as they finish (`bufferUnordered`). A future that throws
 * makes `next()` throw that error at its turn; the stream then carries on.
 *
 * Each in-flight future is polled with the caller's context. Rejected:
 * per-slot wakers, which would let a poll skip futures that were not woken;
 * `n` is small in practice and the bookkeeping costs more than the polls.
 */
import { Context, End, Future, intoFuture, IntoFuture, Pending, Poll, Stream } from "../core";
import { dropFuture } from "./drop";

const enum SlotState {
  Running,
  Ok,
  Err,
}

class Slot<T> {
  state = SlotState.Running;
  value: T | undefined = undefined;
  error: unknown = undefined;
  constructor(readonly fut: Future<T>) {}
  /** Polls a running slot; true once it has an outcome. */
  drive(cx: Context): boolean {
    if (this.state !== SlotState.Running) return true;
    try {
      const v = this.fut.poll(cx);
      if (v === Pending) return false;
      this.value = v;
      this.state = SlotState.Ok;
    } catch (e) {
      this.error = e;
      this.state = SlotState.Err;
    }
    return true;
  }
  take(): T {
    if (this.state === SlotState.Err) throw this.error;
    return this.value as T;
  }
}

/** Stream for the {@link Stream.buffered} and {@link Stream.bufferUnordered} methods. */
export class BufferedStream<T> extends Stream<T> {
  /** In upstream order. Finished slots wait here for their turn (ordered mode). */
  #slots: Slot<T>[] = [];
  #upstreamDone = false;
  constructor(
    private readonly upstream: Stream<IntoFuture<T>>,
    private readonly limit: number,
    private readonly ordered: boolean,
  ) {
    super();
  }
  pollNext(cx: Context): Poll<T | End> {
    const slots = this.#slots;
    // Fill: start futures while there is room.
    while (!this.#upstreamDone && slots.length < this.limit) {
      const f = this.upstream.pollNext(cx);
      if (f === Pending) break;
      if (f === End) {
        this.#upstreamDone = true;
        break;
      }
      slots.push(new Slot(intoFuture(f, this.ordered ? "buffered()" : "bufferUnordered()")));
    }
    if (this.ordered) {
      for (let i = 0; i < slots.length; i++) slots[i].drive(cx);
      if (slots.length > 0 && slots[0].state !== SlotState.Running) {
        const s = slots.shift()!;
        return s.take();
      }
    } else {
      for (let i = 0; i < slots.length; i++) {
        if (slots[i].drive(cx)) {
          const s = slots.splice(i, 1)[0];
          return s.take();
        }
      }
    }
    return slots.length === 0 && this.#upstreamDone ? End : Pending;
  }
  override close(): void {
    const slots = this.#slots;
    this.#slots = [];
    this.#upstreamDone = true;
    try {
      for (const s of slots) if (s.state === SlotState.Running) dropFuture(s.fut);
    } finally {
      this.upstream.close();
    }
  }
  override cancelNext(): void {
    this.upstream.cancelNext?.();
  }
  override describe(): string {
    return `${this.upstream.describe()}.${this.ordered ? "buffered" : "bufferUnordered"}(${this.limit}, ${this.#slots.length} in flight)`;
  }
}
