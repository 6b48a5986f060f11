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
import type { Context } from "../core/waker";
import type { Driver } from "./driver";
import { Fifo } from "./fifo";
import { WaiterSlot } from "./waiter-slot";
import { ClosedResourceError } from "./socket-errors";

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
  readonly #slot = new WaiterSlot("two tasks receive on the same UdpSocket at once");
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
    if (this.#bound) return this.#slot.done(owner, true);
    this.#slot.register(cx, owner);
    return Pending;
  }

  /** The next datagram, or `Pending` with the waker registered. */
  pollRecv(cx: Context, owner: object): Poll<Datagram> {
    this.#check();
    const d = this.#queue.shift();
    if (d !== undefined) return this.#slot.done(owner, d);
    this.#slot.register(cx, owner);
    return Pending;
  }

  cancel(owner: object): void {
    this.#slot.cancel(owner);
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
    this.#slot.wake();
  }

  #check(): void {
    if (this.#closed) throw new ClosedResourceError("use of a UdpSocket after close()");
    if (this.#error !== null) throw this.#error;
  }


  readonly #onMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    if (this.#queue.length >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.#queue.push({ msg, rinfo });
    this.#slot.wake();
  };

  readonly #onError = (e: Error): void => {
    if (this.#error === null) this.#error = e;
    this.#slot.wake();
  };

  readonly #onListening = (): void => {
    this.#bound = true;
    this.#slot.wake();
  };
}
