/**
 * `Poll<T>`: what `Future.poll` returns.
 *
 * Rust writes `Poll::Ready(v)` and `Poll::Pending`. Here a ready value is the
 * value itself and "not yet" is one unique symbol, so a poll allocates nothing:
 * no `{ ready: true, value }` wrapper per call. The price is that a future can
 * never complete *with* the symbol `Pending`, which no user value is.
 */

/**
 * "Not ready yet": the future has arranged for `cx.waker` to be woken.
 *
 * @example
 * poll(cx: Context): Poll<Buffer> {
 *   if (this.chunk === null) { this.waker = cx.waker; return Pending; }
 *   return this.chunk;
 * }
 */
export const Pending: unique symbol = Symbol("Pending");
/** The type of {@link Pending}. */
export type Pending = typeof Pending;

/**
 * The result of a poll: the value when ready, or {@link Pending}.
 *
 * @example
 * poll(cx: Context): Poll<number> {
 *   if (this.value === undefined) { this.waker = cx.waker; return Pending; }
 *   return this.value;
 * }
 */
export type Poll<T> = T | Pending;
