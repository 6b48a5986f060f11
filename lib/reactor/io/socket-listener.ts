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
import type { AddressInfo, Server, Socket } from "node:net";
import { Pending, type Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { Driver } from "../driver";
import type { AddrInfo, ListenerIo } from "./network";
import { QueuedSource } from "./queued-source";
import { SocketSource } from "./socket-source";

/** Default number of accepted connections that may wait for `accept()`. */
export const DEFAULT_BACKLOG = 1024;

/**
 * Readiness for one listening server.
 *
 * @example
 * const src = new ListenerSource(net.createServer({ pauseOnConnect: true }), driver, 128, () => {});
 * const socket = src.pollNext(cx, acceptFuture); // a Socket, or Pending
 */
export class ListenerSource extends QueuedSource<Socket> implements ListenerIo {
  readonly server: Server;
  /** Most connections kept waiting for `accept()`. */
  readonly backlog: number;
  /** Connections reset because the backlog was full. */
  refused = 0;
  /** Handles errors of a queued, not yet accepted socket (it is reset and reads as ended). */
  readonly #queuedError: (e: Error) => void;

  constructor(server: Server, driver: Driver | null, backlog: number, queuedError: (e: Error) => void) {
    super(driver, "two tasks accept on the same TcpListener at once: accept in one task and hand streams out, or use incoming()", "accept on a TcpListener after close()");
    this.server = server;
    this.#queuedError = queuedError;
    this.backlog = backlog;
    server.on("connection", this.#onConnection);
    server.on("error", this.#onError);
    server.once("listening", this.onReady);
  }

  /**
   * Stops listening and resets connections nobody accepted (called by
   * `close()`, which also wakes a waiting `accept`). Connections already
   * accepted are not touched.
   */
  protected closeHandle(): void {
    this.queue.clear((s) => s.destroy());
    this.server.close();
  }

  /** The next connection, taken over by a {@link SocketSource} on this listener's driver, and its peer's address. */
  pollAccept(cx: Context, owner: object): Poll<[SocketSource, AddrInfo]> {
    const socket = this.pollNext(cx, owner);
    if (socket === Pending) return Pending;
    socket.off("error", this.#queuedError);
    const peer: AddrInfo = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, family: socket.remoteFamily };
    return [new SocketSource(socket, this.driver, formatPeer(peer), true), peer];
  }

  /** The address it listens on. */
  localAddr(): AddrInfo {
    const a = this.server.address() as AddressInfo;
    return { address: a.address, port: a.port, family: a.family };
  }

  readonly #onConnection = (socket: Socket): void => {
    if (this.isClosed || this.queued >= this.backlog) {
      this.refused++;
      socket.destroy();
      return;
    }
    socket.on("error", this.#queuedError);
    this.deliver(socket);
  };

  // Never listened (EADDRINUSE): nothing is held any more.
  readonly #onError = (e: Error): void => this.fail(e, true);
}

/** `address:port`, with brackets around an IPv6 address (the label of an accepted stream in dumps). */
function formatPeer(a: AddrInfo): string {
  return a.address.includes(":") ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
