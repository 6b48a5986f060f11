/**
 * # net: TCP and UDP sockets as futures
 *
 * tokio's `net` module over Node's `net` and `dgram`, with mio's readiness
 * model underneath (`reactor/io/`): a leaf tries the operation and,
 * when it would block, registers the waker of its poll and returns `Pending`.
 *
 * - {@link TcpListener}: `bind(addr)`, `accept()` → `[stream, peerAddr]`,
 *   `incoming()`, `localAddr()`, `close()`.
 * - {@link TcpStream}: `connect(addr)`, `read`, `readExact`, `readToEnd`,
 *   `readToString`, `write`, `writeAll`, `flush`, `shutdown` (half close),
 *   `close()`, `split()` into a {@link ReadHalf} and a {@link WriteHalf},
 *   `setNoDelay`, `peerAddr`, `localAddr`. An `AsyncRead` and `AsyncWrite`.
 * - {@link UdpSocket}: `bind`, `connect`, `send`, `recv`, `sendTo`, `recvFrom`.
 * - {@link AddrParseError}: a malformed address, thrown by the call itself,
 *   before any I/O. Errors of the OS are Node's own, with `.code`
 *   (`ECONNREFUSED`, `ECONNRESET`, `EADDRINUSE`).
 *
 * Each socket opens on the running runtime's network (`driver.network`, see
 * `reactor/io/network.ts`): Node's, or inside a `Sim` (`genfut/sim`) the
 * simulated one, with no change to the code that uses it.
 *
 * ## Invariants
 * - Memory is bounded: a socket reads ahead at most Node's high-water mark
 *   (plus one chunk), a writer waits while Node's send buffer is full, and
 *   connections and datagrams nobody took yet wait in bounded queues.
 * - Cancelling a `read`, `write`, `accept` or `recv` (a `timeout`, a lost
 *   `select`) removes its registration and loses no byte, connection or
 *   datagram; the stream stays usable.
 * - Each open socket counts in the runtime's `driver.ioSources`, and its Node
 *   handle is released on `close()`, so a finished program exits by itself.
 *
 * ## Non-guarantees
 * - `write` completing means Node accepted the bytes, not that the peer got
 *   them; `flush()` waits until they are with the kernel.
 * - A stream that is never closed is closed when garbage-collected, at a time
 *   nobody can predict: close it yourself, or declare it with `using`.
 * - Connections past a full backlog are reset (Node cannot stop accepting).
 */
export { AddrParseError, type SocketAddr, type ToSocketAddr } from "./addr";
export { TcpStream } from "./tcp-stream";
export { TcpListener, type BindOptions } from "./tcp-listener";
export { ReadHalf, WriteHalf } from "./split";
export { UdpSocket } from "./udp-socket";
