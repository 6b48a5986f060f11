/**
 * # io: byte streams, generically
 *
 * What every byte stream (a TCP stream or one of its halves, an in-memory
 * pipe, your own type) offers, and the helpers built on that alone.
 *
 * - {@link AsyncRead} / {@link AsyncWrite}: `read(buf)` gives a byte count (0
 *   at end of stream); `write(data)` gives how many bytes were accepted,
 *   waiting while the sink is full; `flush()`; `shutdown()` (half close).
 * - {@link readExact}, {@link readToEnd}, {@link readToString}, {@link writeAll}.
 * - {@link copy} (one way) and {@link copyBidirectional} (a proxy's pump).
 * - {@link BufReader} with `readLine()` and `lines()`; the free {@link lines}.
 * - {@link duplex}: two connected in-memory streams with a bounded buffer.
 * - Errors: {@link UnexpectedEofError}, {@link LineTooLongError},
 *   {@link ClosedResourceError}, {@link BrokenPipeError}, {@link BusyError}.
 *
 * ## Invariants
 * - Memory is bounded: each helper holds one buffer of fixed size (lines
 *   grow only up to `maxLineLength`).
 * - Cancelling a `read` loses no byte. Cancelling `readExact`, `readToEnd`,
 *   `readLine` or `copy` gives what it had taken back to readers with
 *   `unread` (every reader in genfut has it).
 *
 * ## Non-guarantees
 * - A cancelled `writeAll` may have written a prefix of its data (`written`
 *   says how much), as in tokio.
 * - `read` may give fewer bytes than asked for even when more are coming.
 */
export type { AsyncRead, AsyncWrite } from "./traits";
export { UnexpectedEofError, LineTooLongError, ClosedResourceError, BrokenPipeError, BusyError } from "./errors";
export { readExact } from "./read-exact";
export { readToEnd, readToString } from "./read-to-end";
export { writeAll } from "./write-all";
export { copy } from "./copy";
export { copyBidirectional } from "./copy-bidirectional";
export { BufReader, lines, type BufReaderOptions } from "./buf-reader";
export { duplex, DuplexStream } from "./duplex";
