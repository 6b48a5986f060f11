/**
 * # reactor/io: the socket engine
 *
 * Readiness over Node's sockets, in the style of mio: a leaf future in
 * `net/` asks a source to *try* an operation; the source does it without
 * blocking, or stores the future's waker and says `Pending`. Node's events
 * only wake; they never carry data into a task. This folder knows wakers,
 * never tasks.
 *
 * - `Network` and its handles `StreamIo`, `ListenerIo`,
 *   `DatagramIo` (network.ts): the seam `net/` talks to, so that a
 *   simulation can stand in for Node (`driver.network`).
 * - `nodeNetwork` (node-network.ts): the real network, each runtime's
 *   default: makes the Node handle and gives it to its source.
 * - `SocketSource` (socket-source.ts): one TCP connection, a bounded
 *   read queue and a write path with backpressure.
 * - `ListenerSource`, `UdpSource` (socket-listener.ts,
 *   socket-udp.ts) over `QueuedSource` (queued-source.ts): what Node
 *   delivers unasked (connections, datagrams) waits in a bounded queue for
 *   one waiter, held in a `WaiterSlot` (waiter-slot.ts).
 * - `SocketWakes` (socket-wakes.ts): a runtime's read wakes, batched
 *   per turn of Node's loop (`driver.socketWakes`).
 * - The shared write scratch buffer (socket-scratch.ts), the size limits
 *   (socket-limits.ts). The errors of our own side (`ClosedResourceError`,
 *   `BrokenPipeError`, `BusyError`) are public, so they live in
 *   core/errors.ts.
 *
 * ## Invariants
 * - A source counts as an I/O source on its runtime's driver (`ioSources`)
 *   from when it is made until its handle closes, so a runtime waiting on
 *   it is not reported deadlocked, and one whose sockets are all closed can be.
 * - Each direction of a source holds the waker of its latest poll only; a
 *   second task waiting in the same direction is a `BusyError`, not a
 *   stolen wake. Cancelling a poll clears its registration.
 * - Bytes are never held back by a wake: they are in the source's queue
 *   when the wake is queued, and a poll takes them whether or not it came.
 * - Read-ahead is bounded: past `READ_AHEAD` a socket is paused and TCP
 *   holds the peer back.
 *
 * ## Non-guarantees
 * - Read wakes come in the check phase of the loop turn that delivered the
 *   bytes, not from inside Node's callback.
 * - Errors from the operating system (`ECONNREFUSED`, `ECONNRESET`) are
 *   Node's own, thrown unchanged.
 */
// Nothing of the engine is public, and lib/ imports its defining files: this
// barrel exports nothing (spec/architecture.spec.ts, "folder barrels").
export {};
