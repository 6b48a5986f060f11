/**
 * # time: sleeping, ticking, deadlines, and a clock tests can stop
 *
 * The user-facing half of tokio's `time` module. The engine (a hierarchical
 * timing wheel behind one Node timer) lives in `reactor/`; these are the
 * leaf futures over it.
 *
 * - {@link sleep}, {@link sleepUntil} ({@link Sleep}): wait until a deadline.
 * - {@link interval} ({@link Interval}): ticks at a fixed period, with
 *   tokio's missed-tick behaviours (`"burst"`, `"delay"`, `"skip"`); a
 *   future per `tick()`, or a `Stream` of tick times.
 * - {@link timeout} ({@link Timeout}): a future with a deadline; throws
 *   {@link TimeoutError} after cancelling the inner future and waiting for
 *   its cleanup.
 * - {@link now}: the runtime's clock in milliseconds; {@link advance}: move
 *   a paused clock (tests).
 *
 * ## Invariants
 * - Deadlines are fixed at the first poll (futures are lazy; a sleep's, when
 *   the task poll that first polled it ends) and are whole milliseconds,
 *   rounded up: a timer never fires early.
 * - A sleep, tick or timeout that is cancelled leaves no timer behind; when
 *   no timer is registered, no Node timer holds the process open.
 * - On a paused clock (`new Runtime({ startPaused: true })`) time starts at
 *   0 and moves only by `advance` or when every task is idle, straight to
 *   the next deadline: the same program reads the same `now()` values and
 *   wakes in the same order on every run.
 * - Timers due at the same millisecond fire in the order they were registered.
 *
 * ## Non-guarantees
 * - On the real clock a timer fires no earlier than its deadline, but can
 *   fire later when the event loop or the executor is busy.
 * - `timeout` polls its inner future before looking at the clock, so a
 *   future that is ready is returned even when the deadline has passed.
 */
export { sleep, sleepUntil, Sleep, SleepUntil } from "./sleep";
export { interval, Interval, type IntervalOptions, type MissedTickBehavior } from "./interval";
export { timeout, Timeout } from "./timeout";
export { TimeoutError } from "./errors";
export { now, advance, Advance } from "./clock";
