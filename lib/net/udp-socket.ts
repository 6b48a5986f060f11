/**
 * `UdpSocket`: datagrams, as futures.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { ClosedResourceError } from "../core/errors";
import type { DatagramIo } from "../reactor/io/network";
import { DEFAULT_UDP_QUEUE } from "../reactor/io/socket-udp";
import { currentDriver } from "../reactor/current";
import { Opening } from "./opening";
import { checkBytes } from "../core/check";
import { formatAddr, HostPort, parseAddr, SocketAddr, ToSocketAddr } from "./addr";

/**
 * A UDP socket. `recv`/`recvFrom` wait for a datagram (one that does not fit
 * the buffer is truncated, as in Rust); `send`/`sendTo` complete when the
 * kernel has taken the datagram. Received datagrams wait in a bounded queue
 * (`dropped` counts those that did not fit).
 *
 * @example
 * const sock = yield* UdpSocket.bind("127.0.0.1:0");
 * yield* sock.sendTo(new TextEncoder().encode("ping"), "127.0.0.1:9999");
 * const [n, from] = yield* sock.recvFrom(buf);
 */
export class UdpSocket implements Disposable {
  readonly #src: DatagramIo;
  #peer: string | null = null;

  /** @internal Use {@link UdpSocket.bind}. */
  constructor(src: DatagramIo) {
    this.#src = src;
  }

  /**
   * Binds to `addr` (`"127.0.0.1:0"` for any free port). IPv4 or IPv6 follows
   * the address. A port in use throws Node's `EADDRINUSE` error.
   *
   * @example
   * const sock = yield* UdpSocket.bind("127.0.0.1:0");
   */
  static bind(addr: ToSocketAddr): Future<UdpSocket> {
    return new UdpBind(parseAddr(addr, "UdpSocket.bind(addr)", true));
  }

  /** Sets the default peer for `send` and filters `recv` to it. */
  connect(addr: ToSocketAddr): Future<void> {
    const hp = parseAddr(addr, "UdpSocket.connect(addr)", false);
    return new UdpCallback<void>(this.#src, `UdpSocket.connect(${formatAddr(hp.host, hp.port)})`, (cb) => {
      this.#peer = formatAddr(hp.host, hp.port);
      this.#src.connect(hp.host, hp.port, (e) => cb(e, undefined));
    });
  }

  /** Sends `data` to the connected peer: the bytes sent. */
  send(data: Uint8Array): Future<number> {
    checkBytes("UdpSocket.send(data)", "data", data);
    const copy = Buffer.from(data);
    return new UdpCallback<number>(this.#src, `UdpSocket.send(${this.#peer ?? "not connected"}, ${data.length} bytes)`, (cb) => {
      this.#src.send(copy, null, 0, cb);
    });
  }

  /** Sends `data` to `addr`: the bytes sent. */
  sendTo(data: Uint8Array, addr: ToSocketAddr): Future<number> {
    checkBytes("UdpSocket.sendTo(data, addr)", "data", data);
    const hp = parseAddr(addr, "UdpSocket.sendTo(data, addr)", false);
    const copy = Buffer.from(data);
    return new UdpCallback<number>(this.#src, `UdpSocket.sendTo(${formatAddr(hp.host, hp.port)}, ${data.length} bytes)`, (cb) => {
      this.#src.send(copy, hp.host, hp.port, cb);
    });
  }

  /** Receives one datagram into `buf`: its length (truncated to `buf.length`). */
  recv(buf: Uint8Array): Future<number> {
    checkBytes("UdpSocket.recv(buf)", "buf", buf);
    return new UdpRecv(this.#src, buf, false) as Future<number>;
  }

  /** Receives one datagram into `buf`: `[length, sender]`. */
  recvFrom(buf: Uint8Array): Future<[number, SocketAddr]> {
    checkBytes("UdpSocket.recvFrom(buf)", "buf", buf);
    return new UdpRecv(this.#src, buf, true) as Future<[number, SocketAddr]>;
  }

  /** The address it is bound to. */
  localAddr(): SocketAddr {
    return this.#src.localAddr();
  }

  /** Datagrams dropped because nobody received them fast enough. */
  get dropped(): number {
    return this.#src.dropped;
  }

  /** Closes the socket; a waiting `recv` throws `ClosedResourceError`. */
  close(): void {
    this.#src.close();
  }

  /** Same as `close()`, so `using socket = ...` closes the socket when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** How the socket reads in a task dump: its local address. */
  describe(): string {
    return `UdpSocket(${formatAddr(this.localAddr().address, this.localAddr().port)})`;
  }
}

/** Future for {@link UdpSocket.bind}. */
class UdpBind extends Opening<DatagramIo, UdpSocket> {
  constructor(private readonly addr: HostPort) {
    super();
  }

  protected open(): DatagramIo {
    const driver = currentDriver("UdpSocket.bind(addr)");
    return driver.network.bindUdp(driver, this.addr.host, this.addr.port, DEFAULT_UDP_QUEUE);
  }

  protected pollOpen(src: DatagramIo, cx: Context): Poll<true> {
    return src.pollReady(cx, this);
  }

  protected wrap(src: DatagramIo): UdpSocket {
    return new UdpSocket(src);
  }

  override describe(): string {
    return `UdpSocket.bind(${formatAddr(this.addr.host, this.addr.port)})`;
  }
}

/** Future for `recv` and `recvFrom`. */
class UdpRecv extends Future<number | [number, SocketAddr]> {
  constructor(
    private readonly src: DatagramIo,
    private readonly buf: Uint8Array,
    private readonly from: boolean,
  ) {
    super();
  }
  poll(cx: Context): Poll<number | [number, SocketAddr]> {
    const d = this.src.pollRecv(cx, this);
    if (d === Pending) return Pending;
    const n = Math.min(d.msg.length, this.buf.length);
    this.buf.set(n === d.msg.length ? d.msg : d.msg.subarray(0, n));
    return this.from ? [n, { address: d.rinfo.address, port: d.rinfo.port, family: d.rinfo.family }] : n;
  }
  override cancel(): void {
    this.src.cancel(this);
  }
  override describe(): string {
    return `UdpSocket.${this.from ? "recvFrom" : "recv"}(${this.buf.length} bytes)`;
  }
}

/**
 * A Node call that reports through a callback, as a future: started on the
 * first poll, ready when the callback runs. Cancelling it forgets the waker;
 * the datagram may still go out (it was handed to the kernel).
 */
class UdpCallback<T> extends Future<T> {
  #started = false;
  #done = false;
  #error: Error | null = null;
  #value: T | undefined;
  #waker: Waker | null = null;
  constructor(
    private readonly src: DatagramIo,
    private readonly what: string,
    private readonly start: (cb: (e: Error | null, v: T) => void) => void,
  ) {
    super();
  }
  poll(cx: Context): Poll<T> {
    if (!this.#started) {
      if (this.src.isClosed) throw new ClosedResourceError(`${this.what} after close()`);
      this.#started = true;
      try {
        this.start(this.#callback);
      } catch (e) {
        this.#done = true;
        throw e;
      }
    }
    if (this.#done) {
      if (this.#error !== null) throw this.#error;
      return this.#value as T;
    }
    this.#waker = cx.waker;
    return Pending;
  }
  override cancel(): void {
    this.#waker = null;
  }
  override describe(): string {
    return this.what;
  }
  readonly #callback = (e: Error | null, v: T): void => {
    this.#done = true;
    this.#error = e ?? null;
    this.#value = v;
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  };
}
