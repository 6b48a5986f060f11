/**
 * `ListenerSource`: readiness over a listening Node `net.Server`.
 *
 * Node accepts connections on its own, whenever the loop turns; `accept()`
 * in genfut is a poll. The two meet in a bounded backlog: a connection Node
 * accepted before anyone asked waits here, paused (the server is created
 * with `pauseOnConnect`, so not a byte is read from it yet), until an
 * `accept` poll takes it.
 *
 * When the backlog is full, further connections are reset at once and
 * counted in `refused`, as Linux does with `tcp_abort_on_overflow`. Node has
 * no public way to stop accepting on a listening handle (which would leave
 * them in the kernel's queue), so resetting is the bounded alternative to an
 * unbounded queue.
 */
import type { Server, Socket } from "node:net";
import { Pending, Poll } from "../core/poll";
import type { Context } from "../core/waker";
import type { Driver } from "./driver";
import { Fifo } from "./fifo";
import { WaiterSlot } from "./waiter-slot";
import { ClosedResourceError } from "./socket-errors";

/** Default number of accepted connections that may wait for `accept()`. */
export const DEFAULT_BACKLOG = 1024;

/**
 * Readiness for one listening server.
 *
 * @example
 * const src = new ListenerSource(net.createServer({ pauseOnConnect: true }), driver, 128, () => {});
 * const socket = src.pollAccept(cx, acceptFuture); // a Socket, or Pending
 */
export class ListenerSource {
  readonly server: Server;
  /** Most connections kept waiting for `accept()`. */
  readonly backlog: number;
  /** Connections reset because the backlog was full. */
  refused = 0;
  #driver: Driver | null;
  /** Handles errors of a queued, not yet accepted socket (it is reset and reads as ended). */
  readonly #queuedError: (e: Error) => void;
  readonly #queue = new Fifo<Socket>();
  readonly #slot = new WaiterSlot("two tasks accept on the same TcpListener at once: accept in one task and hand streams out, or use incoming()");
  #listening = false;
  #error: Error | null = null;
  #closed = false;

  constructor(server: Server, driver: Driver | null, backlog: number, queuedError: (e: Error) => void) {
    this.server = server;
    this.#queuedError = queuedError;
    this.backlog = backlog;
    this.#driver = driver;
    if (driver !== null) driver.ioSources++;
    server.on("connection", this.#onConnection);
    server.on("error", this.#onError);
    server.once("listening", this.#onListening);
  }

  /** The driver accepted sockets are counted on (null once closed). */
  get driver(): Driver | null {
    return this.#driver;
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** Connections accepted by Node and waiting for `accept()`. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Ready once the server listens; throws its error (`EADDRINUSE`) otherwise. */
  pollListening(cx: Context, owner: object): Poll<true> {
    this.#check();
    if (this.#listening) return this.#slot.done(owner, true);
    this.#slot.register(cx, owner);
    return Pending;
  }

  /** The next waiting connection, or `Pending` with the waker registered. */
  pollAccept(cx: Context, owner: object): Poll<Socket> {
    this.#check();
    const s = this.#queue.shift();
    if (s !== undefined) return this.#slot.done(owner, s);
    this.#slot.register(cx, owner);
    return Pending;
  }

  /** Forgets `owner`'s registration (its future was cancelled). */
  cancel(owner: object): void {
    this.#slot.cancel(owner);
  }

  /**
   * Stops listening, resets connections nobody accepted, and wakes a waiting
   * `accept` (which then throws {@link ClosedResourceError}). Connections
   * already accepted are not touched. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.clear((s) => s.destroy());
    this.server.close();
    const d = this.#driver;
    if (d !== null) {
      this.#driver = null;
      d.ioSources--;
    }
    this.#slot.wake();
  }

  #check(): void {
    if (this.#closed) throw new ClosedResourceError("accept on a TcpListener after close()");
    if (this.#error !== null) throw this.#error;
  }


  readonly #onConnection = (socket: Socket): void => {
    if (this.#closed || this.queued >= this.backlog) {
      this.refused++;
      socket.destroy();
      return;
    }
    socket.on("error", this.#queuedError);
    this.#queue.push(socket);
    this.#slot.wake();
  };

  readonly #onError = (e: Error): void => {
    if (this.#error === null) this.#error = e;
    if (!this.#listening) {
      // Never listened (EADDRINUSE): nothing is held any more.
      const d = this.#driver;
      this.#driver = null;
      if (d !== null) d.ioSources--;
    }
    this.#slot.wake();
  };

  readonly #onListening = (): void => {
    this.#listening = true;
    this.#slot.wake();
  };
}
