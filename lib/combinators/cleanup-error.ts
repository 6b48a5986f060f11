/**
 * What happens to an error thrown by a loser's cleanup once a `select` has
 * its winner: the winner's value is delivered, and the cleanup error is
 * reported as unhandled, wrapped in a {@link CleanupError}.
 *
 * Why not throw it, as before: the winner's value (a message `rx.recv()`
 * had taken, bytes a read had consumed) then vanished with the throw,
 * neither delivered nor left where it came from. Rejected too: throwing an
 * error that carries the value (`.value`), because every caller of every
 * `select` would have to catch it to keep the message, and one that did not
 * would lose it exactly as before. The loser was dropped, so nobody awaits
 * its error: it is an unobserved failure, and goes where those go.
 */
import { reportUnhandled } from "../task/runtime";

/**
 * A future dropped by a combinator that already had its result (a `select`
 * or `race` loser, a `selectOk` branch) threw while being cancelled. The
 * result was delivered all the same; this error goes to the runtime's
 * `onUnhandledError` (by default printed to stderr). `cause` is the cleanup's
 * own error, or an `AggregateError` when several losers failed.
 *
 * @example
 * const rt = new Runtime({
 *   onUnhandledError(e) { if (e instanceof CleanupError) log.warn(e.message, e.cause); },
 * });
 */
export class CleanupError extends Error {
  override name = "CleanupError";
  constructor(label: string, cause: unknown) {
    super(`${label}: a losing branch threw while being cancelled (the winner's value was delivered): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Reports the cleanup errors of a combinator that delivers its winner anyway. */
export function reportCleanupErrors(label: string, errors: readonly unknown[]): void {
  const cause = errors.length === 1 ? errors[0] : new AggregateError(errors, `${label}: ${errors.length} children failed while being cancelled`);
  reportUnhandled(new CleanupError(label, cause));
}
