/**
 * The core layer's error: misuse of the runtime's machinery. It lives here,
 * in the lowest layer, so that every layer can throw it; `task/` re-exports
 * it beside its own errors.
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
