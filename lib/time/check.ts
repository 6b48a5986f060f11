/**
 * Argument checks shared by the time functions: one wording for every
 * `RangeError`, naming the function and the value it got.
 */

/** A duration: a number of milliseconds >= 0 (Infinity allowed: "never"). */
export function checkDuration(what: string, ms: unknown): asserts ms is number {
  checkNumber(what, ms);
  if (Number.isNaN(ms) || ms < 0) {
    throw new RangeError(`${what} needs a duration in milliseconds >= 0, got ${show(ms)}`);
  }
}

/** A period: a finite number of milliseconds > 0. */
export function checkPeriod(what: string, ms: unknown): asserts ms is number {
  checkNumber(what, ms);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`${what} needs a period in milliseconds > 0 and finite, got ${show(ms)}`);
  }
}

/** A time on the runtime's clock: any number but NaN. */
export function checkTime(what: string, t: unknown): asserts t is number {
  checkNumber(what, t);
  if (Number.isNaN(t)) {
    throw new RangeError(`${what} needs a time in milliseconds on the runtime's clock, got ${show(t)}`);
  }
}

function checkNumber(what: string, x: unknown): asserts x is number {
  if (typeof x !== "number") throw new TypeError(`${what} needs a number of milliseconds, got ${show(x)}`);
}

function show(x: unknown): string {
  return typeof x === "string" ? JSON.stringify(x) : String(x);
}
