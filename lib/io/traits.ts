/**
 * `AsyncRead` and `AsyncWrite`: what a byte stream offers, as tokio's traits.
 *
 * They are interfaces rather than base classes so that a TCP stream, one of
 * its halves, an in-memory pipe or a user's own type can all be passed to
 * `copy`, `readExact`, `BufReader` and friends.
 */
import type { Future } from "../core/future";

/**
 * A source of bytes. `read(buf)` copies up to `buf.length` bytes into `buf`
 * and gives the count; 0 means end of stream (or an empty `buf`).
 *
 * The future must be a leaf: ready at once when bytes are there, and
 * cancelling it must lose no byte.
 *
 * @example
 * function* firstByte(r: AsyncRead) {
 *   const b = new Uint8Array(1);
 *   return (yield* r.read(b)) === 0 ? undefined : b[0];
 * }
 */
export interface AsyncRead {
  /** Copies up to `buf.length` bytes into `buf`: the count, 0 at end of stream. */
  read(buf: Uint8Array): Future<number>;
  /**
   * Optional: puts `bytes` back in front of the unread data. Readers that
   * have it make `readExact`, `readToEnd` and `readLine` cancel-safe: a
   * cancelled call gives back what it had taken.
   */
  unread?(bytes: Uint8Array): void;
}

/**
 * A sink of bytes. `write(data)` accepts some prefix of `data` (at least one
 * byte unless `data` is empty) and gives the count, waiting while the sink is
 * full; the caller may reuse `data` as soon as it returns. `flush()` waits
 * until accepted bytes have left; `shutdown()` flushes and closes the write
 * side (the peer reads end of stream).
 *
 * @example
 * function* hello(w: AsyncWrite) {
 *   yield* writeAll(w, new TextEncoder().encode("hello\n"));
 *   yield* w.flush();
 * }
 */
export interface AsyncWrite {
  /** Accepts a prefix of `data` (at least one byte unless empty): the count, waiting while full. */
  write(data: Uint8Array): Future<number>;
  /** Waits until accepted bytes have left. */
  flush(): Future<void>;
  /** Flushes, then closes the write side: the peer reads end of stream. */
  shutdown(): Future<void>;
}
