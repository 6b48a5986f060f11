/**
 * # time: sleeping, reading the clock, and moving a paused one
 *
 * - {@link sleep}, {@link sleepUntil}: wait on the runtime's timers.
 * - {@link now}: the runtime's clock, in milliseconds.
 * - {@link advance}: move a paused clock (tests).
 *
 * ## Invariants
 * - A sleep's deadline is fixed when it is first polled.
 * - A cancelled sleep leaves no timer behind.
 * - On a paused clock, time moves in whole milliseconds and only when every
 *   task is idle (or by `advance`), so a test reads exact, repeatable times.
 */
export { sleep, sleepUntil, Sleep } from "./sleep";
export { now, advance, Advance } from "./clock";
