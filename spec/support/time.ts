/**
 * Helpers for the time specs.
 */

/**
 * Resolves after the timer driver has settled its Node timer: it re-arms in
 * a microtask after the executor's slice, so one host turn is enough.
 */
export function nodeTimersSettled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
