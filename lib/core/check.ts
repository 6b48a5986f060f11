/**
 * Argument checks for the public boundary: one wording for every bad input,
 * so a user reads the call, the argument and the value they passed:
 *
 *   pollFn(f): f must be a function, got null
 *   new Runtime(options): options.hostSliceMs must be a finite number >= 0, got the string "2"
 *
 * A wrong type is a `TypeError`, a right type out of range a `RangeError`.
 * These run where a value enters genfut (constructors, option objects, the
 * free functions that build a future), never on a per-poll path: a check on
 * `ready(v)` or `sleep(ms)` costs every await, so those keep at most one
 * cheap test of their own.
 *
 * Each helper narrows its argument and takes string literals, so a passing
 * check allocates nothing; the message is built only when it throws.
 */

/** A short, safe description of any value, for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x)}`;
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return `the ${typeof x} ${String(x)}`;
  if (typeof x === "symbol") return `the symbol ${x.description ?? ""}`;
  if (typeof x === "function") return `the function ${x.name || "(anonymous)"}`;
  if (typeof (x as { then?: unknown }).then === "function") return "a Promise";
  const ctor = (x as object).constructor;
  return ctor && ctor.name ? `an instance of ${ctor.name}` : "an object";
}

/** Throws `new E("<where>: <name> must be <expected>, got <value>")`. */
export function badArgument(
  E: new (message: string) => Error,
  where: string,
  name: string,
  expected: string,
  got: unknown,
): never {
  throw new E(`${where}: ${name} must be ${expected}, got ${describeValue(got)}`);
}

/** `x` is a function. */
export function checkFunction(where: string, name: string, x: unknown): asserts x is (...args: never[]) => unknown {
  if (typeof x !== "function") badArgument(TypeError, where, name, "a function", x);
}

/** `x` is an options object or undefined. */
export function checkOptions(where: string, name: string, x: unknown): asserts x is object | undefined {
  if (x !== undefined && (x === null || typeof x !== "object")) badArgument(TypeError, where, name, "an options object or undefined", x);
}

/** `x` is a string. */
export function checkString(where: string, name: string, x: unknown): asserts x is string {
  if (typeof x !== "string") badArgument(TypeError, where, name, "a string", x);
}

/** `x` is a boolean. */
export function checkBoolean(where: string, name: string, x: unknown): asserts x is boolean {
  if (typeof x !== "boolean") badArgument(TypeError, where, name, "true or false", x);
}

/**
 * `x` is a number, not NaN, >= `min`; finite unless `infinite` is allowed.
 * The message says what is allowed, so `Infinity` where it is refused reads
 * "a finite number >= 0".
 */
export function checkNumber(where: string, name: string, x: unknown, min: number, infinite = false): asserts x is number {
  if (typeof x === "number" && x >= min && (infinite || x !== Infinity)) return;
  const expected = `${infinite ? "a number" : "a finite number"} >= ${min}${infinite ? " (or Infinity)" : ""}`;
  badArgument(typeof x === "number" ? RangeError : TypeError, where, name, expected, x);
}

/** `x` is a whole number from `min` to `max`. */
export function checkInteger(where: string, name: string, x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): asserts x is number {
  if (Number.isInteger(x) && (x as number) >= min && (x as number) <= max) return;
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  badArgument(typeof x === "number" ? RangeError : TypeError, where, name, expected, x);
}

/** `x` is one of `values` (compared with `===`). */
export function checkOneOf<T>(where: string, name: string, x: unknown, values: readonly T[]): asserts x is T {
  if (values.includes(x as T)) return;
  const expected = `one of ${values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ")}`;
  badArgument(typeof x === typeof values[0] ? RangeError : TypeError, where, name, expected, x);
}

/**
 * `x` is an object with each of `methods` as a function: the duck type of an
 * interface such as `AsyncRead` (`read`) or `AsyncWrite` (`write`, `flush`,
 * `shutdown`). `kind` names the interface in the message.
 */
export function checkMethods(where: string, name: string, x: unknown, kind: string, methods: readonly string[]): void {
  if (x === null || typeof x !== "object") badArgument(TypeError, where, name, kind, x);
  for (const m of methods) {
    if (typeof (x as Record<string, unknown>)[m] !== "function") badArgument(TypeError, where, name, `${kind} (no ${m}() method)`, x);
  }
}

/**
 * `x` could be a task: a future, a generator object or a function (a
 * generator function). Checked where the task is not converted at once, so
 * the message names the call the user made; what a function returns is
 * checked when it is called.
 */
export function checkTask(where: string, name: string, x: unknown): void {
  if (typeof x === "function") return;
  if (x !== null && typeof x === "object" && typeof (x as { poll?: unknown }).poll === "function") return;
  if (x !== null && typeof x === "object" && typeof (x as { next?: unknown }).next === "function" && typeof (x as { throw?: unknown }).throw === "function") return;
  badArgument(TypeError, where, name, "a future, a generator object or a generator function", x);
}

/** `x` is a Uint8Array (a Buffer is one). */
export function checkBytes(where: string, name: string, x: unknown): asserts x is Uint8Array {
  if (!(x instanceof Uint8Array)) badArgument(TypeError, where, name, "a Uint8Array or a Buffer", x);
}
