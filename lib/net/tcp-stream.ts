/**
 * `TcpStream`: a connected TCP socket as an {@link AsyncRead} and {@link AsyncWrite}.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import type { StreamIo } from "../reactor/io/network";
import { currentDriver } from "../reactor/current";
import { ReadExact } from "../io/read-exact";
import { ReadToEnd, ReadToString } from "../io/read-to-end";
import { AsyncRead, AsyncWrite } from "../io/traits";
import { Opening } from "./opening";
import { checkBytes, checkInteger } from "../core/check";
import { formatAddr, HostPort, parseAddr, SocketAddr, ToSocketAddr } from "./addr";
import { TcpFlush, TcpRead, TcpReadChunk, TcpWrite, TcpWriteAll, TcpWriteChunk } from "./tcp-ops";
import { ReadHalf, WriteHalf } from "./split";

/**
 * The safety net for a stream nobody closed: when the `TcpStream` object is
 * garbage, its socket is closed, as Rust's `Drop` would. Collection time is
 * unpredictable, so call `close()` (or declare it with `using`) yourself.
 */
const dropped = new FinalizationRegistry<StreamIo>((src) => src.close());

/**
 * A TCP connection. Reads and writes are futures; a read waits for bytes,
 * a write waits only while Node's send buffer is full (backpressure).
 * Errors from the OS are thrown with Node's `code` (`ECONNRESET`, ...).
 * One task may read while another writes (see {@link split}).
 *
 * @example
 * using stream = yield* TcpStream.connect("127.0.0.1:8080");
 * yield* stream.writeAll(new TextEncoder().encode("ping\n"));
 * yield* stream.shutdown();
 * console.log(yield* stream.readToString());
 */
export class TcpStream implements AsyncRead, AsyncWrite, Disposable {
  readonly #src: StreamIo;
  /** Read once, while connected: Node forgets them when the socket closes. */
  readonly #peer: SocketAddr;
  readonly #local: SocketAddr;

  /** @internal Use {@link TcpStream.connect} or `TcpListener.accept()`. */
  constructor(src: StreamIo) {
    this.#src = src;
    this.#peer = src.peerAddr();
    this.#local = src.localAddr();
    dropped.register(this, src, this);
  }

  /**
   * Connects to `addr` (`"127.0.0.1:8080"`). A malformed address throws
   * `AddrParseError` at once; a failed connection throws Node's error
   * (`ECONNREFUSED`) from the `yield*`. Cancelling it aborts the attempt.
   *
   * @example
   * const stream = yield* TcpStream.connect("127.0.0.1:8080");
   */
  static connect(addr: ToSocketAddr): Future<TcpStream> {
    return new TcpConnect(parseAddr(addr, "TcpStream.connect(addr)", false));
  }

