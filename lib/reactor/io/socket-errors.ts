/**
 * Errors of the socket readiness bridge, shared by `net/` and `io/`.
 *
 * Errors that come from the operating system (refused, reset, address in use)
 * are Node's own errors, thrown into the coroutine unchanged so that `.code`
 * (`ECONNREFUSED`, `ECONNRESET`, `EADDRINUSE`) and `.syscall` survive. The
 * classes here are for what *our* side did wrong.
 */

/**
 * The resource was closed by your own code (`close()`), and then used again,
 * or closed while another task was waiting on it (trio's `ClosedResourceError`).
 *
 * @example
 * stream.close();
 * try { yield* stream.read(buf); } catch (e) { e instanceof ClosedResourceError; } // true
 */
export class ClosedResourceError extends Error {
  override name = "ClosedResourceError";
  /** Node-style code, so code that switches on `.code` sees it too. */
  readonly code = "ERR_CLOSED_RESOURCE";
}

/**
 * Two tasks used the same direction of one socket at once (two concurrent
 * reads, or two concurrent writes). Rust's borrow checker forbids this; here
 * it fails loudly instead of leaving one task waiting forever. Use `split()`
 * to give a reader and a writer a half each.
 *
 * @example
 * // task A: yield* stream.read(a)   task B: yield* stream.read(b)  -> BusyError in B
 */
export class BusyError extends Error {
  override name = "BusyError";
}

/**
 * A write after `shutdown()`, or after the connection closed: the write side
 * is gone (Rust's `ErrorKind::BrokenPipe`).
 *
 * @example
 * yield* stream.shutdown();
 * yield* stream.write(bytes); // throws BrokenPipeError (code "EPIPE")
 */
export class BrokenPipeError extends Error {
  override name = "BrokenPipeError";
  readonly code = "EPIPE";
}
