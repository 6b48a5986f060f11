/**
 * `TcpListener`: a listening socket whose `accept()` is a future.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import type { AddrInfo, ListenerIo, StreamIo } from "../reactor/io/network";
import { DEFAULT_BACKLOG } from "../reactor/io/socket-listener";
import { currentDriver } from "../reactor/current";
import { Opening } from "./opening";
import { checkInteger, checkOptions } from "../core/check";
import { formatAddr, HostPort, parseAddr, SocketAddr, ToSocketAddr } from "./addr";
import { TcpStream } from "./tcp-stream";

/** Options for {@link TcpListener.bind}. */
export interface BindOptions {
  /**
   * Connections Node has accepted that may wait for `accept()`; past it,
   * new connections are reset (see `refused`). Also passed to the kernel as
   * its listen backlog.
   * @default 1024
   */
  backlog?: number;
}

/**
 * A TCP server socket. Connections wait, unread, in a bounded backlog until
 * `accept()` (or `incoming()`) takes them.
 *
 * @example
 * const listener = yield* TcpListener.bind("127.0.0.1:0");
 * console.log(listener.localAddr().port);
 * const [stream, peer] = yield* listener.accept();
 */
export class TcpListener implements Disposable {
  readonly #src: ListenerIo;
  readonly #label: string;

  /** @internal Use {@link TcpListener.bind}. */
  constructor(src: ListenerIo) {
    this.#src = src;
    const a = src.localAddr();
    this.#label = formatAddr(a.address, a.port);
  }

  /**
   * Binds and listens on `addr` (`"127.0.0.1:0"` picks a free port). A
   * malformed address throws `AddrParseError` at once; a port in use throws
   * Node's error with code `EADDRINUSE` from the `yield*`.
   *
   * @example
   * const listener = yield* TcpListener.bind("127.0.0.1:8080");
   */
  static bind(addr: ToSocketAddr, options: BindOptions = {}): Future<TcpListener> {
    const hp = parseAddr(addr, "TcpListener.bind(addr)", true);
    checkOptions("TcpListener.bind(addr, options)", "options", options);
    const backlog = options.backlog ?? DEFAULT_BACKLOG;
    checkInteger("TcpListener.bind(addr, options)", "options.backlog", backlog, 1);
    return new TcpBind(hp, backlog);
  }

  /** The next connection and its peer's address. */
  accept(): Future<[TcpStream, SocketAddr]> {
    return new TcpAccept(this.#src, this.#label);
  }

  /**
   * The connections as a {@link Stream} of `TcpStream`s. Closing the stream
   * closes the listener.
   *
   * @example
   * const conns = listener.incoming();
   * for (let s; (s = yield* conns.next()) !== undefined; ) spawn(handle(s));
   */
  incoming(): Stream<TcpStream> {
    return new Incoming(this, this.#src, this.#label);
  }

  /** The address it listens on: `{ address, port }`. */
  localAddr(): SocketAddr {
    return this.#src.localAddr();
  }

  /** Connections reset because the backlog was full. */
  get refused(): number {
    return this.#src.refused;
  }

  /**
   * Stops listening and resets connections nobody accepted; a waiting
   * `accept` throws `ClosedResourceError`. Accepted streams are unaffected.
   */
  close(): void {
    this.#src.close();
  }

  /** Same as `close()`, so `using listener = ...` stops listening when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** How the listener reads in a task dump: its local address. */
  describe(): string {
    return `TcpListener(${this.#label})`;
  }
}

/** Wraps an accepted connection. */
function adopt([io, peer]: [StreamIo, AddrInfo]): [TcpStream, SocketAddr] {
  return [new TcpStream(io), peer];
}

/** Future for {@link TcpListener.accept}. */
export class TcpAccept extends Future<[TcpStream, SocketAddr]> {
  constructor(
    private readonly src: ListenerIo,
    private readonly label: string,
  ) {
    super();
  }
  poll(cx: Context): Poll<[TcpStream, SocketAddr]> {
    const s = this.src.pollAccept(cx, this);
    return s === Pending ? Pending : adopt(s);
  }
  override cancel(): void {
    this.src.cancel(this);
  }
  override describe(): string {
    return `TcpListener.accept(${this.label}, ${this.src.queued} waiting)`;
  }
}

/** Stream for {@link TcpListener.incoming}. */
class Incoming extends Stream<TcpStream> {
  constructor(
    private readonly listener: TcpListener,
    private readonly src: ListenerIo,
    private readonly label: string,
  ) {
    super();
  }
  pollNext(cx: Context): Poll<TcpStream | End> {
    if (this.src.isClosed) return End;
    const s = this.src.pollAccept(cx, this);
    return s === Pending ? Pending : new TcpStream(s[0]);
  }
  override cancelNext(): void {
    this.src.cancel(this);
  }
  override close(): void {
    this.listener.close();
  }
  override describe(): string {
    return `TcpListener.incoming(${this.label})`;
  }
}

/** Future for {@link TcpListener.bind}. */
export class TcpBind extends Opening<ListenerIo, TcpListener> {
  constructor(
    private readonly addr: HostPort,
    private readonly backlog: number,
  ) {
    super();
  }

  protected open(): ListenerIo {
    const driver = currentDriver("TcpListener.bind(addr)");
    return driver.network.listen(driver, this.addr.host, this.addr.port, this.backlog);
  }

  protected pollOpen(src: ListenerIo, cx: Context): Poll<true> {
    return src.pollReady(cx, this);
  }

  protected wrap(src: ListenerIo): TcpListener {
    return new TcpListener(src);
  }

  override describe(): string {
    return `TcpListener.bind(${formatAddr(this.addr.host, this.addr.port)})`;
  }
}
