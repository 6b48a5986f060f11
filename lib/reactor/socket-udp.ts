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
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import type { Driver } from "./driver";
import { Fifo } from "./fifo";
import { BusyError, ClosedResourceError } from "./socket-errors";

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
 * const d = src.pollRecv(cx, recvFuture); // { msg, rinfo }, or Pending
 */
export class UdpSource {
  readonly socket: Socket;
  /** Most datagrams kept waiting for `recv`. */
  readonly maxQueued: number;
  /** Datagrams dropped because the queue was full. */
  dropped = 0;
  #driver: Driver | null;
  readonly #queue = new Fifo<Datagram>();
  #owner: object | null = null;
  #waker: Waker | null = null;
  #bound = false;
  #error: Error | null = null;
  #closed = false;

  constructor(socket: Socket, driver: Driver | null, maxQueued: number) {
    this.socket = socket;
    this.maxQueued = maxQueued;
    this.#driver = driver;
    if (driver !== null) driver.ioSources++;
    socket.on("message", this.#onMessage);
    socket.on("error", this.#onError);
    socket.once("listening", this.#onListening);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Ready once bound; throws the bind error (`EADDRINUSE`). */
  pollBound(cx: Context, owner: object): Poll<true> {
    this.#check();
    if (this.#bound) return this.#done(owner, true);
    this.#register(cx, owner);
    return Pending;
  }

  /** The next datagram, or `Pending` with the waker registered. */
  pollRecv(cx: Context, owner: object): Poll<Datagram> {
    this.#check();
    const d = this.#queue.shift();
    if (d !== undefined) return this.#done(owner, d);
    this.#register(cx, owner);
    return Pending;
  }

  cancel(owner: object): void {
    if (this.#owner === owner) {
      this.#owner = null;
      this.#waker = null;
    }
  }

  /** Closes the socket; a waiting `recv` throws `ClosedResourceError`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.clear();
    try {
      this.socket.close();
    } catch {
      // already closed by Node after an error: nothing is held
    }
    const d = this.#driver;
    this.#driver = null;
    if (d !== null) d.ioSources--;
    this.#wake();
  }

  #check(): void {
    if (this.#closed) throw new ClosedResourceError("use of a UdpSocket after close()");
    if (this.#error !== null) throw this.#error;
  }

  #register(cx: Context, owner: object): void {
    if (this.#owner !== null && this.#owner !== owner) throw new BusyError("two tasks receive on the same UdpSocket at once");
    this.#owner = owner;
    this.#waker = cx.waker;
  }

  #done<T>(owner: object, v: T): T {
    if (this.#owner === owner) {
      this.#owner = null;
      this.#waker = null;
    }
    return v;
  }

  #wake(): void {
    const w = this.#waker;
    if (w !== null) {
      this.#waker = null;
      w.wake();
    }
  }

  readonly #onMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (this.#queue.length >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.#queue.push({ msg, rinfo });
    this.#wake();
  };

  readonly #onError = (e: Error): void => {
    if (this.#error === null) this.#error = e;
    this.#wake();
  };

  readonly #onListening = (): void => {
    this.#bound = true;
    this.#wake();
  };
}
