/**
 * Simulated TCP: `SimStream`, one end of a connection, the {@link StreamIo}
 * a `TcpStream` holds inside a simulation (its listener is in `listener.ts`).
 *
 * A connection is two ends and two {@link Channel}s. What crosses them is
 * TCP's vocabulary: SYN (connect), SYN-ACK or RST (accepted or refused),
 * data segments, FIN (`shutdown()`, or `close()` after the data), RST
 * (`reset()`, `close()` with unread data as Linux does, a crash, or data
 * arriving for an end that is gone). An RST makes the other end's next read
 * or write throw `ECONNRESET` and drops what it had not read, as the kernel
 * does.
 *
 * Backpressure: a sender may have at most `WINDOW` bytes in flight plus
 * unread at the receiver; a write past it waits until the reader takes some
 * (the window update itself is taken to be instant).
 *
 * Why one file past 300 lines: `SimStream` is one end of one connection, and
 * its two faces, the `StreamIo` polls its `TcpStream` makes and the arrivals
 * the peer's channel delivers (SYN-ACK, data, FIN, RST, and a crash), change
 * the same private state: `#chunks` and `buffered`, `#eof`, `#error`,
 * `#reset`, `#finSent`, the two waiter slots. Each TCP rule above is kept by
 * code on both faces (an RST drops what is unread and fails the next poll;
 * the room a write sees is what the peer has not read, and a read wakes the
 * peer's writer), so the faces cannot be split without exposing those
 * fields. It is nearly all code: about 60 of its lines are comments.
 */
import { Pending, type Poll } from "../../core/poll";
import type { Context } from "../../core/waker";
import type { AddrInfo, StreamIo } from "../../reactor/io/network";
import { BrokenPipeError, ClosedResourceError } from "../../core/errors";
import { DEFAULT_LINGER, MAX_WRITE } from "../../reactor/io/socket-limits";
import { WaiterSlot } from "../../reactor/io/waiter-slot";
import type { Channel } from "./channel";
import { sysError } from "./errors";

/**
 * The receive window: unread plus in-flight bytes a sender may have towards one end.
 *
 * @example
 * // a writer of 1 MiB to a reader that never reads gets WINDOW bytes accepted, then waits
 */
export const WINDOW = 64 * 1024;

/** What an end needs of the network. @internal */
export interface StreamNet {
  /** A channel from host `from` to host `to`. */
  channel(from: string, to: string): Channel;
  /** The end is gone: frees its port and forgets it. */
  forget(end: SimStream): void;
  trace(text: string): void;
}

/**
 * One end of a simulated TCP connection (made by the network's `connect` and
 * by a SYN arriving at a listener).
 *
 * @example
 * const end = network.connect(driver, "db", 5432); // a SimStream, connecting
 * end.pollConnect(cx, connectFuture);              // Pending, then true (or ECONNREFUSED)
 * @internal
 */
export class SimStream implements StreamIo {
  readonly label: string;
  /** As a real socket's: only 0 (abortive close) differs here, since the bytes already are "with the kernel". */
  linger = DEFAULT_LINGER;
  readonly local: AddrInfo;
  readonly peer: AddrInfo;
  /** Towards the peer. */
  readonly out: Channel;
  /** The other end, once known (the server's end knows it from the start). */
  remote: SimStream | null = null;
  #net: StreamNet;
  #connected: boolean;
  #chunks: Buffer[] = [];
  #off = 0;
  /** Unread bytes. */
  buffered = 0;
  #eof = false;
  #error: Error | null = null;
  #closed = false;
  #finSent = false;
  /** An RST went out, or came in: nothing more crosses. */
  #reset = false;
  readonly #reads = new WaiterSlot("two tasks read from the same socket at once: give each its own half with split()");
  readonly #writes = new WaiterSlot("two tasks write to the same socket at once: give each its own half with split()");

