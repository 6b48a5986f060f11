/**
 * `andThen`: map each item through an asynchronous function, one at a time.
 *
 * Rust calls this `then`. Here it cannot be: a method named `then` would
 * make every stream a thenable, so `await stream`, `Promise.resolve(stream)`
 * or an `async` function returning a stream would call it and hang forever.
 */
import { IntoFuture } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { Adapter } from "./adapter";
import { stepFuture } from "./into";
import { dropFuture } from "./drop";

/** Stream for the {@link Stream.andThen} method. */
export class AndThenStream<T, U> extends Adapter<T, U> {
  /** The future of the current item; it survives a cancelled `next()`, so no item is lost. */
  #inFlight: Future<U> | null = null;
  constructor(
    upstream: Stream<T>,
    private readonly f: (value: T) => IntoFuture<U>,
  ) {
    super(upstream);
  }
  pollNext(cx: Context): Poll<U | End> {
    let fut = this.#inFlight;
    if (fut === null) {
      const v = this.upstream.pollNext(cx);
      if (v === Pending || v === End) return v as Pending | End;
      fut = this.#inFlight = stepFuture(this.f(v), this.f.name, "andThen()");
    }
    let out: Poll<U>;
    try {
      out = fut.poll(cx);
    } catch (e) {
      this.#inFlight = null;
      throw e;
    }
    if (out === Pending) return Pending;
    this.#inFlight = null;
    return out;
  }
  override close(): void {
    const fut = this.#inFlight;
    this.#inFlight = null;
    try {
      if (fut !== null) dropFuture(fut);
    } finally {
      this.upstream.close();
    }
  }
  override describe(): string {
    const f = this.#inFlight;
    return `${this.upstream.describe()}.andThen(${f === null ? this.f.name : f.describe()})`;
  }
}
