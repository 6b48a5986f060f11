/**
 * `BufReader`: a buffer in front of a reader, for reading lines (and many
 * small reads) without a system call each.
 */
import { checkBytes, checkInteger, checkNumber, checkOptions } from "../core/check";
import { checkReader, MAX_BUFFER } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { LineTooLongError } from "./errors";
import { labelOf } from "./read-exact";
import type { AsyncRead } from "./traits";

/** Options for {@link BufReader}. */
export interface BufReaderOptions {
  /** Initial buffer size in bytes. @default 8192 */
  capacity?: number;
  /**
   * Longest line `readLine`/`lines` will buffer before throwing
   * {@link LineTooLongError}, so a peer that never sends a newline cannot
   * make the buffer grow without bound. @default 1 MiB
   */
  maxLineLength?: number;
}

/**
 * Wraps an {@link AsyncRead} with a buffer. Unread bytes live in the
 * `BufReader`, not in any future, so cancelling `readLine` (a `timeout`, a
 * lost `select`) loses nothing: the next call sees the same bytes.
 *
 * @example
 * const r = new BufReader(stream);
 * for (let line; (line = yield* r.readLine()) !== undefined; ) console.log(line);
 */
export class BufReader implements AsyncRead {
  #buf: Buffer;
  #pos = 0;
  #end = 0;
  /** Where the newline search resumes (bytes before it were searched). */
  #scan = 0;
  #eof = false;
  #fill: Future<number> | null = null;
  readonly #maxLine: number;

  constructor(
    readonly inner: AsyncRead,
    options: BufReaderOptions = {},
  ) {
    checkReader("new BufReader(inner, options)", "inner", inner);
    checkOptions("new BufReader(inner, options)", "options", options);
    const cap = options.capacity ?? 8192;
    checkInteger("new BufReader(inner, options)", "options.capacity", cap, 1, MAX_BUFFER);
    const max = options.maxLineLength ?? 1024 * 1024;
    // Infinity is allowed: no limit on a line's length.
    checkNumber("new BufReader(inner, options)", "options.maxLineLength", max, 1, true);
    this.#buf = Buffer.allocUnsafe(cap);
    this.#maxLine = max;
  }

  /** Bytes buffered and not yet read. */
  get buffered(): number {
    return this.#end - this.#pos;
  }

  /** Reads from the buffer, refilling it when empty (large reads bypass it). */
  read(buf: Uint8Array): Future<number> {
    checkBytes("BufReader.read(buf)", "buf", buf);
    return new BufRead(this, buf);
  }

  /**
   * The next line without its `\n` (or `\r\n`), decoded as UTF-8; the last
   * line may lack a newline; `undefined` at end of stream.
   */
  readLine(): Future<string | undefined> {
    return new ReadLine(this);
  }

  /** The lines as a {@link Stream} (see {@link readLine}). */
  lines(): Stream<string> {
    return new Lines(this);
  }

