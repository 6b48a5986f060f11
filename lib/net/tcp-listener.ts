/**
 * `TcpListener`: a listening socket whose `accept()` is a future.
 */
import * as net from "node:net";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { DEFAULT_BACKLOG, ListenerSource } from "../reactor/socket-listener";
import { SocketSource } from "../reactor/socket-source";
import { currentRuntime } from "../task/runtime";
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
  readonly #src: ListenerSource;
  readonly #label: string;

  /** @internal Use {@link TcpListener.bind}. */
  constructor(src: ListenerSource) {
    this.#src = src;
    const a = src.server.address() as net.AddressInfo;
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
    const a = this.#src.server.address() as net.AddressInfo;
    return { address: a.address, port: a.port, family: a.family };
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

/** Wraps an accepted Node socket. */
function adopt(src: ListenerSource, socket: net.Socket): [TcpStream, SocketAddr] {
  socket.off("error", noop);
  const peer: SocketAddr = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, family: socket.remoteFamily };
  const driver = src.driver;
  return [new TcpStream(new SocketSource(socket, driver, formatAddr(peer.address, peer.port), true)), peer];
}

function noop(): void {}

/** Future for {@link TcpListener.accept}. */
export class TcpAccept extends Future<[TcpStream, SocketAddr]> {
  constructor(
    private readonly src: ListenerSource,
    private readonly label: string,
  ) {
    super();
  }
  poll(cx: Context): Poll<[TcpStream, SocketAddr]> {
    const s = this.src.pollNext(cx, this);
    return s === Pending ? Pending : adopt(this.src, s);
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
    private readonly src: ListenerSource,
    private readonly label: string,
  ) {
    super();
  }
  pollNext(cx: Context): Poll<TcpStream | End> {
    if (this.src.isClosed) return End;
    const s = this.src.pollNext(cx, this);
    return s === Pending ? Pending : adopt(this.src, s)[0];
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
export class TcpBind extends Opening<ListenerSource, TcpListener> {
  constructor(
    private readonly addr: HostPort,
    private readonly backlog: number,
  ) {
    super();
  }

  protected open(): ListenerSource {
    const driver = currentRuntime("TcpListener.bind(addr)").driver;
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const src = new ListenerSource(server, driver, this.backlog, noop);
    server.listen({ host: this.addr.host, port: this.addr.port, backlog: this.backlog });
    return src;
  }

  protected pollOpen(src: ListenerSource, cx: Context): Poll<true> {
    return src.pollReady(cx, this);
  }

  protected wrap(src: ListenerSource): TcpListener {
    return new TcpListener(src);
  }

  override describe(): string {
    return `TcpListener.bind(${formatAddr(this.addr.host, this.addr.port)})`;
  }
}
