/**
 * The time module's error: what `timeout` throws when the deadline wins.
 */

/**
 * Thrown by {@link timeout} when the deadline passed before the inner future
 * completed. By then the inner future has been cancelled and its cleanup
 * (its `finally` blocks) has finished. tokio's `Elapsed`.
 *
 * @example
 * try {
 *   yield* timeout(100, fetchSlowly());
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log(`gave up after ${e.ms}ms`);
 *   else throw e;
 * }
 */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  /** The time limit that passed, in milliseconds. */
  readonly ms: number;
  constructor(ms: number, what?: string) {
    super(`timed out after ${ms}ms${what === undefined ? "" : ` waiting on ${what}`}`);
    this.ms = ms;
  }
}