  unread(bytes: Uint8Array): void {
    checkBytes("BufReader.unread(bytes)", "bytes", bytes);
    if (bytes.length === 0) return;
    if (bytes.length <= this.#pos) {
      this.#pos -= bytes.length;
      this.#buf.set(bytes, this.#pos);
    } else {
      const rest = this.#buf.subarray(this.#pos, this.#end);
      const b = Buffer.allocUnsafe(Math.max(this.#buf.length, bytes.length + rest.length));
      b.set(bytes, 0);
      b.set(rest, bytes.length);
      this.#buf = b;
      this.#pos = 0;
      this.#end = bytes.length + rest.length;
    }
    this.#scan = this.#pos;
  }

  /** How the reader reads in a task dump: the reader it wraps. */
  describe(): string {
    return `BufReader(${labelOf(this.inner)})`;
  }

  /** @internal */
  pollRead(cx: Context, out: Uint8Array): Poll<number> {
    if (this.#pos === this.#end) {
      if (this.#eof || out.length === 0) return 0;
      if (out.length >= this.#buf.length) {
        // Nothing buffered and a big destination: read straight into it.
        const n = this.#pollInner(cx, out);
        if (n === 0) this.#eof = true;
        return n;
      }
      this.#pos = this.#end = this.#scan = 0;
      const n = this.#pollInner(cx, this.#buf);
      if (n === Pending) return Pending;
      if (n === 0) {
        this.#eof = true;
        return 0;
      }
      this.#end = n;
    }
    const n = Math.min(out.length, this.#end - this.#pos);
    out.set(this.#buf.subarray(this.#pos, this.#pos + n));
    this.#pos += n;
    if (this.#scan < this.#pos) this.#scan = this.#pos;
    return n;
  }

  /** @internal */
  pollLine(cx: Context): Poll<string | undefined> {
    for (;;) {
      const buf = this.#buf;
      let i = this.#scan < this.#end ? buf.indexOf(10, this.#scan) : -1;
      if (i >= this.#end) i = -1;
      if (i !== -1) {
        const start = this.#pos;
        this.#pos = this.#scan = i + 1;
        const stop = i > start && buf[i - 1] === 13 ? i - 1 : i;
        return buf.toString("utf8", start, stop);
      }
      this.#scan = this.#end;
      if (this.#eof) {
        if (this.#pos === this.#end) return undefined;
        const line = buf.toString("utf8", this.#pos, this.#end);
        this.#pos = this.#scan = this.#end;
        return line;
      }
      if (this.#end - this.#pos > this.#maxLine) throw new LineTooLongError(this.#maxLine);
      this.#makeRoom();
      const n = this.#pollInner(cx, this.#buf.subarray(this.#end));
      if (n === Pending) return Pending;
      if (n === 0) this.#eof = true;
      else this.#end += n;
    }
  }

  /** @internal */
  cancelFill(): void {
    this.#fill?.cancel?.();
    this.#fill = null;
  }

  #pollInner(cx: Context, into: Uint8Array): Poll<number> {
    const f = (this.#fill ??= this.inner.read(into));
    const n = f.poll(cx);
    if (n !== Pending) this.#fill = null;
    return n;
  }

  /** Ensures free space after `#end`: compacts, or doubles the buffer. */
  #makeRoom(): void {
    if (this.#end < this.#buf.length) return;
    const live = this.#end - this.#pos;
    if (this.#pos > 0 && live < this.#buf.length / 2) {
      this.#buf.copyWithin(0, this.#pos, this.#end);
    } else {
      const b = Buffer.allocUnsafe(this.#buf.length * 2);
      this.#buf.copy(b, 0, this.#pos, this.#end);
      this.#buf = b;
    }
    this.#scan -= this.#pos;
    this.#pos = 0;
    this.#end = live;
  }
}

/** Future for `BufReader.read`. */
class BufRead extends Future<number> {
  constructor(
    private readonly r: BufReader,
    private readonly buf: Uint8Array,
  ) {
    super();
  }
  poll(cx: Context): Poll<number> {
    return this.r.pollRead(cx, this.buf);
  }
  override cancel(): void {
    this.r.cancelFill();
  }
  override describe(): string {
    return `${this.r.describe()}.read(${this.buf.length} bytes)`;
  }
}

/** Future for {@link BufReader.readLine}. */
class ReadLine extends Future<string | undefined> {
  constructor(private readonly r: BufReader) {
    super();
  }
  poll(cx: Context): Poll<string | undefined> {
    return this.r.pollLine(cx);
  }
  override cancel(): void {
    this.r.cancelFill();
  }
  override describe(): string {
    return `${this.r.describe()}.readLine()`;
  }
}

/** Stream for {@link BufReader.lines}. */
class Lines extends Stream<string> {
  #closed = false;
  constructor(private readonly r: BufReader) {
    super();
  }
  pollNext(cx: Context): Poll<string | End> {
    if (this.#closed) return End;
    const v = this.r.pollLine(cx);
    return v === undefined ? End : v;
  }
  override cancelNext(): void {
    this.r.cancelFill();
  }
  override close(): void {
    this.#closed = true;
    this.r.cancelFill();
  }
  override describe(): string {
    return `${this.r.describe()}.lines()`;
  }
}

/**
 * The lines of `r` as a {@link Stream}, through a {@link BufReader} (reused
 * if `r` already is one).
 *
 * @example
 * const ls = lines(stream);
 * for (let l; (l = yield* ls.next()) !== undefined; ) console.log(l);
 */
export function lines(r: AsyncRead, options?: BufReaderOptions): Stream<string> {
  checkReader("lines(r, options)", "r", r);
  return (r instanceof BufReader ? r : new BufReader(r, options)).lines();
}
