/**
 * `Adapter`: the base of the streams made from one upstream stream.
 */
import { Stream } from "../core/stream";

/**
 * A stream over one `upstream`. Closing it closes the upstream, and a
 * dropped `next()` is passed down to it, so the upstream can deregister
 * whatever its pending item had registered. Subclasses that keep state of
 * their own (a timer, a pending future) extend `close` and `cancelNext`.
 */
export abstract class Adapter<T, U> extends Stream<U> {
  constructor(protected readonly upstream: Stream<T>) {
    super();
  }
  override close(): void {
    this.upstream.close();
  }
  override cancelNext(): void {
    this.upstream.cancelNext?.();
  }
}
