/**
 * The bounds of the socket reactor: how much one socket may hold in memory.
 */

/**
 * Most bytes one `write` accepts, so one huge write cannot defeat
 * backpressure (Node then holds at most its high-water mark plus this).
 *
 * @example
 * const n = yield* stream.write(tenMegabytes); // n <= MAX_WRITE
 */
export const MAX_WRITE = 64 * 1024;

/**
 * Bytes received and not yet read at which a socket is paused, so TCP holds
 * the peer back instead of our memory growing.
 *
 * @example
 * // a peer sending 1 GB to a task that never reads costs us ~READ_AHEAD, not 1 GB
 */
export const READ_AHEAD = 64 * 1024;

/**
 * Milliseconds `close()` gives Node to hand the bytes it still holds for a
 * socket to the kernel (a peer that does not read holds them back) before
 * it resets the connection: the default of `TcpStream.setLinger`, as
 * `SO_LINGER` bounds a blocking close. Long enough for a peer that is merely
 * slow; short enough that a peer that never reads cannot keep a server's
 * sockets (or a finished program) alive.
 *
 * @example
 * stream.close(); // delivers what Node holds within 5 s, else resets
 */
export const DEFAULT_LINGER = 5000;
