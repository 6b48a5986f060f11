/**
 * Which reactor is running: the driver of the runtime whose executor is
 * draining right now, or null outside any drain.
 *
 * The executor sets it when it enters a drain and restores the outer one
 * when it leaves (a `blockOn` nested in a task of another runtime); leaf
 * futures in `time/` and `net/` read it to find their clock, timers and
 * network. It lives in the reactor layer, below the executor, so that those
 * leaves need nothing from `task/`.
 */
import { RuntimeError } from "../core/errors";
import type { Driver } from "./driver";

/** The running driver, or null. Written only by the executor. */
export const running: { driver: Driver | null } = { driver: null };

/**
 * The running driver. Throws a {@link RuntimeError} naming `what` when called
 * outside a runtime.
 */
export function currentDriver(what: string): Driver {
  const d = running.driver;
  if (d === null) throw outsideRuntime(what);
  return d;
}

/**
 * The error for `what`, called where it needs a runtime and none runs: the
 * one message for a leaf that needs the driver and for `spawn()`, which
 * needs the runtime (task/runtime.ts).
 */
export function outsideRuntime(what: string): RuntimeError {
  return new RuntimeError(`${what} was called outside a running genfut runtime: call it inside a coroutine driven by run(), spawn() or blockOn()`);
}
