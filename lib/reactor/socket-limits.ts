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
