/**
 * `readExact(r, buf)`: fill `buf` completely, or fail with `UnexpectedEofError`.
 */
import { checkBytes } from "../core/check";
import { checkReader } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { UnexpectedEofError } from "./errors";
import type { AsyncRead } from "./traits";

/**
 * Future for {@link readExact}. If cancelled part-way and the reader has
 * `unread`, the bytes already taken are put back: nothing is lost.
 */
export class ReadExact extends Future<number> {
  #off = 0;
  #inner: Future<number> | null = null;

  constructor(
    private readonly reader: AsyncRead,
    private readonly buf: Uint8Array,
    private readonly label: string,
  ) {
    super();
  }

  poll(cx: Context): Poll<number> {
    const buf = this.buf;
    while (this.#off < buf.length) {
      const inner = (this.#inner ??= this.reader.read(this.#off === 0 ? buf : buf.subarray(this.#off)));
      const n = inner.poll(cx);
      if (n === Pending) return Pending;
      this.#inner = null;
      if (n === 0) throw new UnexpectedEofError(this.#off, buf.length, this.describe());
      this.#off += n;
    }
    return buf.length;
  }

  override cancel(): void {
    this.#inner?.cancel?.();
    this.#inner = null;
    if (this.#off > 0 && this.reader.unread !== undefined) this.reader.unread(this.buf.subarray(0, this.#off));
    this.#off = 0;
  }

  override describe(): string {
    return describeOp(this.label, "readExact", `${this.buf.length} bytes, ${this.#off} read`);
  }
}

/**
 * Reads exactly `buf.length` bytes into `buf`. Throws {@link UnexpectedEofError}
 * if the stream ends first. Gives `buf.length`.
 *
 * @example
 * const header = new Uint8Array(4);
 * yield* readExact(stream, header);
 * const len = new DataView(header.buffer).getUint32(0);
 */
export function readExact(r: AsyncRead, buf: Uint8Array): Future<number> {
  checkReader("readExact(r, buf)", "r", r);
  checkBytes("readExact(r, buf)", "buf", buf);
  return new ReadExact(r, buf, labelOf(r));
}

/**
 * How an operation on `label` reads in a dump: a label `TcpStream(1.2.3.4:5)`
 * and op `readExact` give `TcpStream.readExact(1.2.3.4:5, <detail>)`.
 */
export function describeOp(label: string, op: string, detail: string): string {
  const m = /^([\w.]+)\((.*)\)$/.exec(label);
  if (m === null) return `${label}.${op}(${detail})`;
  return `${m[1]}.${op}(${m[2]}${m[2] !== "" && detail !== "" ? ", " : ""}${detail})`;
}

/** How a reader or writer names itself in `describe()` strings. */
export function labelOf(x: object): string {
  const d = (x as { describe?: () => string }).describe;
  return typeof d === "function" ? d.call(x) : x.constructor.name;
}
