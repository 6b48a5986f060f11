/**
 * Simulated UDP: `SimUdp`, the {@link DatagramIo} a `UdpSocket` holds
 * inside a simulation. A datagram crosses its link after a latency drawn
 * from the seed, is lost with probability `udpLoss`, and is dropped across
 * a partition (a held link keeps it until `release`). Datagrams to a port
 * nobody has bound are dropped, as on a real network.
 */
import { Pending, type Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { AddrInfo, DatagramIn, DatagramIo } from "../../reactor/io/network";
import { ClosedResourceError } from "../../core/errors";
import { WaiterSlot } from "../../reactor/io/waiter-slot";

/** What a UDP socket needs of the network. @internal */
export interface UdpNet {
  /** Sends a datagram from `src` to `host:port` (resolving the name); calls `cb` as Node's `send` does. */
  sendDatagram(src: SimUdp, msg: Buffer, host: string, port: number, cb: (e: Error | null, sent: number) => void): void;
  /** Checks that `host` names a simulated host (`cb(ENOTFOUND)` if not); gives the name. */
  resolve(host: string): string | Error;
  forgetUdp(src: SimUdp): void;
}

/**
 * A bound simulated UDP socket.
 *
 * @example
 * const u = network.bindUdp(driver, "0.0.0.0", 53, 1024);
 * u.send(Buffer.from("q"), "dns", 53, (e, n) => {}); // n = 1; it may still be lost (udpLoss)
 * @internal
 */
export class SimUdp implements DatagramIo {
  readonly #slot = new WaiterSlot("two tasks receive on the same UdpSocket at once");
  readonly #queue: DatagramIn[] = [];
  readonly #net: UdpNet;
  readonly addr: AddrInfo;
  readonly maxQueued: number;
  dropped = 0;
  #peer: { host: string; port: number } | null = null;
  #closed = false;

  constructor(net: UdpNet, addr: AddrInfo, maxQueued: number) {
    this.#net = net;
    this.addr = addr;
    this.maxQueued = maxQueued;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  pollReady(): Poll<true> {
    this.#check();
    return true;
  }

  pollRecv(cx: Context, owner: object): Poll<DatagramIn> {
    this.#check();
    const d = this.#queue.shift();
    if (d !== undefined) return this.#slot.done(owner, d);
    this.#slot.register(cx, owner);
    return Pending;
  }

  cancel(owner: object): void {
    this.#slot.cancel(owner);
  }

  connect(host: string, port: number, cb: (e: Error | null) => void): void {
    const name = this.#net.resolve(host);
    if (name instanceof Error) return cb(name);
    this.#peer = { host: name, port };
    cb(null);
  }

  send(msg: Buffer, host: string | null, port: number, cb: (e: Error | null, sent: number) => void): void {
    if (host === null) {
      const p = this.#peer;
      if (p === null) return cb(Object.assign(new Error("send EDESTADDRREQ: the socket is not connected"), { code: "EDESTADDRREQ", syscall: "send" }), 0);
      return this.#net.sendDatagram(this, msg, p.host, p.port, cb);
    }
    this.#net.sendDatagram(this, msg, host, port, cb);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#net.forgetUdp(this);
    this.#slot.wake();
  }

  localAddr(): AddrInfo {
    return { ...this.addr };
  }

  /** A datagram arrived from `from`. */
  arrive(msg: Buffer, from: AddrInfo): void {
    if (this.#closed) return;
    const p = this.#peer;
    if (p !== null && (p.host !== from.address || p.port !== from.port)) return; // connected: others are filtered out
    if (this.#queue.length >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.#queue.push({ msg, rinfo: { ...from, size: msg.length } as AddrInfo });
    this.#slot.wake();
  }

  /** The host crashed: the socket is gone. */
  crash(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#slot.wake();
  }

  #check(): void {
    if (this.#closed) throw new ClosedResourceError("use of a UdpSocket after close()");
  }
}
