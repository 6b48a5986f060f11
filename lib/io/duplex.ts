/**
 * `duplex(capacity)`: an in-memory, bounded, two-way byte pipe (tokio's
 * `io::duplex`), for tests and for connecting two coroutines as if by a socket.
 */
import { MAX_BUFFER } from "./check";
import { checkBytes, checkInteger } from "../core/check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { BrokenPipeError, BusyError, ClosedResourceError } from "./errors";
import type { AsyncRead, AsyncWrite } from "./traits";

/** One direction: a ring buffer of `capacity` bytes with a reader and a writer waker. */
class Pipe {
  readonly buf: Uint8Array;
  head = 0;
  len = 0;
  /** The writer shut down or closed: the reader sees end of stream once drained. */
  writeClosed = false;
  /** The reader closed: writes fail with BrokenPipeError. */
  readClosed = false;
  readWaker: Waker | null = null;
  writeWaker: Waker | null = null;
  reader: object | null = null;
  writer: object | null = null;
  /** Bytes put back by `unread`, read before the ring. */
  front: Uint8Array | null = null;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  pollRead(cx: Context, owner: object, out: Uint8Array): Poll<number> {
    if (this.readClosed) throw new ClosedResourceError("read from a DuplexStream after close()");
    if (out.length === 0) return 0;
    const front = this.front;
    if (front !== null) {
      const n = Math.min(out.length, front.length);
      out.set(front.subarray(0, n));
      this.front = n === front.length ? null : front.subarray(n);
      return this.#readDone(owner, n);
    }
    if (this.len === 0) {
      if (this.writeClosed) return this.#readDone(owner, 0);
      if (this.reader !== null && this.reader !== owner) throw new BusyError("two tasks read from the same DuplexStream at once");
      this.reader = owner;
      this.readWaker = cx.waker;
      return Pending;
    }
    const cap = this.buf.length;
    const n = Math.min(out.length, this.len);
    const first = Math.min(n, cap - this.head);
    out.set(this.buf.subarray(this.head, this.head + first));
    if (first < n) out.set(this.buf.subarray(0, n - first), first);
    this.head = (this.head + n) % cap;
    this.len -= n;
    this.#wakeWriter();
    return this.#readDone(owner, n);
  }

  pollWrite(cx: Context, owner: object, data: Uint8Array): Poll<number> {
    if (this.writeClosed) throw new BrokenPipeError("write to a DuplexStream after shutdown() or close()");
    if (this.readClosed) throw new BrokenPipeError("write to a DuplexStream whose other end is closed");
    if (data.length === 0) return 0;
    const cap = this.buf.length;
    if (this.len === cap) {
      if (this.writer !== null && this.writer !== owner) throw new BusyError("two tasks write to the same DuplexStream at once");
      this.writer = owner;
      this.writeWaker = cx.waker;
      return Pending;
    }
    const n = Math.min(data.length, cap - this.len);
    const tail = (this.head + this.len) % cap;
    const first = Math.min(n, cap - tail);
    this.buf.set(data.subarray(0, first), tail);
    if (first < n) this.buf.set(data.subarray(first, n), 0);
    this.len += n;
    if (this.writer === owner) {
      this.writer = null;
      this.writeWaker = null;
    }
    this.#wakeReader();
    return n;
  }

  cancel(owner: object): void {
    if (this.reader === owner) {
      this.reader = null;
      this.readWaker = null;
    }
    if (this.writer === owner) {
      this.writer = null;
      this.writeWaker = null;
    }
  }

  closeWrite(): void {
    this.writeClosed = true;
    this.#wakeReader();
    this.#wakeWriter();
  }

  closeRead(): void {
    this.readClosed = true;
    this.len = 0;
    this.front = null;
    this.#wakeReader();
    this.#wakeWriter();
  }

  #readDone(owner: object, n: number): number {
    if (this.reader === owner) {
      this.reader = null;
      this.readWaker = null;
    }
    return n;
  }

  #wakeReader(): void {
    const w = this.readWaker;
    this.readWaker = null;
    w?.wake();
  }

  #wakeWriter(): void {
    const w = this.writeWaker;
    this.writeWaker = null;
    w?.wake();
  }
}

