/**
 * `SocketSource`: readiness over one Node socket, in the style of mio.
 *
 * Leaf futures in `net/` never subscribe to Node events themselves. They ask
 * the source to *try* an operation (`pollRead`, `pollWrite`, ...); the source
 * attempts it without blocking, and when it would block it stores the waker
 * of that poll and returns `Pending`. Node's events only wake; they never
 * carry data anywhere.
 *
 * - Reading: Node's `'data'` events append chunks to a queue here, and a
 *   read poll copies from its front into the caller's buffer. When the queue
 *   holds `READ_AHEAD` bytes the socket is paused (Node stops reading from
 *   the kernel, and the peer's writes are held back by TCP itself); a read
 *   that takes it below resumes it. So nothing is lost between a readiness
 *   event and the next poll (the bytes are in the queue), and read-ahead is
 *   bounded: `READ_AHEAD`, plus one chunk, plus Node's own high-water mark.
 * - Writing respects backpressure: a write is accepted only while Node holds
 *   less than `writableHighWaterMark`; past it the writer waits for `'drain'`.
 *   Bytes are copied on the way in (the caller may reuse its buffer as soon
 *   as `write` returns, as with a kernel write), into a scratch buffer that
 *   all sockets share when Node holds nothing else: the common case
 *   allocates nothing and copies within the CPU cache.
 * - Listeners are attached once per socket, and each direction holds only the
 *   waker of its latest poll. Cancelling a poll clears its registration.
 *
 * Rejected: Node's paused mode (`socket.read()`, re-armed by `'readable'`).
 * It is mio's shape exactly, but every chunk then goes through Node's
 * buffer list, a `process.nextTick` before `'readable'`, and `read()`'s
 * bookkeeping: on the W6 echo it cost about 5 µs more server CPU per 16 KiB
 * message than this queue (W6 in `npm run bench`, server CPU per request), and
 * latency rose with it. The queue keeps the same contract (try, else
 * register the waker) with a pause/resume for the bound.
 *
 * Why one file past 300 lines: reading, writing and closing (with its
 * linger) all work on the same private state of one socket (the queue, the
 * pause flag, the two wakers, closed/ended/error), and each polls it on the
 * W6 path; split into files, that state would sit behind accessors.
 */
import type { Socket } from "node:net";
import { Pending, Poll } from "../../core/poll";
import { Context, Waker } from "../../core/waker";
import type { Driver } from "../driver";
import type { AddrInfo, StreamIo } from "./network";
import { BusyError, ClosedResourceError, BrokenPipeError } from "../../core/errors";
import { releaseScratch, scratchFor } from "./socket-scratch";

import { DEFAULT_LINGER, MAX_WRITE, READ_AHEAD } from "./socket-limits";
export { MAX_WRITE, READ_AHEAD };
const EMPTY = Buffer.alloc(0);

/**
 * Readiness for one connected (or connecting) Node socket. Leaf futures call
 * its `poll*` methods with themselves as `owner`, and `cancel*` when dropped.
 *
 * @example
 * class Read extends Future<number> {
 *   constructor(private src: SocketSource, private buf: Uint8Array) { super(); }
 *   poll(cx: Context) { return this.src.pollRead(cx, this, this.buf); }
 *   cancel() { this.src.cancelRead(this); }
 * }
 */
export class SocketSource implements StreamIo {
  readonly socket: Socket;
  /** `address:port` of the peer, for task dumps (the target while connecting). */
  readonly label: string;
  #driver: Driver | null;
  #reader: object | null = null;
  #readWaker: Waker | null = null;
  #writer: object | null = null;
  #writeWaker: Waker | null = null;
  /**
   * Received chunks not yet read: `#chunks[#head..#tail)`, the first from
   * offset `#off` on. The array is reused (never emptied), so queueing a
   * chunk allocates nothing.
   */
  #chunks: Buffer[] = [];
  #head = 0;
  #tail = 0;
  #off = 0;
  /** Bytes in the queue. Invariant: the socket is paused by us iff `#paused`. */
  #buffered = 0;
  #paused = false;
  #eof = false;
  #error: Error | null = null;
  /** Our own code called `close()`. */
  #closed = false;
  #connected: boolean;

