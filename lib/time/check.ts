/**
 * Argument checks shared by the time functions, in the wording of
 * `core/check`: `sleep(ms): ms must be a number of milliseconds >= 0, got -1`.
 * Each is one `typeof` and one comparison when the value is good, as `sleep`
 * and `timeout` are on the path of every await that uses them.
 */
import { badArgument } from "../core/check";

/** A duration: a number of milliseconds >= 0 (Infinity allowed: "never"). */
export function checkDuration(where: string, ms: unknown, name = "ms"): asserts ms is number {
  if (typeof ms !== "number" || !(ms >= 0)) fail(where, name, ms, "a number of milliseconds >= 0");
}

/** A period: a finite number of milliseconds > 0. */
export function checkPeriod(where: string, ms: unknown, name = "ms"): asserts ms is number {
  if (typeof ms !== "number" || !(ms > 0 && ms < Infinity)) fail(where, name, ms, "a finite number of milliseconds > 0");
}

/** A time on the runtime's clock: any number but NaN. */
export function checkTime(where: string, t: unknown, name = "t"): asserts t is number {
  if (typeof t !== "number" || Number.isNaN(t)) fail(where, name, t, "a time in milliseconds on the runtime's clock");
}

function fail(where: string, name: string, x: unknown, expected: string): never {
  return badArgument(typeof x === "number" ? RangeError : TypeError, where, name, expected, x);
}