  constructor(net: StreamNet, local: AddrInfo, peer: AddrInfo, out: Channel, connected: boolean) {
    this.#net = net;
    this.local = local;
    this.peer = peer;
    this.out = out;
    this.#connected = connected;
    this.label = `${peer.address}:${peer.port}`;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Nothing can arrive or leave any more (closed by us, or reset). */
  get gone(): boolean {
    return this.#closed || this.#reset;
  }

  // ---- StreamIo --------------------------------------------------------------

  pollConnect(cx: Context, owner: object): Poll<true> {
    this.#check("connect");
    if (this.#connected) return this.#writes.done(owner, true);
    this.#writes.register(cx, owner);
    return Pending;
  }

  pollRead(cx: Context, owner: object, buf: Uint8Array): Poll<number> {
    const r = this.#readable(cx, owner, buf.length === 0);
    if (r !== true) return r === Pending ? Pending : this.#reads.done(owner, 0);
    let n = 0;
    while (n < buf.length && this.buffered > 0) {
      const c = this.#chunks[0];
      const take = Math.min(c.length - this.#off, buf.length - n);
      c.copy(buf, n, this.#off, this.#off + take);
      n += take;
      this.#consumed(take);
    }
    return this.#reads.done(owner, n);
  }

  pollReadChunk(cx: Context, owner: object, max: number): Poll<Buffer | null> {
    const r = this.#readable(cx, owner, false);
    if (r !== true) return r === Pending ? Pending : this.#reads.done(owner, null);
    const c = this.#chunks[0];
    const take = Math.min(c.length - this.#off, max);
    const out = c.subarray(this.#off, this.#off + take);
    this.#consumed(take);
    return this.#reads.done(owner, out);
  }

  unread(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.#closed) return;
    const rest = this.#chunks;
    if (rest.length > 0 && this.#off > 0) rest[0] = rest[0].subarray(this.#off);
    this.#chunks = [Buffer.from(bytes), ...rest];
    this.#off = 0;
    this.buffered += bytes.length;
  }

  pollWrite(cx: Context, owner: object, data: Uint8Array): Poll<number> {
    const room = this.#writable(cx, owner, data.length === 0);
    if (room === Pending) return Pending;
    if (room === 0) return this.#writes.done(owner, 0);
    const n = Math.min(data.length, room, MAX_WRITE);
    this.#sendData(Buffer.from(data.subarray(0, n))); // copied: the caller may reuse its buffer
    return this.#writes.done(owner, n);
  }

  pollWriteChunk(cx: Context, owner: object, data: Uint8Array): Poll<void> {
    const room = this.#writable(cx, owner, data.length === 0);
    if (room === Pending) return Pending;
    // As over Node: taken whole once there is any room (the buffer is the socket's now).
    if (room > 0) this.#sendData(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length));
    return this.#writes.done(owner, undefined);
  }

  pollFlush(cx: Context, owner: object): Poll<void> {
    this.#check("flush");
    return this.#writes.done(owner, undefined);
  }

  pollShutdown(cx: Context, owner: object): Poll<void> {
    this.#check("shutdown");
    this.#sendFin();
    return this.#writes.done(owner, undefined);
  }

  cancelRead(owner: object): void {
    this.#reads.cancel(owner);
  }

  cancelWrite(owner: object): void {
    this.#writes.cancel(owner);
  }

  close(): void {
    if (this.#closed) return;
    // Linux resets a connection closed with bytes it never read; so does linger 0.
    if (this.buffered > 0 || this.linger === 0) this.#sendRst();
    else this.#sendFin();
    this.#closed = true;
    this.#chunks = [];
    this.buffered = this.#off = 0;
    this.#net.forget(this);
    this.#reads.wake();
    this.#writes.wake();
    this.remote?.wakeWriter(); // its window opened: nothing is unread here any more
  }

  reset(): void {
    if (!this.#closed) this.linger = 0;
    this.#sendRst();
    this.close();
  }

  peerAddr(): AddrInfo {
    return { ...this.peer };
  }

  localAddr(): AddrInfo {
    return { ...this.local };
  }

  setNoDelay(): void {
    // No Nagle here: every write is a segment of its own.
  }

  // ---- arrivals (called by the channel from the peer) ---------------------------

  /** The SYN-ACK: connected to `server`. */
  established(server: SimStream): void {
    if (this.gone) {
      // Connect was given up (cancelled) meanwhile: the server's end is reset.
      if (!this.#reset) this.#replyRst(server);
      return;
    }
    this.remote = server;
    this.#connected = true;
    this.#writes.wake();
  }

  /** The connection failed before it was made (`ECONNREFUSED`). */
  refused(e: Error): void {
    this.#reset = true;
    this.#fail(e);
  }

  data(bytes: Buffer, from: SimStream): void {
    if (this.#reset) return;
    if (this.#closed) {
      this.#replyRst(from); // data for an end that is gone: tell the sender
      return;
    }
    this.#chunks.push(bytes);
    this.buffered += bytes.length;
    this.#reads.wake();
  }

  fin(): void {
    if (this.gone) return;
    this.#eof = true;
    this.#reads.wake();
  }

  rst(): void {
    if (this.#reset) return;
    this.#reset = true;
    this.#chunks = [];
    this.buffered = this.#off = 0;
    if (!this.#closed) this.#fail(sysError("ECONNRESET", "read"));
    this.#net.forget(this);
  }

  /** The peer read: a writer waiting for the window may go on. */
  wakeWriter(): void {
    this.#writes.wake();
  }

  /** The host crashed: the end vanishes, and the peer gets a reset (after what is in flight). */
  crash(): void {
    this.#sendRst();
    this.#closed = true;
    this.#chunks = [];
    this.buffered = 0;
    this.#net.forget(this);
  }

  // ---- internals ------------------------------------------------------------------

  #sendData(bytes: Buffer): void {
    const to = this.remote!;
    this.out.post(() => to.data(bytes, this), bytes.length);
  }

  #sendFin(): void {
    if (this.#finSent || this.#reset || !this.#connected) return;
    this.#finSent = true;
    const to = this.remote!;
    this.out.post(() => to.fin());
  }

  #sendRst(): void {
    if (this.#reset) return;
    this.#reset = true;
    const to = this.remote;
    if (to !== null) {
      this.#net.trace(`tcp ${this.local.address}:${this.local.port} → ${this.label} reset`);
      this.out.post(() => to.rst());
    }
  }

  #replyRst(to: SimStream): void {
    this.out.post(() => to.rst());
  }

  #fail(e: Error): void {
    if (this.#error === null) this.#error = e;
    this.#reads.wake();
    this.#writes.wake();
  }

  #check(op: string): void {
    if (this.#closed) throw new ClosedResourceError(`${op} on a TcpStream after close()`);
    if (this.#error !== null) {
      this.#writes.clear();
      throw this.#error;
    }
  }

  #readable(cx: Context, owner: object, wantsNothing: boolean): boolean | Pending {
    if (this.#closed) throw new ClosedResourceError("read from a TcpStream after close()");
    this.#reads.claim(owner);
    if (this.buffered > 0) return true;
    if (this.#error !== null) {
      this.#reads.clear();
      throw this.#error;
    }
    if (wantsNothing || this.#eof) return false;
    this.#reads.register(cx, owner);
    return Pending;
  }

  /** Room in the peer's window (> 0), 0 for a write of nothing, or `Pending` with the writer registered. */
  #writable(cx: Context, owner: object, wantsNothing: boolean): number | Pending {
    this.#check("write");
    if (this.#finSent) throw new BrokenPipeError(`write to ${this.label} after shutdown()`);
    if (this.#reset) throw new BrokenPipeError(`write to ${this.label}: the connection is closed`);
    if (wantsNothing) return 0;
    const room = WINDOW - this.out.inflight - this.remote!.buffered;
    if (room <= 0) {
      this.#writes.register(cx, owner);
      return Pending;
    }
    return room;
  }

  #consumed(take: number): void {
    this.buffered -= take;
    const c = this.#chunks[0];
    if (this.#off + take === c.length) {
      this.#chunks.shift();
      this.#off = 0;
    } else {
      this.#off += take;
    }
    this.remote?.wakeWriter();
  }
}
