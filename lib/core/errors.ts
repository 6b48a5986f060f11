/**
 * The errors every layer throws, kept in the lowest one so that each can:
 * `RuntimeError`, misuse of the runtime's machinery (`task/` re-exports it
 * beside its own errors); and the resource errors of every stream and socket,
 * `ClosedResourceError`, `BusyError` and `BrokenPipeError`, thrown by the
 * socket reactor (`reactor/io/`), the simulated network and `io/` alike
 * (`io/` re-exports them, and the public barrel takes them from there; the
 * API reference files them under Net and IO, beside the streams that throw them).
 *
 * Errors that come from the operating system (refused, reset, address in use)
 * are Node's own errors, thrown into the coroutine unchanged so that `.code`
 * (`ECONNREFUSED`, `ECONNRESET`, `EADDRINUSE`) and `.syscall` survive. The
 * resource errors here are for what *our* side did wrong.
 */

/**
 * A runtime function was used where it cannot work: outside a runtime, nested
 * misuse, or a future polled again after it completed.
 *
 * @example
 * try {
 *   spawn(sleep(10)); // outside any runtime
 * } catch (e) {
 *   if (e instanceof RuntimeError) console.error(e.message);
 * }
 */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/**
 * The resource was closed by your own code (`close()`), and then used again,
 * or closed while another task was waiting on it (trio's `ClosedResourceError`).
 *
 * @example
 * stream.close();
 * try { yield* stream.read(buf); } catch (e) { e instanceof ClosedResourceError; } // true
 *
 * @category Net and IO
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
 *
 * @category Net and IO
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
 *
 * @category Net and IO
 */
export class BrokenPipeError extends Error {
  override name = "BrokenPipeError";
  readonly code = "EPIPE";
}
