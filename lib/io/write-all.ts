/**
 * `writeAll(w, data)`: write every byte, waiting as the sink asks.
 */
import { checkBytes } from "../core/check";
import { checkWriter } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context } from "../core/waker";
import { describeOp, labelOf } from "./read-exact";
import type { AsyncWrite } from "./traits";

/**
 * Future for {@link writeAll}. Like tokio's `write_all`, a cancelled call may
 * have written a prefix of `data`; `written` says how much.
 */
export class WriteAll extends Future<void> {
  /** Bytes of `data` accepted so far. */
  written = 0;
  #inner: Future<number> | null = null;

  constructor(
    private readonly writer: AsyncWrite,
    private readonly data: Uint8Array,
    private readonly label: string,
  ) {
    super();
  }

  poll(cx: Context): Poll<void> {
    const data = this.data;
    while (this.written < data.length) {
      const inner = (this.#inner ??= this.writer.write(this.written === 0 ? data : data.subarray(this.written)));
      const n = inner.poll(cx);
      if (n === Pending) return Pending;
      this.#inner = null;
      this.written += n;
    }
  }

  override cancel(): void {
    this.#inner?.cancel?.();
    this.#inner = null;
  }

  override describe(): string {
    return describeOp(this.label, "writeAll", `${this.data.length} bytes, ${this.written} written`);
  }
}

/**
 * Writes all of `data`, waiting while the sink is full.
 *
 * @example
 * yield* writeAll(stream, new TextEncoder().encode("hello\n"));
 */
export function writeAll(w: AsyncWrite, data: Uint8Array): Future<void> {
  checkWriter("writeAll(w, data)", "w", w);
  checkBytes("writeAll(w, data)", "data", data);
  return new WriteAll(w, data, labelOf(w));
}
