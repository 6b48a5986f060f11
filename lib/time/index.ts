/**
 * # time: sleeping, ticking, deadlines, and a clock tests can stop
 *
 * The user-facing half of tokio's `time` module. The engine (a hierarchical
 * timing wheel behind one Node timer) lives in `reactor/time/`; these are
 * the leaf futures over it. They find the running runtime's driver in
 * `reactor/current.ts`, and need nothing from `task/`.
 *
 * - {@link sleep}, {@link sleepUntil} ({@link Sleep}): wait until a deadline.
 * - {@link interval} ({@link Interval}): ticks at a fixed period, with
 *   tokio's missed-tick behaviours (`"burst"`, `"delay"`, `"skip"`); a
 *   future per `tick()`, or a `Stream` of tick times.
 * - {@link timeout} ({@link Timeout}): a future with a deadline; throws
 *   {@link TimeoutError} after cancelling the inner future and waiting for
 *   its cleanup.
 * - A {@link Sleep} is the only timer entry: a timeout holds one for its
 *   deadline and an interval one for its next tick, as tokio's do.
 * - {@link now}: the runtime's clock in milliseconds; {@link advance}: move
 *   a paused clock (tests); {@link pause} / {@link resume}: stop and restart
 *   a running runtime's clock.
 * - {@link intervalAt}, {@link timeoutAt}: the same with a start or a
 *   deadline given as a time on the clock.
 *
 * ## Invariants
 * - A sleep, timeout or interval made inside a runtime starts its clock
 *   when it is made, on that runtime's clock (tokio's `Instant::now() + d`);
 *   one made outside any runtime starts it at its first poll. Deadlines are
 *   whole milliseconds, rounded up: a timer never fires early.
 * - Nothing is registered before the first poll (futures are lazy), and a
 *   sleep joins the wheel only when the task poll that first polled it ends.
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
export { sleep, sleepUntil, Sleep } from "./sleep";
export { interval, Interval, type IntervalOptions, type MissedTickBehavior } from "./interval";
export { timeout, Timeout } from "./timeout";
export { TimeoutError } from "./errors";
export { now, advance } from "./clock";
export { intervalAt } from "./interval";
export { timeoutAt } from "./timeout";
export { pause, resume } from "./clock";
