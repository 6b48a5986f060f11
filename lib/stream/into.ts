/**
 * Turning what a user's step function returned into a future, named after
 * the function, so a task dump reads `andThen(load: load() waiting on sleep(500ms))`
 * rather than an anonymous `coroutine()`.
 */
import { Coroutine, intoFuture, IntoFuture, isGenerator } from "../core/coroutine";
import { Future } from "../core/future";

/** `value` as a future; a generator object becomes a coroutine named `name`. */
export function stepFuture<T>(value: IntoFuture<T>, name: string, what: string): Future<T> {
  if (isGenerator(value)) return new Coroutine(value as Generator<unknown, T, unknown>, name || undefined);
  return intoFuture(value, what);
}
