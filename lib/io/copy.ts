/**
 * `copy(r, w)`: pump bytes from a reader to a writer until end of stream.
 */
import { checkReader, checkWriter, WRITE_FLUSH } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { labelOf } from "./read-exact";
import type { AsyncRead, AsyncWrite } from "./traits";

const BUF = 16 * 1024;

/**
 * Future for {@link copy}: a read, then writes until that chunk is gone, then
 * the next read; at end of stream, a flush. Memory is one 16 KiB buffer.
 * Cancelled with bytes read but not yet written, it gives them back to a
 * reader that has `unread`.
 */
export class Copy extends Future<number> {
  /** Bytes written so far. */
  copied = 0;
  #buf: Uint8Array | null = null;
  #start = 0;
  #end = 0;
  #eof = false;
  #inner: Future<number | void> | null = null;

  constructor(
    private readonly reader: AsyncRead,
    private readonly writer: AsyncWrite,
  ) {
    super();
  }

  poll(cx: Context): Poll<number> {
    const buf = (this.#buf ??= new Uint8Array(BUF));
    for (;;) {
      if (this.#start < this.#end) {
        const inner = (this.#inner ??= this.writer.write(buf.subarray(this.#start, this.#end)));
        const n = inner.poll(cx);
        if (n === Pending) return Pending;
        this.#inner = null;
        this.#start += n as number;
        this.copied += n as number;
        continue;
      }
      if (this.#eof) {
        const inner = (this.#inner ??= this.writer.flush());
        if (inner.poll(cx) === Pending) return Pending;
        this.#inner = null;
        return this.copied;
      }
      const inner = (this.#inner ??= this.reader.read(buf));
      const n = inner.poll(cx);
      if (n === Pending) return Pending;
      this.#inner = null;
      if (n === 0) this.#eof = true;
      this.#start = 0;
      this.#end = n as number;
    }
  }

  override cancel(): void {
    this.#inner?.cancel?.();
    this.#inner = null;
    if (this.#start < this.#end && this.reader.unread !== undefined) this.reader.unread(this.#buf!.subarray(this.#start, this.#end));
    this.#start = this.#end = 0;
  }

  override describe(): string {
    return `copy(${labelOf(this.reader)} -> ${labelOf(this.writer)}, ${this.copied} bytes)`;
  }
}

/**
 * Copies everything `r` gives to `w` until `r` ends, then flushes `w`.
 * Gives the number of bytes copied. `w` is not shut down.
 *
 * @example
 * const n = yield* copy(upstream, client);   // a one-way proxy
 */
export function copy(r: AsyncRead, w: AsyncWrite): Future<number> {
  checkReader("copy(r, w)", "r", r);
  checkWriter("copy(r, w)", "w", w, WRITE_FLUSH);
  return new Copy(r, w);
}
