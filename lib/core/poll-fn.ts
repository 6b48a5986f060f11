/**
 * Futures from closures: `pollFn` (a hand-written poll) and `lazy` (run on first poll).
 */
import { badArgument } from "./check";
import { Future } from "./future";
import { Poll } from "./poll";
import { Context } from "./waker";

/** Future for the {@link pollFn} function. */
export class PollFn<T> extends Future<T> {
  constructor(private readonly f: (cx: Context) => Poll<T>) {
    super();
  }
  poll(cx: Context): Poll<T> {
    return this.f(cx);
  }
  override describe(): string {
    return `pollFn(${this.f.name || "anonymous"})`;
  }
}

/**
 * A future whose `poll` is the function `f`. Return the value when ready, or
 * `Pending` after arranging for `cx.waker` to be woken.
 *
 * @example
 * let polls = 0;
 * const third = pollFn((cx) => {
 *   if (++polls < 3) { cx.waker.wake(); return Pending; }
 *   return polls;
 * });
 * yield* third; // 3
 */
export function pollFn<T>(f: (cx: Context) => Poll<T>): Future<T> {
  if (typeof f !== "function") badArgument(TypeError, "pollFn(f)", "f", "a function", f);
  return new PollFn(f);
}

/** Future for the {@link lazy} function. */
export class Lazy<T> extends Future<T> {
  constructor(private readonly f: () => T) {
    super();
  }
  poll(): Poll<T> {
    return this.f();
  }
  override describe(): string {
    return `lazy(${this.f.name || "anonymous"})`;
  }
}

/**
 * A future that calls `f` when first polled and is ready with its result.
 * Nothing runs at creation: futures are lazy.
 *
 * @example
 * const stamp = lazy(() => Date.now()); // not called yet
 * const t = yield* stamp;               // called now
 */
export function lazy<T>(f: () => T): Future<T> {
  if (typeof f !== "function") badArgument(TypeError, "lazy(f)", "f", "a function", f);
  return new Lazy(f);
}
