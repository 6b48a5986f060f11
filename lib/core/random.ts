/**
 * `random()`: the running runtime's random numbers.
 */
import { current } from "./future";

/**
 * A number in [0, 1). Inside a seeded runtime (`new Runtime({ seed })`) it
 * comes from the runtime's generator, so a program that uses it instead of
 * `Math.random()` replays identically for the same seed; on an unseeded
 * runtime, or outside any runtime, it is `Math.random()`.
 *
 * @example
 * const rt = new Runtime({ seed: 7 });
 * const a = rt.blockOn(function* () { return random(); });
 * const b = new Runtime({ seed: 7 }).blockOn(function* () { return random(); });
 * a === b; // true
 */
export function random(): number {
  return current.random();
}
