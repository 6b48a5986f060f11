/**
 * # reactor: Node's events turned into wakes
 *
 * The engine under `time/` and `net/`. It knows wakers, never tasks: a leaf
 * future registers its waker here, and Node's timers and sockets call it.
 * Three parts:
 *
 * - At the top, what the executor and the leaves share:
 *   - `Driver` (driver.ts): one runtime's reactor as the executor sees
 *     it: a clock, the timers, the socket wakes, the network, and a count of
 *     I/O sources. The executor asks it "when is the next deadline?", "fire
 *     what is due", and "could real I/O still wake anyone?", and after each
 *     task poll has it flush what that poll deferred; nothing else.
 *   - `running` / `currentDriver(what)` (current.ts): the driver of the
 *     runtime whose executor is draining. The executor sets it around each
 *     drain; leaf futures read it, so `time/` and `net/` need nothing from
 *     `task/`. Outside a runtime `currentDriver` throws a `RuntimeError`
 *     naming the function that was called.
 *   - host.ts: the few Node calls the executor needs (a turn of the loop,
 *     the loop draining, signals, stderr).
 * - `time/`: the timer engine. A `Clock`, a hierarchical timing wheel
 *   behind one Node timer (`TimerDriver`), and the one numbering of a
 *   timer entry's states. Its essay follows a sleep from `sleep()` to its
 *   wake.
 * - `io/`: the socket engine. Readiness sources over Node's sockets (try,
 *   else store the waker), the `Network` seam a simulation plugs into, and
 *   each runtime's batch of read wakes. Its essay lists the sources.
 *
 * ## Invariants
 * - A Node handle is held only while some registered waiter needs it, so a
 *   program whose tasks are all done exits by itself.
 * - Cancelling a registration removes it at once; nothing is left to fire.
 * - Everything a runtime registers belongs to its driver (timers, socket
 *   wakes, I/O sources): runtimes, nested or side by side, share nothing here
 *   but Node's loop and the sockets' write scratch buffer.
 *
 * ## Non-guarantees
 * - A timer fires no earlier than its deadline, but may fire later when the
 *   event loop is busy.
 */
// Nothing of the engine is public, and lib/ imports its defining files: this
// barrel exports nothing (spec/architecture.spec.ts, "folder barrels").
export {};
