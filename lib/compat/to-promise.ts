/**
 * `toPromise`: a future, run to completion, as a Promise for native `async` code.
 */
import { checkTask } from "../core/check";
import { Spawnable } from "../core/coroutine";
import { Runtime, tryCurrentRuntime } from "../task/runtime";

/**
 * Runs `task` (a future, a generator object, a generator function of no
 * arguments, or a `JoinHandle`) and returns a Promise of its value, like
 * `run()`. Inside a running genfut runtime it runs there (so what it spawns
 * shares that runtime); elsewhere it starts a new one.
 *
 * A `JoinHandle` is a future, so native code can await a spawned task:
 * `await toPromise(handle)` gives its value or rejects with its `JoinError`.
 *
 * @example
 * // from async/await code:
 * async function handler(req: Request) {
 *   const user = await toPromise(loadUser(req.userId)); // loadUser is a function*
 *   return Response.json(user);
 * }
 */
export function toPromise<T>(task: Spawnable<T>): Promise<T> {
  checkTask("toPromise(task)", "task", task);
  const rt = tryCurrentRuntime() ?? new Runtime();
  return rt.run(task);
}