  /** Reads up to `buf.length` bytes into `buf`: the count, 0 at end of stream. */
  read(buf: Uint8Array): Future<number> {
    checkBytes("TcpStream.read(buf)", "buf", buf);
    return new TcpRead(this.#src, buf);
  }

  /**
   * The next received bytes as a `Buffer` of their own, without copying
   * them: usually one chunk as the kernel delivered it (up to 64 KiB), at
   * most `max` bytes; `null` at end of stream. The buffer is the caller's.
   * Cancel-safe: a cancelled call takes nothing. With {@link writeChunk},
   * the zero-copy path of a proxy or an echo server.
   *
   * @example
   * for (let c; (c = yield* stream.readChunk()) !== null; ) yield* stream.writeChunk(c);
   */
  readChunk(max = Infinity): Future<Buffer | null> {
    if (max !== Infinity) checkInteger("TcpStream.readChunk(max)", "max", max, 1);
    return new TcpReadChunk(this.#src, max);
  }

  /** Fills `buf` exactly, or throws `UnexpectedEofError`. Cancel-safe. */
  readExact(buf: Uint8Array): Future<number> {
    checkBytes("TcpStream.readExact(buf)", "buf", buf);
    return new ReadExact(this, buf, this.describe());
  }

  /** Everything until the peer shuts down, as one `Buffer`. */
  readToEnd(): Future<Buffer> {
    return new ReadToEnd(this, this.describe());
  }

  /** Everything until the peer shuts down, decoded as UTF-8. */
  readToString(): Future<string> {
    return new ReadToString(this, this.describe());
  }

  /** Writes a prefix of `data` (at most 64 KiB): the count accepted. */
  write(data: Uint8Array): Future<number> {
    checkBytes("TcpStream.write(data)", "data", data);
    return new TcpWrite(this.#src, data);
  }

  /** Writes all of `data`, waiting while the send buffer is full. */
  writeAll(data: Uint8Array): Future<void> {
    checkBytes("TcpStream.writeAll(data)", "data", data);
    return new TcpWriteAll(this.#src, data);
  }

  /**
   * Writes all of `data` without copying it: the buffer is handed to the
   * socket, so do not modify it afterwards (use {@link writeAll} for a
   * buffer you reuse). Waits while the send buffer is full. All or nothing:
   * a cancelled call wrote none of `data`.
   *
   * @example
   * yield* stream.writeChunk(Buffer.from("hello\n"));
   */
  writeChunk(data: Uint8Array): Future<void> {
    checkBytes("TcpStream.writeChunk(data)", "data", data);
    return new TcpWriteChunk(this.#src, data);
  }

  /** Waits until every accepted byte has been handed to the kernel. */
  flush(): Future<void> {
    return new TcpFlush(this.#src, false);
  }

  /** Half close: flushes, then sends end of stream; reading still works. */
  shutdown(): Future<void> {
    return new TcpFlush(this.#src, true);
  }

  /** Puts `bytes` back in front of the unread data. */
  unread(bytes: Uint8Array): void {
    checkBytes("TcpStream.unread(bytes)", "bytes", bytes);
    this.#src.unread(bytes);
  }

  /**
   * A read half and a write half, to be used by two tasks at once. Both
   * share this stream: `close()` it when both are done.
   *
   * @example
   * const [r, w] = stream.split();
   * spawn(copy(r, stdoutLike));
   * yield* w.writeAll(bytes);
   */
  split(): [ReadHalf, WriteHalf] {
    return [new ReadHalf(this), new WriteHalf(this)];
  }

  /** Turns Nagle's algorithm off (`true`, for latency) or on. Returns `this`. */
  setNoDelay(noDelay = true): this {
    this.#src.setNoDelay(noDelay);
    return this;
  }

  /** The peer's address. */
  peerAddr(): SocketAddr {
    return { ...this.#peer };
  }

  /** This end's address. */
  localAddr(): SocketAddr {
    return { ...this.#local };
  }

  /**
   * Closes the connection; tasks waiting on this stream get
   * `ClosedResourceError`. Idempotent. Returns at once. Bytes already
   * accepted by `write` are still delivered, within the linger time (see
   * {@link setLinger}; 5 s by default): a socket whose peer does not read
   * them in time is reset, so a closed stream holds its socket (and the
   * process) that long at most. To know the bytes left, `yield*
   * stream.shutdown()` (it waits until Node has handed them to the kernel)
   * before `close()`.
   */
  close(): void {
    dropped.unregister(this);
    this.#src.close();
  }

  /** Same as `close()`, so `using stream = ...` closes the connection when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** How the stream reads in a task dump: its peer address. */
  describe(): string {
    return `TcpStream(${this.#src.label})`;
  }

  /**
   * How long `close()` may take to deliver the bytes Node still holds for a
   * peer that reads slowly, in milliseconds (`SO_LINGER`, tokio's
   * `set_linger`); past it the connection is reset and the socket let go.
   * `0` makes `close()` abortive (as {@link reset}); `Infinity` waits for
   * the peer however long it takes. Default 5000. Returns `this`.
   *
   * @example
   * stream.setLinger(500);   // a server shedding slow clients: 0.5 s to take the rest
   * stream.close();
   */
  setLinger(ms: number): this {
    if (typeof ms !== "number" || !(ms >= 0)) throw new RangeError(`TcpStream.setLinger(ms): ms must be a number of milliseconds >= 0 (or Infinity), got ${String(ms)}`);
    this.#src.linger = ms;
    return this;
  }

  /**
   * The linger time of `close()` in milliseconds (see {@link setLinger}).
   *
   * @example
   * stream.linger(); // 5000
   */
  linger(): number {
    return this.#src.linger;
  }

  /**
   * Abortive close: resets the connection now (the peer gets `ECONNRESET`),
   * drops the bytes not yet delivered and lets go of the socket at once,
   * also when an earlier `close()` still lingers. Tasks waiting on this
   * stream get `ClosedResourceError`. Tokio: `set_linger(Some(0))`, then
   * drop; Node: `resetAndDestroy()`. After `shutdown()` the FIN is already
   * on its way and the socket can only be destroyed, not reset.
   *
   * @example
   * // shed a slow-loris client: no linger, no FIN handshake
   * if (idleTooLong) stream.reset();
   */
  reset(): void {
    dropped.unregister(this);
    this.#src.reset();
  }

  toString(): string {
    return this.describe();
  }
}

/** Future for {@link TcpStream.connect}. */
export class TcpConnect extends Opening<StreamIo, TcpStream> {
  constructor(private readonly addr: HostPort) {
    super();
  }

  protected open(): StreamIo {
    // First poll: futures are lazy, the connection starts now, on the runtime's network.
    const driver = currentDriver("TcpStream.connect(addr)");
    return driver.network.connect(driver, this.addr.host, this.addr.port);
  }

  protected pollOpen(src: StreamIo, cx: Context): Poll<true> {
    return src.pollConnect(cx, this);
  }

  protected wrap(src: StreamIo): TcpStream {
    return new TcpStream(src);
  }

  override describe(): string {
    return `TcpStream.connect(${formatAddr(this.addr.host, this.addr.port)})`;
  }
}
