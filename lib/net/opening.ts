/**
 * `Opening`: the future shape shared by `TcpStream.connect`,
 * `TcpListener.bind` and `UdpSocket.bind`.
 *
 * Each one starts its Node resource on the first poll (futures are lazy),
 * waits for it to be ready, closes it if opening fails or the future is
 * cancelled first, and otherwise hands it to the user-facing type.
 */
import { Future } from "../core/future";
import { Pending, type Poll } from "../core/poll";
import type { Context } from "../core/waker";

export abstract class Opening<S extends { close(): void }, R> extends Future<R> {
  #src: S | null = null;
  /** True once the source belongs to the result, or has been closed after an error. */
  #done = false;

  /** Starts the resource (first poll only). */
  protected abstract open(): S;
  /** Ready once the resource is usable; throws its error (ECONNREFUSED, EADDRINUSE). */
  protected abstract pollOpen(src: S, cx: Context): Poll<true>;
  /** The user-facing object around a ready source. */
  protected abstract wrap(src: S): R;

  poll(cx: Context): Poll<R> {
    const src = (this.#src ??= this.open());
    let v: true | Pending;
    try {
      v = this.pollOpen(src, cx);
    } catch (e) {
      this.#done = true;
      src.close();
      throw e;
    }
    if (v === Pending) return Pending;
    this.#done = true;
    return this.wrap(src);
  }

  override cancel(): void {
    if (!this.#done && this.#src !== null) this.#src.close();
  }
}
