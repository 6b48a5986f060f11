/**
 * The network seam: what `net/` needs of a network, and nothing more.
 *
 * `TcpStream`, `TcpListener` and `UdpSocket` never make a Node socket
 * themselves. They ask the running runtime's driver for its {@link Network}
 * (`driver.network`) and hold what it gives back: a {@link StreamIo}, a
 * {@link ListenerIo}, a {@link DatagramIo}. Over Node these are the
 * readiness sources of `socket-source.ts`, `socket-listener.ts` and
 * `socket-udp.ts`, unchanged; in a simulation they are in-memory links with
 * latency and faults. The user's code is the same either way.
 *
 * The interfaces are the sources' own methods (try the operation, else
 * register the owner's waker and return `Pending`), so the real path pays
 * nothing for the seam: the leaf futures call the same methods on the same
 * objects as before.
 *
 * Rejected: a check for "is this a simulation?" in each socket type. Every
 * operation would grow a branch, and the next network (a recording proxy, a
 * fault-injecting wrapper over real sockets) would add another.
 */
import type { Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { Driver } from "../driver";

/**
 * An address as sockets report it (the shape of Node's `socket.address()`).
 *
 * @example
 * const a: AddrInfo = { address: "127.0.0.1", port: 8080, family: "IPv4" };
 */
export interface AddrInfo {
  address: string;
  port: number;
  family?: string;
}

/**
 * One connected (or connecting) TCP socket: readiness for each direction.
 * Each `poll*` tries the operation for `owner` (the leaf future) and, when
 * it would block, registers `cx.waker` and returns `Pending`; `cancel*`
 * drops `owner`'s registration.
 *
 * @example
 * class Read extends Future<number> {
 *   constructor(private io: StreamIo, private buf: Uint8Array) { super(); }
 *   poll(cx: Context) { return this.io.pollRead(cx, this, this.buf); }
 *   cancel() { this.io.cancelRead(this); }
 * }
 */
export interface StreamIo {
  /** `address:port` of the peer, for task dumps. */
  readonly label: string;
  /** Milliseconds `close()` may take to deliver what is still queued before it resets; 0 makes `close()` abortive. */
  linger: number;
  /** Ready once connected; throws the connection error (`ECONNREFUSED`). */
  pollConnect(cx: Context, owner: object): Poll<true>;
  /** Copies up to `buf.length` bytes into `buf`: the count, 0 at end of stream. */
  pollRead(cx: Context, owner: object, buf: Uint8Array): Poll<number>;
  /** The front of the received bytes, at most `max`, without a copy; `null` at end of stream. */
  pollReadChunk(cx: Context, owner: object, max: number): Poll<Buffer | null>;
  /** Puts `bytes` back in front of the unread data. */
  unread(bytes: Uint8Array): void;
  /** Accepts a prefix of `data` (backpressure: `Pending` while the send buffer is full): the count. */
  pollWrite(cx: Context, owner: object, data: Uint8Array): Poll<number>;
  /** Accepts all of `data` without copying it, once there is room. */
  pollWriteChunk(cx: Context, owner: object, data: Uint8Array): Poll<void>;
  /** Ready once every accepted byte has left this process. */
  pollFlush(cx: Context, owner: object): Poll<void>;
  /** Half close: end of stream after the data. */
  pollShutdown(cx: Context, owner: object): Poll<void>;
  cancelRead(owner: object): void;
  cancelWrite(owner: object): void;
  /** Closes; waiting tasks get `ClosedResourceError`. Idempotent. */
  close(): void;
  /** Abortive close: the peer gets `ECONNRESET`, undelivered bytes are dropped. Idempotent. */
  reset(): void;
  /** The peer's address (read once, while connected). */
  peerAddr(): AddrInfo;
  /** This end's address. */
  localAddr(): AddrInfo;
  /** Nagle's algorithm off (`true`) or on. */
  setNoDelay(noDelay: boolean): void;
}

/**
 * A listening TCP socket: connections wait in a bounded backlog until accepted.
 *
 * @example
 * const next = listener.pollAccept(cx, acceptFuture); // [stream, peer], or Pending
 */
export interface ListenerIo {
  readonly isClosed: boolean;
  /** Connections waiting for `accept`. */
  readonly queued: number;
  /** Connections refused because the backlog was full. */
  readonly refused: number;
  /** Ready once bound; throws the bind error (`EADDRINUSE`). */
  pollReady(cx: Context, owner: object): Poll<true>;
  /** The next connection and its peer's address. */
  pollAccept(cx: Context, owner: object): Poll<[StreamIo, AddrInfo]>;
  cancel(owner: object): void;
  close(): void;
  localAddr(): AddrInfo;
}

/**
 * A received datagram and its sender.
 *
 * @example
 * const d = udp.pollRecv(cx, recvFuture); // { msg, rinfo: { address, port } }, or Pending
 */
export interface DatagramIn {
  msg: Buffer;
  rinfo: AddrInfo;
}

/**
 * A UDP socket. Sends report through a callback (once the datagram has left).
 *
 * @example
 * udp.send(Buffer.from("ping"), "127.0.0.1", 9999, (e, n) => console.log(e ?? n));
 */
export interface DatagramIo {
  readonly isClosed: boolean;
  /** Datagrams dropped because the receive queue was full. */
  readonly dropped: number;
  /** Ready once bound; throws the bind error (`EADDRINUSE`). */
  pollReady(cx: Context, owner: object): Poll<true>;
  /** The next received datagram. */
  pollRecv(cx: Context, owner: object): Poll<DatagramIn>;
  cancel(owner: object): void;
  /** Sets the default peer (`send` with no address) and filters received datagrams to it. */
  connect(host: string, port: number, cb: (e: Error | null) => void): void;
  /** Sends `msg` to `host:port`, or to the connected peer when `host` is null. */
  send(msg: Buffer, host: string | null, port: number, cb: (e: Error | null, sent: number) => void): void;
  close(): void;
  localAddr(): AddrInfo;
}

/**
 * A network the sockets of one runtime use: Node's ({@link Driver}'s
 * default) or a simulated one. Each call starts the operation; the returned
 * source's `pollConnect`/`pollReady` reports how it went.
 *
 * @example
 * const driver = currentDriver("connect");
 * const io = driver.network.connect(driver, "127.0.0.1", 8080);
 * io.pollConnect(cx, future); // Pending, then true or a thrown ECONNREFUSED
 */
export interface Network {
  /** Starts connecting to `host:port`. */
  connect(driver: Driver, host: string, port: number): StreamIo;
  /** Starts listening on `host:port` (port 0: a free one). */
  listen(driver: Driver, host: string, port: number, backlog: number): ListenerIo;
  /** Starts binding a UDP socket to `host:port` (port 0: a free one). */
  bindUdp(driver: Driver, host: string, port: number, maxQueued: number): DatagramIo;
}
