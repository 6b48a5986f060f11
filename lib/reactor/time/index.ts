/**
 * # reactor/time: the timer engine
 *
 * Every sleep, timeout and interval of a runtime waits here, in one timing
 * wheel behind at most one Node timer. `time/` holds the futures users see;
 * this folder knows wakers and deadlines, never tasks.
 *
 * - `Clock` (clock.ts): the runtime's milliseconds, real or paused.
 * - `TimerEntry` and its states (timer-entry.ts): what waits, and the
 *   one numbering of its `bucket` (in the wheel, UNREGISTERED, FIRED,
 *   DEFERRED, DEFERRED_CANCELLED, UNPOLLED) and of "no deadline yet".
 * - `TimerDriver` (timer-driver.ts): the wheel, the Node timer that
 *   wakes it, the batch of first registrations, and every change of an
 *   entry's state: `defer`, `insert`, `remove`, `markFired`, `clearFired`,
 *   `reset`, `fireUntil`.
 * - `TimerWheel` (timer-wheel.ts): six levels of 64 slots, O(1) insert and
 *   cancel; private to the driver.
 *
 * ## A sleep's trip
 *
 * 1. `sleep(250)` (time/sleep.ts) finds the running driver in
 *    `reactor/current.ts`, where the executor put it when its drain began,
 *    and fixes the deadline from that driver's clock. Nothing is registered.
 * 2. The task polls it. `Sleep.poll` asks `currentDriver()` again and calls
 *    `driver.timers.defer(sleep)`: the sleep joins the batch of this task
 *    poll and the task is `Pending`.
 * 3. When the task poll ends, the executor's after-poll call into the driver
 *    flushes the batch (`flushDeferred`): each sleep still wanted goes into
 *    the wheel, and one microtask later the single Node timer is armed for
 *    the nearest deadline. A sleep that lost a race in that poll was
 *    cancelled in the batch and never reaches the wheel.
 * 4. The Node timer fires: `fireUntil(now)` takes every due entry out of the
 *    wheel (marked FIRED) and calls its waker. The waker is the executor's:
 *    it puts the task back on the run queue. On a paused clock no Node
 *    timer exists; when every task is idle the executor asks the driver to
 *    `autoAdvance` to the next deadline, which fires the same way.
 * 5. The task runs, polls the sleep again, which sees FIRED and is ready.
 *
 * Five files (time/sleep.ts, reactor/current.ts, driver.ts, and here
 * timer-driver.ts and timer-wheel.ts), one way down and one way back; the
 * executor appears only as the one who polls and whose waker is called.
 *
 * ## Invariants
 * - Only the driver changes `bucket`; an entry's owner sets `when` and
 *   `waker` and reads `bucket`.
 * - At most one Node timer per runtime, armed for no later than the nearest
 *   deadline, and none when the wheel is empty or the clock is paused.
 * - Entries due at the same millisecond fire in the order they were inserted.
 * - A cancelled entry is out of the wheel at once (a null cell, at most).
 *
 * ## Non-guarantees
 * - A timer fires no earlier than its deadline, but may fire later when the
 *   event loop is busy; a Node timer may fire early and find nothing due.
 * - Deadlines past 2^53 ms are "never": not registered at all.
 */
// Nothing of the engine is public, and lib/ imports its defining files: this
// barrel exports nothing (spec/architecture.spec.ts, "folder barrels").
export {};
