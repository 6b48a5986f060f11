/**
 * The host: Node's event loop, as the executor needs it. Kept here so that
 * `task/` touches no Node API directly (the layering rule).
 */
import { constants as osConstants } from "node:os";

/** Runs `cb` after Node has had a full turn of its loop (timers, I/O). Never a microtask. */
export function afterHostTurn(cb: () => void): void {
  setImmediate(cb);
}

/**
 * Calls `cb` when Node's loop has nothing left to do and is about to exit.
 * Returns the function that removes the listener. Used to turn a silent exit
 * with a pending `run()` into a `DeadlockError`.
 */
export function onLoopDrained(cb: () => void): () => void {
  process.on("beforeExit", cb);
  return () => process.off("beforeExit", cb);
}

/** Where unjoined task errors go by default. */
export function reportToStderr(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : text + "\n");
}

/**
 * Makes the process exit with code 1 when it ends, without ending it now:
 * what Node does for an unhandled rejection, for a task failure nobody saw.
 * An exit code already set to something else is left alone.
 */
export function markProcessFailed(): void {
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = 1;
}

/**
 * Calls `cb` each time the process receives `signal` (e.g. `"SIGUSR2"`, to
 * print a task dump of a running program). Returns the function that removes
 * the listener. A signal listener does not keep the process alive.
 */
export function onSignal(signal: string, cb: () => void): () => void {
  process.on(signal as NodeJS.Signals, cb);
  return () => process.off(signal as NodeJS.Signals, cb);
}

/**
 * Whether a listener can be added for `name`: a signal this platform knows
 * (`"SIGUSR2"`, `"SIGINT"`…) other than SIGKILL and SIGSTOP, which no
 * process can catch (Node throws EINVAL when the listener is added).
 */
export function isSignalName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(osConstants.signals, name) && name !== "SIGKILL" && name !== "SIGSTOP";
}
