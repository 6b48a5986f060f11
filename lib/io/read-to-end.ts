/**
 * `readToEnd(r)` and `readToString(r)`: everything until end of stream.
 */
import { checkReader } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { describeOp, labelOf } from "./read-exact";
import type { AsyncRead } from "./traits";

const CHUNK = 16 * 1024;

/**
 * Future for {@link readToEnd}. Cancelled part-way, it gives what it read
 * back to a reader that has `unread`.
 */
export class ReadToEnd extends Future<Buffer> {
  #chunks: Buffer[] = [];
  #cur: Buffer | null = null;
  #used = 0;
  #total = 0;
  #inner: Future<number> | null = null;

  constructor(
    private readonly reader: AsyncRead,
    private readonly label: string,
    private readonly op = "readToEnd",
  ) {
    super();
  }

  poll(cx: Context): Poll<Buffer> {
    for (;;) {
      let cur = this.#cur;
      if (cur === null || this.#used === cur.length) {
        if (cur !== null) this.#chunks.push(cur);
        cur = this.#cur = Buffer.allocUnsafe(CHUNK);
        this.#used = 0;
      }
      const inner = (this.#inner ??= this.reader.read(cur.subarray(this.#used)));
      const n = inner.poll(cx);
      if (n === Pending) return Pending;
      this.#inner = null;
      if (n === 0) return this.#take();
      this.#used += n;
      this.#total += n;
    }
  }

  #take(): Buffer {
    if (this.#cur !== null) this.#chunks.push(this.#cur.subarray(0, this.#used));
    const out = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#total);
    this.#chunks = [];
    this.#cur = null;
    this.#used = this.#total = 0;
    return out;
  }

  override cancel(): void {
    this.#inner?.cancel?.();
    this.#inner = null;
    const got = this.#take();
    if (got.length > 0 && this.reader.unread !== undefined) this.reader.unread(got);
  }

  override describe(): string {
    return describeOp(this.label, this.op, `${this.#total} bytes so far`);
  }
}

/**
 * Reads until end of stream and gives every byte, as a `Buffer`.
 *
 * @example
 * const body = yield* readToEnd(stream);
 */
export function readToEnd(r: AsyncRead): Future<Buffer> {
  checkReader("readToEnd(r)", "r", r);
  return new ReadToEnd(r, labelOf(r));
}

/** Future for {@link readToString}: UTF-8 text of {@link ReadToEnd}. */
export class ReadToString extends Future<string> {
  readonly #inner: ReadToEnd;
  constructor(r: AsyncRead, label: string) {
    super();
    this.#inner = new ReadToEnd(r, label, "readToString");
  }
  poll(cx: Context): Poll<string> {
    const b = this.#inner.poll(cx);
    return b === Pending ? Pending : b.toString("utf8");
  }
  override cancel(): void {
    this.#inner.cancel();
  }
  override describe(): string {
    return this.#inner.describe();
  }
}

/**
 * Reads until end of stream and decodes the bytes as UTF-8.
 *
 * @example
 * const reply = yield* readToString(stream);
 */
export function readToString(r: AsyncRead): Future<string> {
  checkReader("readToString(r)", "r", r);
  return new ReadToString(r, labelOf(r));
}