  #flushQueued = false;

  /**
   * Milliseconds `close()` lets Node deliver the bytes it still holds before
   * the connection is reset (`SO_LINGER`): 0 makes `close()` abortive,
   * `Infinity` waits for the peer however long it takes.
   */
  linger = DEFAULT_LINGER;
  /** While a closed socket lingers: the timer that resets it when `linger` is up. */
  #lingerTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Takes over `socket`: attaches the listeners and counts it as an I/O
   * source of `driver` until it closes.
   */
  constructor(socket: Socket, driver: Driver | null, label: string, connected: boolean) {
    this.socket = socket;
    this.label = label;
    this.#driver = driver;
    this.#connected = connected;
    if (driver !== null) driver.ioSources++;
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    socket.on("drain", this.#wakeWriter);
    socket.on("finish", this.#onFinish);
    if (!connected) socket.once("connect", this.#onConnect);
    // A socket accepted with pauseOnConnect is explicitly paused: start it flowing.
    socket.resume();
  }

  /** The error the socket failed with, if any. */
  get error(): Error | null {
    return this.#error;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  // ---- polls -------------------------------------------------------------

  /** Ready (true) once connected; throws the connection error (`ECONNREFUSED`). */
  pollConnect(cx: Context, owner: object): Poll<true> {
    this.#check("connect", true);
    if (this.#connected) return this.#doneWriting(owner, true);
    this.#registerWriter(cx, owner);
    return Pending;
  }

  /** Copies up to `buf.length` bytes into `buf`: the count, 0 at end of stream. */
  pollRead(cx: Context, owner: object, buf: Uint8Array): Poll<number> {
    const r = this.#readable(cx, owner, buf.length === 0);
    if (r !== true) return r === Pending ? Pending : this.#doneReading(owner, 0);
    const chunks = this.#chunks;
    const want = buf.length;
    let n = 0;
    while (n < want && this.#buffered > 0) {
      const c = chunks[this.#head];
      const avail = c.length - this.#off;
      const take = avail <= want - n ? avail : want - n;
      c.copy(buf, n, this.#off, this.#off + take);
      n += take;
      this.#buffered -= take;
      if (take === avail) {
        chunks[this.#head++] = EMPTY;
        this.#off = 0;
      } else {
        this.#off += take;
      }
    }
    this.#afterTake();
    return this.#doneReading(owner, n);
  }

  /**
   * The front of the received bytes as a `Buffer`, without a copy: the rest
   * of the first queued chunk (as Node received it), at most `max` bytes;
   * `null` at end of stream. The caller owns the buffer.
   */
  pollReadChunk(cx: Context, owner: object, max: number): Poll<Buffer | null> {
    const r = this.#readable(cx, owner, false);
    if (r !== true) return r === Pending ? Pending : this.#doneReading(owner, null);
    const c = this.#chunks[this.#head];
    const off = this.#off;
    const avail = c.length - off;
    let out: Buffer;
    if (avail <= max) {
      out = off === 0 ? c : c.subarray(off);
      this.#chunks[this.#head++] = EMPTY;
      this.#off = 0;
    } else {
      out = c.subarray(off, off + max);
      this.#off = off + max;
    }
    this.#buffered -= out.length;
    this.#afterTake();
    return this.#doneReading(owner, out);
  }

  /**
   * Puts `bytes` back in front of the unread data: a cancelled `readExact`
   * returns what it had taken, so cancellation loses no byte.
   */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.#closed) return;
    const rest = this.#chunks.slice(this.#head, this.#tail);
    if (rest.length > 0 && this.#off > 0) rest[0] = rest[0].subarray(this.#off);
    this.#chunks = [Buffer.from(bytes), ...rest];
    this.#head = this.#off = 0;
    this.#tail = this.#chunks.length;
    this.#buffered += bytes.length;
  }

  /** Accepts up to `MAX_WRITE` bytes of `data` into Node's buffer: the count accepted. */
  pollWrite(cx: Context, owner: object, data: Uint8Array): Poll<number> {
    const w = this.#writable(cx, owner, data.length === 0);
    if (w !== true) return w === Pending ? Pending : this.#doneWriting(owner, 0);
    const s = this.socket;
    const n = data.length <= MAX_WRITE ? data.length : MAX_WRITE;
    const src = n === data.length ? data : data.subarray(0, n);
    if (s.writableLength === 0) {
      // Nothing is queued in Node, so the write goes straight to the kernel,
      // usually whole: copy through the scratch buffer that every socket
      // shares, which stays warm in the CPU cache (a buffer per socket would
      // be cold memory for every message of a busy server).
      const out = scratchFor(n);
      out.set(src);
      s.write(out);
      // writableLength counts bytes until libuv is done with them: if any
      // remain, Node holds the scratch buffer, so the next write needs another.
      if (s.writableLength !== 0) releaseScratch();
    } else {
      s.write(Buffer.from(src));
    }
    return this.#doneWriting(owner, n);
  }

  /**
   * Hands all of `data` to Node without copying it (the caller gives the
   * buffer up): ready once accepted, after waiting for `'drain'` while Node
   * holds a full buffer. All or nothing: a cancelled call wrote none of it.
   */
  pollWriteChunk(cx: Context, owner: object, data: Uint8Array): Poll<void> {
    const w = this.#writable(cx, owner, data.length === 0);
    if (w === Pending) return Pending;
    if (w) this.socket.write(data);
    return this.#doneWriting(owner, undefined);
  }

  /** Ready once Node has handed every accepted byte to the kernel. */
  pollFlush(cx: Context, owner: object): Poll<void> {
    this.#check("flush", true);
    const s = this.socket;
    if (s.writableLength === 0 || s.writableFinished) return this.#doneWriting(owner, undefined);
    this.#registerWriter(cx, owner);
    if (!this.#flushQueued && !s.writableEnded) {
      // An empty write's callback runs after every earlier write completed.
      this.#flushQueued = true;
      s.write(EMPTY, this.#onFlushed);
    }
    return Pending;
  }

  /** Half close: flushes, sends FIN, and is ready once Node has finished writing. */
  pollShutdown(cx: Context, owner: object): Poll<void> {
    this.#check("shutdown", true);
    const s = this.socket;
    if (!s.writableEnded) s.end();
    if (s.writableFinished) return this.#doneWriting(owner, undefined);
    this.#registerWriter(cx, owner);
    return Pending;
  }

  /** Forgets `owner`'s read registration (its future was cancelled). */
  cancelRead(owner: object): void {
    if (this.#reader === owner) {
      this.#reader = null;
      this.#readWaker = null;
    }
  }

  /** Forgets `owner`'s write-side registration (its future was cancelled). */
  cancelWrite(owner: object): void {
    if (this.#writer === owner) {
      this.#writer = null;
      this.#writeWaker = null;
    }
  }

  /**
   * Closes the socket; tasks waiting on it are woken and get a
   * {@link ClosedResourceError}. Idempotent.
   *
   * Bytes already accepted by `write` are the peer's: when Node still holds
   * some (the peer reads slowly, or not at all), the socket lingers until
   * Node has handed them to the kernel, then is destroyed (the kernel sends
   * them and the FIN on its own). If that takes longer than `linger` ms, the
   * connection is reset: the bytes could not be delivered anyway once the
   * handle is gone, and a reset tells the peer so, where a FIN would make a
   * cut-off stream look complete. With `linger` 0 the close is abortive.
   *
   * Rejected: `end()` and waiting for `'finish'`, with no bound (the
   * earlier design): a peer that never read kept the socket, its file
   * descriptor and the process alive until it left, and after `end()`
   * libuv can no longer reset the connection (`uv_tcp_close_reset` refuses
   * a socket that is shutting down).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks = [];
    this.#head = this.#tail = this.#off = this.#buffered = 0;
    const s = this.socket;
    if (!s.destroyed) {
      if (this.linger === 0) {
        this.#abort();
      } else if (s.writableLength === 0) {
        s.destroy();
      } else {
        // After our own shutdown(), 'finish' destroys it (see #onFinish); otherwise
        // an empty write's callback runs once every earlier write has reached the kernel.
        if (!s.writableEnded) s.write(EMPTY, this.#onClosingFlushed);
        if (this.linger !== Infinity) {
          this.#lingerTimer = setTimeout(this.#abort, this.linger);
          this.#lingerTimer.unref(); // the socket holds the loop while it lingers, not the timer too
        }
      }
    }
    this.#release();
    this.#wakeReader();
    this.#wakeWriter();
  }

  /**
   * Abortive close (tokio's `set_linger(Some(0))` and drop, Node's
   * `resetAndDestroy()`): the peer gets `ECONNRESET`, bytes not yet
   * delivered are dropped, and the handle goes at once, also when an
   * earlier `close()` still lingers. Idempotent.
   */
  reset(): void {
    if (!this.#closed) {
      this.linger = 0;
      this.close();
    } else {
      this.#abort();
    }
  }

  /** The peer's address, as Node reports it (empty once the socket is gone). */
  peerAddr(): AddrInfo {
    const s = this.socket;
    return { address: s.remoteAddress ?? "", port: s.remotePort ?? 0, family: s.remoteFamily };
  }

  /** This end's address, as Node reports it. */
  localAddr(): AddrInfo {
    const s = this.socket;
    return { address: s.localAddress ?? "", port: s.localPort ?? 0, family: s.localFamily };
  }

  /** Turns Nagle's algorithm off (`true`) or on. */
  setNoDelay(noDelay: boolean): void {
    this.socket.setNoDelay(noDelay);
  }

  // ---- internals -----------------------------------------------------------

  #check(op: string, writing: boolean): void {
    if (this.#closed) throw new ClosedResourceError(`${op} on a TcpStream after close()`);
    if (this.#error !== null) {
      if (writing) this.#writer = null;
      throw this.#error;
    }
  }

  /**
   * What every read checks first: true when bytes are queued; false at end
   * of stream (or for a read of nothing); `Pending`, with `owner`'s waker
   * registered, when it must wait. Throws the socket's error.
   */
  #readable(cx: Context, owner: object, wantsNothing: boolean): boolean | Pending {
    if (this.#closed) throw new ClosedResourceError("read from a TcpStream after close()");
    if (this.#reader !== null && this.#reader !== owner) throw busy("read");
    if (this.#buffered > 0) return true;
    if (this.#error !== null) {
      this.#reader = null;
      throw this.#error;
    }
    if (wantsNothing || this.#eof || this.socket.destroyed) return false;
    this.#reader = owner;
    this.#readWaker = cx.waker;
    return Pending;
  }

  /**
   * What every write checks first: true when Node will take bytes now;
   * false for a write of nothing; `Pending`, with `owner`'s waker registered
   * for `'drain'`, while Node holds a full buffer (backpressure). Throws when
   * the stream is closed, shut down or failed.
   */
  #writable(cx: Context, owner: object, wantsNothing: boolean): boolean | Pending {
    this.#check("write", true);
    const s = this.socket;
    if (s.writableEnded) throw new BrokenPipeError(`write to ${this.label} after shutdown()`);
    if (s.destroyed) throw new BrokenPipeError(`write to ${this.label}: the connection is closed`);
    if (wantsNothing) return false;
    if (s.writableLength >= s.writableHighWaterMark) {
      this.#registerWriter(cx, owner);
      return Pending;
    }
    return true;
  }

  /** After a read took bytes: reuse the chunk queue's front, and resume the socket once below the read-ahead bound. */
  #afterTake(): void {
    if (this.#head === this.#tail) {
      this.#head = this.#tail = 0;
    } else if (this.#head > 32) {
      const chunks = this.#chunks;
      const live = this.#tail - this.#head;
      chunks.copyWithin(0, this.#head, this.#tail);
      chunks.fill(EMPTY, live, this.#tail); // hold no stale chunk
      this.#tail = live;
      this.#head = 0;
    }
    if (this.#paused && this.#buffered < READ_AHEAD) {
      this.#paused = false;
      this.socket.resume();
    }
  }

  #registerWriter(cx: Context, owner: object): void {
    if (this.#writer !== null && this.#writer !== owner) throw busy("write");
    this.#writer = owner;
    this.#writeWaker = cx.waker;
  }

  #doneReading<T>(owner: object, v: T): T {
    if (this.#reader === owner) {
      this.#reader = null;
      this.#readWaker = null;
    }
    return v;
  }

  #doneWriting<T>(owner: object, v: T): T {
    if (this.#writer === owner) {
      this.#writer = null;
      this.#writeWaker = null;
    }
    return v;
  }

  /** Gives the I/O-source count back to the driver, once. */
  #release(): void {
    const d = this.#driver;
    if (d !== null) {
      this.#driver = null;
      d.ioSources--;
    }
  }

  readonly #wakeReader = (): void => {
    const w = this.#readWaker;
    if (w !== null) {
      this.#readWaker = null;
      w.wake();
    }
  };

  readonly #wakeWriter = (): void => {
    const w = this.#writeWaker;
    if (w !== null) {
      this.#writeWaker = null;
      w.wake();
    }
  };

  readonly #onData = (chunk: Buffer): void => {
    if (this.#closed) return; // closed by us while its last writes drain: nobody will read
    this.#chunks[this.#tail++] = chunk;
    this.#buffered += chunk.length;
    if (this.#buffered >= READ_AHEAD && !this.#paused) {
      // Nobody reads fast enough: stop taking bytes from the kernel (TCP tells the peer).
      this.#paused = true;
      this.socket.pause();
    }
    const w = this.#readWaker;
    if (w !== null) {
      this.#readWaker = null;
      // Once per loop turn for every socket of the runtime, not once per socket.
      // A source made without a driver (by hand, in a test) has no runtime to batch for.
      const d = this.#driver;
      if (d !== null) d.socketWakes.wakeLater(w);
      else w.wake();
    }
  };

  readonly #onEnd = (): void => {
    this.#eof = true;
    this.#wakeReader();
  };

  readonly #onError = (e: Error): void => {
    if (this.#error === null) this.#error = e;
    this.#wakeReader();
    this.#wakeWriter();
  };

  /** Resets the connection now (a closed socket's linger time is up, or `reset()`). */
  readonly #abort = (): void => {
    if (this.#lingerTimer !== null) {
      clearTimeout(this.#lingerTimer);
      this.#lingerTimer = null;
    }
    const s = this.socket;
    if (s.destroyed) return;
    // libuv cannot reset a socket that is shutting down (after shutdown()), and
    // Node would then drop the handle without closing it: destroy it instead.
    if (s.writableEnded || s.connecting) s.destroy();
    else s.resetAndDestroy();
  };

  /** A closed socket's last bytes reached the kernel: let go of the handle (the kernel sends them, then FIN). */
  readonly #onClosingFlushed = (): void => {
    if (!this.socket.destroyed) this.socket.destroy();
  };

  readonly #onClose = (): void => {
    if (this.#lingerTimer !== null) {
      clearTimeout(this.#lingerTimer);
      this.#lingerTimer = null;
    }
    this.#release();
    this.#wakeReader();
    this.#wakeWriter();
  };

  readonly #onFinish = (): void => {
    if (this.#closed) this.socket.destroy();
    this.#wakeWriter();
  };

  readonly #onConnect = (): void => {
    this.#connected = true;
    this.#wakeWriter();
  };

  readonly #onFlushed = (): void => {
    this.#flushQueued = false;
    this.#wakeWriter();
  };
}

function busy(op: "read" | "write"): BusyError {
  return new BusyError(`two tasks ${op === "read" ? "read from" : "write to"} the same socket at once: give each its own half with split()`);
}
