/**
 * # reactor: Node's events turned into wakes
 *
 * The engine under `time/` and `net/`. It knows wakers, never tasks.
 *
 * - {@link Clock}: real or paused milliseconds.
 * - {@link TimerDriver}: every sleep of a runtime in one timing wheel, behind a single Node timer.
 * - {@link Driver}: what the executor sees of the reactor.
 *
 * ## Invariants
 * - A Node handle is held only while some registered waiter needs it, so a
 *   program whose tasks are all done exits by itself.
 * - Cancelling a registration removes it at once; nothing is left to fire.
 *
 * ## Non-guarantees
 * - A timer fires no earlier than its deadline, but may fire later when the
 *   event loop is busy.
 */
// Nothing of the engine is public, and lib/ imports its defining files: this
// barrel exports nothing (spec/architecture.spec.ts, "folder barrels").
export {};
