/**
 * `SimListener`: the {@link ListenerIo} a `TcpListener` holds inside a
 * simulation. Bound at once (or failed: `EADDRINUSE`, `EADDRNOTAVAIL`);
 * each SYN that reaches it becomes a server-side {@link SimStream} in a
 * bounded backlog until `accept` takes it; past the backlog, connections
 * are refused.
 */
import { Pending, type Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { AddrInfo, ListenerIo, StreamIo } from "../../reactor/io/network";
import { ClosedResourceError } from "../../core/errors";
import { WaiterSlot } from "../../reactor/io/waiter-slot";
import type { SimStream } from "./stream";

/**
 * A listening simulated socket: a bounded backlog of connections, taken by `accept`.
 *
 * @example
 * const l = network.listen(driver, "0.0.0.0", 8080, 128); // bound at once, or failed (EADDRINUSE)
 * @internal
 */
export class SimListener implements ListenerIo {
  readonly #slot = new WaiterSlot("two tasks accept on the same TcpListener at once: accept in one task and hand streams out, or use incoming()");
  readonly #queue: [SimStream, AddrInfo][] = [];
  readonly #onClose: (l: SimListener) => void;
  readonly addr: AddrInfo;
  readonly backlog: number;
  refused = 0;
  #closed = false;
  #error: Error | null;

  constructor(addr: AddrInfo, backlog: number, error: Error | null, onClose: (l: SimListener) => void) {
    this.addr = addr;
    this.backlog = backlog;
    this.#error = error;
    this.#onClose = onClose;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get queued(): number {
    return this.#queue.length;
  }

  pollReady(cx: Context, owner: object): Poll<true> {
    this.#check();
    return true;
  }

  pollAccept(cx: Context, owner: object): Poll<[StreamIo, AddrInfo]> {
    this.#check();
    const c = this.#queue.shift();
    if (c !== undefined) return this.#slot.done(owner, c);
    this.#slot.register(cx, owner);
    return Pending;
  }

  cancel(owner: object): void {
    this.#slot.cancel(owner);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [s] of this.#queue.splice(0)) s.reset();
    this.#onClose(this);
    this.#slot.wake();
  }

  localAddr(): AddrInfo {
    return { ...this.addr };
  }

  /** A connection arrived (its SYN): false when the backlog is full (refused). */
  offer(end: SimStream): boolean {
    if (this.#closed || this.#queue.length >= this.backlog) {
      this.refused++;
      return false;
    }
    this.#queue.push([end, end.peerAddr()]);
    this.#slot.wake();
    return true;
  }

  /** The host crashed: gone, with its queued connections. */
  crash(): void {
    this.#closed = true;
    for (const [s] of this.#queue.splice(0)) s.crash();
    this.#slot.wake();
  }

  #check(): void {
    if (this.#closed) throw new ClosedResourceError("accept on a TcpListener after close()");
    if (this.#error !== null) throw this.#error;
  }
}
