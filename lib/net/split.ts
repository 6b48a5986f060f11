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
  read(buf: Uint8Array): Future<number> {
    return this.stream.read(buf);
  }
  /** See {@link TcpStream.readChunk}. */
  readChunk(max?: number): Future<Buffer | null> {
    return this.stream.readChunk(max);
  }
  readExact(buf: Uint8Array): Future<number> {
    return this.stream.readExact(buf);
  }
  readToEnd(): Future<Buffer> {
    return this.stream.readToEnd();
  }
  readToString(): Future<string> {
    return this.stream.readToString();
  }
  unread(bytes: Uint8Array): void {
    this.stream.unread(bytes);
  }
  peerAddr(): SocketAddr {
    return this.stream.peerAddr();
  }
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
  write(data: Uint8Array): Future<number> {
    return this.stream.write(data);
  }
  writeAll(data: Uint8Array): Future<void> {
    return this.stream.writeAll(data);
  }
  /** See {@link TcpStream.writeChunk}. */
  writeChunk(data: Uint8Array): Future<void> {
    return this.stream.writeChunk(data);
  }
  flush(): Future<void> {
    return this.stream.flush();
  }
  shutdown(): Future<void> {
    return this.stream.shutdown();
  }
  peerAddr(): SocketAddr {
    return this.stream.peerAddr();
  }
  describe(): string {
    return this.stream.describe();
  }
}
