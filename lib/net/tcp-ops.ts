/**
 * The leaf futures of a TCP stream. Each is a thin poll over its
 * {@link StreamIo} (a Node socket's `SocketSource`, or a simulated one), registered under its own identity so that
 * cancelling it removes exactly its registration.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import type { StreamIo } from "../reactor/io/network";

/**
 * Future for `TcpStream.read(buf)`: the byte count, 0 at end of stream.
 *
 * @example
 * const n = yield* stream.read(buf); // a TcpRead, `TcpStream.read(127.0.0.1:5000)` in dumps
 */
export class TcpRead extends Future<number> {
  constructor(
    private readonly src: StreamIo,
    private readonly buf: Uint8Array,
  ) {
    super();
  }
  poll(cx: Context): Poll<number> {
    return this.src.pollRead(cx, this, this.buf);
  }
  override cancel(): void {
    this.src.cancelRead(this);
  }
  override describe(): string {
    return `TcpStream.read(${this.src.label})`;
  }
}

/**
 * Future for `TcpStream.readChunk(max)`: the next received bytes as a
 * `Buffer` of their own (no copy), or `null` at end of stream.
 *
 * @example
 * const chunk = yield* stream.readChunk(); // Buffer | null
 */
export class TcpReadChunk extends Future<Buffer | null> {
  constructor(
    private readonly src: StreamIo,
    private readonly max: number,
  ) {
    super();
  }
  poll(cx: Context): Poll<Buffer | null> {
    return this.src.pollReadChunk(cx, this, this.max);
  }
  override cancel(): void {
    this.src.cancelRead(this);
  }
  override describe(): string {
    return `TcpStream.readChunk(${this.src.label})`;
  }
}

/**
 * Future for `TcpStream.writeChunk(data)`: `data` handed over whole, without
 * a copy, once Node's send buffer has room.
 *
 * @example
 * yield* stream.writeChunk(chunk); // chunk now belongs to the socket
 */
export class TcpWriteChunk extends Future<void> {
  constructor(
    private readonly src: StreamIo,
    private readonly data: Uint8Array,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    return this.src.pollWriteChunk(cx, this, this.data);
  }
  override cancel(): void {
    this.src.cancelWrite(this);
  }
  override describe(): string {
    return `TcpStream.writeChunk(${this.src.label}, ${this.data.length} bytes)`;
  }
}

/**
 * Future for `TcpStream.write(data)`: how many bytes were accepted.
 *
 * @example
 * const n = yield* stream.write(bytes); // 1..min(bytes.length, 64 KiB)
 */
export class TcpWrite extends Future<number> {
  constructor(
    private readonly src: StreamIo,
    private readonly data: Uint8Array,
  ) {
    super();
  }
  poll(cx: Context): Poll<number> {
    return this.src.pollWrite(cx, this, this.data);
  }
  override cancel(): void {
    this.src.cancelWrite(this);
  }
  override describe(): string {
    return `TcpStream.write(${this.src.label}, ${this.data.length} bytes)`;
  }
}

/**
 * Future for `TcpStream.writeAll(data)`: one leaf that writes until `data`
 * is all accepted (usually in its first poll), with no inner future per chunk.
 *
 * @example
 * yield* stream.writeAll(bytes);
 */
export class TcpWriteAll extends Future<void> {
  /** Bytes accepted so far (a cancelled call may have written a prefix). */
  written = 0;
  constructor(
    private readonly src: StreamIo,
    private readonly data: Uint8Array,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    const data = this.data;
    while (this.written < data.length) {
      const n = this.src.pollWrite(cx, this, this.written === 0 ? data : data.subarray(this.written));
      if (n === Pending) return Pending;
      this.written += n;
    }
  }
  override cancel(): void {
    this.src.cancelWrite(this);
  }
  override describe(): string {
    return `TcpStream.writeAll(${this.src.label}, ${this.data.length} bytes, ${this.written} written)`;
  }
}

/**
 * Future for `flush()` (`shutdown` false) and `shutdown()` (`shutdown` true).
 *
 * @example
 * yield* stream.flush();
 * yield* stream.shutdown(); // the peer now reads end of stream
 */
export class TcpFlush extends Future<void> {
  constructor(
    private readonly src: StreamIo,
    private readonly shutdown: boolean,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    return this.shutdown ? this.src.pollShutdown(cx, this) : this.src.pollFlush(cx, this);
  }
  override cancel(): void {
    this.src.cancelWrite(this);
  }
  override describe(): string {
    return `TcpStream.${this.shutdown ? "shutdown" : "flush"}(${this.src.label})`;
  }
}
