/**
 * `UdpSource`: readiness over a Node `dgram` socket.
 *
 * Node delivers datagrams as `'message'` events whether or not anyone is
 * receiving, and a `dgram` socket cannot be paused. They wait here in a
 * bounded queue until a `recv` poll takes one; when the queue is full, new
 * datagrams are dropped and counted (UDP may drop them anyway, and the
 * alternative, an unbounded queue, is a memory leak under load).
 */
import type { RemoteInfo, Socket } from "node:dgram";
import type { Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { Driver } from "../driver";
import type { AddrInfo, DatagramIo } from "./network";
import { QueuedSource } from "./queued-source";

/** Default number of datagrams that may wait for `recv`. */
export const DEFAULT_UDP_QUEUE = 1024;

/** A received datagram and its sender. */
export interface Datagram {
  msg: Buffer;
  rinfo: RemoteInfo;
}

/**
 * Readiness for one UDP socket.
 *
 * @example
 * const src = new UdpSource(dgram.createSocket("udp4"), driver, 1024);
 * const d = src.pollNext(cx, recvFuture); // { msg, rinfo }, or Pending
 */
export class UdpSource extends QueuedSource<Datagram> implements DatagramIo {
  readonly socket: Socket;
  /** Most datagrams kept waiting for `recv`. */
  readonly maxQueued: number;
  /** Datagrams dropped because the queue was full. */
  dropped = 0;

  constructor(socket: Socket, driver: Driver | null, maxQueued: number) {
    super(driver, "two tasks receive on the same UdpSocket at once", "use of a UdpSocket after close()");
    this.socket = socket;
    this.maxQueued = maxQueued;
    socket.on("message", this.#onMessage);
    socket.on("error", this.#onError);
    socket.once("listening", this.onReady);
  }

  /** Drops queued datagrams and closes the socket (called by `close()`). */
  protected closeHandle(): void {
    this.queue.clear();
    try {
      this.socket.close();
    } catch {
      // already closed by Node after an error: nothing is held
    }
  }

  /** The next received datagram (as {@link pollNext}). */
  pollRecv(cx: Context, owner: object): Poll<Datagram> {
    return this.pollNext(cx, owner);
  }

  /** Sets the default peer; `cb` runs once Node has resolved and connected it. */
  connect(host: string, port: number, cb: (e: Error | null) => void): void {
    this.socket.connect(port, host, () => cb(null));
  }

  /** Hands `msg` to the kernel for `host:port` (the connected peer when `host` is null). */
  send(msg: Buffer, host: string | null, port: number, cb: (e: Error | null, sent: number) => void): void {
    if (host === null) this.socket.send(msg, (e, n) => cb(e, n));
    else this.socket.send(msg, port, host, (e, n) => cb(e, n));
  }

  /** The address it is bound to. */
  localAddr(): AddrInfo {
    const a = this.socket.address();
    return { address: a.address, port: a.port, family: a.family };
  }

  readonly #onMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (this.queued >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.deliver({ msg, rinfo });
  };

  readonly #onError = (e: Error): void => this.fail(e, false);
}
