/**
 * The halves of a split `TcpStream`: one task reads while another writes.
 *
 * They are views of the same stream. The socket keeps one registration per
 * direction, so the reader and the writer never take each other's waker;
 * two readers at once are refused with `BusyError`.
 */
import type { Future } from "../core/future";
import type { AsyncRead, AsyncWrite } from "../io/traits";
import type { SocketAddr } from "./addr";
import type { TcpStream } from "./tcp-stream";

/**
 * The reading half of {@link TcpStream.split}.
 *
 * @example
 * const [r, w] = stream.split();
 * const n = yield* r.read(buf);
 */
export class ReadHalf implements AsyncRead {
  /** @internal */
  constructor(readonly stream: TcpStream) {}
  /** Reads up to `buf.length` bytes; 0 at end of stream. See {@link TcpStream.read}. */
  read(buf: Uint8Array): Future<number> {
    return this.stream.read(buf);
  }
  /** See {@link TcpStream.readChunk}. */
  readChunk(max?: number): Future<Buffer | null> {
    return this.stream.readChunk(max);
  }
  /** Fills `buf` exactly, or throws `UnexpectedEofError`. See {@link TcpStream.readExact}. */
  readExact(buf: Uint8Array): Future<number> {
    return this.stream.readExact(buf);
  }
  /** Everything until the peer shuts down, as one `Buffer`. See {@link TcpStream.readToEnd}. */
  readToEnd(): Future<Buffer> {
    return this.stream.readToEnd();
  }
  /** Everything until the peer shuts down, decoded as UTF-8. See {@link TcpStream.readToString}. */
  readToString(): Future<string> {
    return this.stream.readToString();
  }
  unread(bytes: Uint8Array): void {
    this.stream.unread(bytes);
  }
  /** The peer's address. See {@link TcpStream.peerAddr}. */
  peerAddr(): SocketAddr {
    return this.stream.peerAddr();
  }
  /** How the half reads in a task dump: as the stream it belongs to. */
  describe(): string {
    return this.stream.describe();
  }
}

/**
 * The writing half of {@link TcpStream.split}. `shutdown()` half-closes the
 * stream: the peer reads end of stream, this side can still read.
 *
 * @example
 * const [r, w] = stream.split();
 * yield* w.writeAll(bytes);
 * yield* w.shutdown();
 */
export class WriteHalf implements AsyncWrite {
  /** @internal */
  constructor(readonly stream: TcpStream) {}
  /** Writes a prefix of `data`: the count accepted. See {@link TcpStream.write}. */
  write(data: Uint8Array): Future<number> {
    return this.stream.write(data);
  }
  /** Writes all of `data`. See {@link TcpStream.writeAll}. */
  writeAll(data: Uint8Array): Future<void> {
    return this.stream.writeAll(data);
  }
  /** See {@link TcpStream.writeChunk}. */
  writeChunk(data: Uint8Array): Future<void> {
    return this.stream.writeChunk(data);
  }
  /** Waits until written bytes have left. See {@link TcpStream.flush}. */
  flush(): Future<void> {
    return this.stream.flush();
  }
  /** Half-closes the stream: the peer reads end of stream. See {@link TcpStream.shutdown}. */
  shutdown(): Future<void> {
    return this.stream.shutdown();
  }
  /** The peer's address. See {@link TcpStream.peerAddr}. */
  peerAddr(): SocketAddr {
    return this.stream.peerAddr();
  }
  /** How the half reads in a task dump: as the stream it belongs to. */
  describe(): string {
    return this.stream.describe();
  }
}
