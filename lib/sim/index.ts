/**
 * # sim: deterministic simulation and schedule exploration (`genfut/sim`)
 *
 * The bugs that hurt in concurrent code need one interleaving, or one crash
 * at the wrong moment; an ordinary test runs the FIFO interleaving every
 * time and passes. genfut owns its executor, so it can choose the
 * interleaving, record it, search for a failing one and replay it.
 *
 * - {@link Sim}: a world of hosts and clients (each a group of tasks) on one
 *   paused clock that jumps ahead when every task is idle, every choice drawn
 *   from one seed. `run()` is synchronous. Sockets opened by a host's tasks
 *   use a simulated network (named hosts, latency, UDP loss). Faults:
 *   `crash`, `bounce`, `partition`/`repair`, `hold`/`release`.
 * - {@link explore}: runs a test under many schedules (`"pct"` or
 *   `"random"`), shrinks the first failure to its fewest preemptions and
 *   throws {@link ExploreError}; `GENFUT_SEED=n` runs one seed.
 * - {@link replay}: runs one recorded schedule again, exactly.
 * - {@link SimError}: a simulated run failed (`.seed`, `.host`, `.cause`).
 *
 * ## Invariants
 * - Same seed (or same schedule), same program: the same tasks are polled in
 *   the same order, `now()` and `random()` read the same values, and the
 *   trace is identical, in any process on any machine.
 * - A simulation never waits for Node: a task that needs real I/O (a real
 *   socket, a Promise through `fromPromise`, `spawnBlocking`) fails the run
 *   with an error naming the operation.
 * - A crash runs no `finally`: a crashed host's tasks stop where they stand.
 *
 * ## Non-guarantees
 * - What the runtime does not schedule is not controlled: `Math.random()`,
 *   `Date.now()`, a real Promise. Use `random()` and `now()`.
 * - Explore samples schedules; it does not enumerate them. Passing 100 runs
 *   is evidence, not proof.
 * - The simulated network carries TCP and UDP between hosts; it does not
 *   model congestion, retransmission timing, or a connect to a crashed host
 *   timing out by itself (it waits: give it a `timeout`).
 *
 * Nothing outside lib/sim imports it, so `require("genfut")` never loads it.
 *
 * @module genfut/sim
 */
export { Sim, type SimOptions, type SimResult, type HostMain } from "./sim";
export { SimError, ExploreError, type SimFailureKind } from "./errors";
export { explore, replay, type ExploreOptions, type ExploreResult, type Setup } from "./explore";