/** A leaf over one pipe operation. */
class PipeOp extends Future<number> {
  constructor(
    private readonly pipe: Pipe,
    private readonly data: Uint8Array,
    private readonly reading: boolean,
    private readonly label: string,
  ) {
    super();
  }
  poll(cx: Context): Poll<number> {
    return this.reading ? this.pipe.pollRead(cx, this, this.data) : this.pipe.pollWrite(cx, this, this.data);
  }
  override cancel(): void {
    this.pipe.cancel(this);
  }
  override describe(): string {
    return `${this.label}.${this.reading ? "read" : "write"}(${this.data.length} bytes, ${this.pipe.len} buffered)`;
  }
}

/** A ready future of nothing (flush of an in-memory pipe, shutdown). */
class Done extends Future<void> {
  constructor(private readonly what: string) {
    super();
  }
  poll(): void {}
  override describe(): string {
    return this.what;
  }
}

/**
 * One end of a {@link duplex} pipe: reads what the other end writes, and the
 * other way round. `shutdown()` ends this end's writing (the other end reads
 * 0 once drained); `close()` ends both directions.
 *
 * @example
 * const [a, b] = duplex(64);
 * yield* writeAll(a, new TextEncoder().encode("ping"));
 * const buf = new Uint8Array(4);
 * yield* readExact(b, buf); // "ping"
 */
export class DuplexStream implements AsyncRead, AsyncWrite, Disposable {
  /** @internal */
  constructor(
    private readonly incoming: Pipe,
    private readonly outgoing: Pipe,
    private readonly name: string,
  ) {}

  /** Reads what the other end wrote, up to `buf.length` bytes; 0 once it shut down and all was read. */
  read(buf: Uint8Array): Future<number> {
    checkBytes("DuplexStream.read(buf)", "buf", buf);
    return new PipeOp(this.incoming, buf, true, this.name);
  }

  /** Writes a prefix of `data` for the other end to read, waiting while the pipe is full. */
  write(data: Uint8Array): Future<number> {
    checkBytes("DuplexStream.write(data)", "data", data);
    return new PipeOp(this.outgoing, data, false, this.name);
  }

  /** Ready at once: bytes written are already visible to the other end. */
  flush(): Future<void> {
    return new Done(`${this.name}.flush()`);
  }

  /** Ends this end's writing: the other end reads 0 once drained. Ready at once. */
  shutdown(): Future<void> {
    this.outgoing.closeWrite();
    return new Done(`${this.name}.shutdown()`);
  }

  unread(bytes: Uint8Array): void {
    checkBytes("DuplexStream.unread(bytes)", "bytes", bytes);
    if (bytes.length === 0) return;
    const f = this.incoming.front;
    const copy = new Uint8Array(bytes.length + (f?.length ?? 0));
    copy.set(bytes);
    if (f !== null) copy.set(f, bytes.length);
    this.incoming.front = copy;
  }

  /** Closes both directions: the other end reads end of stream, its writes fail. */
  close(): void {
    this.outgoing.closeWrite();
    this.incoming.closeRead();
  }

  /** Same as `close()`, so `using` closes this end when the block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** How this end reads in a task dump. */
  describe(): string {
    return this.name;
  }
}

/**
 * A pair of connected in-memory streams; each direction buffers at most
 * `capacity` bytes, and a writer waits while its direction is full.
 *
 * @example
 * const [client, server] = duplex(64);
 * yield* writeAll(client, bytes);       // server.read(...) sees them
 */
export function duplex(capacity: number): [DuplexStream, DuplexStream] {
  // Capped at the largest buffer Node can make, so a huge capacity is a
  // RangeError naming it rather than "Invalid typed array length".
  checkInteger("duplex(capacity)", "capacity", capacity, 1, MAX_BUFFER);
  const ab = new Pipe(capacity);
  const ba = new Pipe(capacity);
  return [new DuplexStream(ba, ab, "duplex(a)"), new DuplexStream(ab, ba, "duplex(b)")];
}
