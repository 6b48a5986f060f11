/**
 * `chain`: one stream, then another.
 */
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";

/** Stream for the {@link Stream.chain} method. */
export class ChainStream<T> extends Stream<T> {
  /** False while the first stream still has items. */
  #second = false;
  constructor(
    private readonly first: Stream<T>,
    private readonly rest: Stream<T>,
  ) {
    super();
  }
  pollNext(cx: Context): Poll<T | End> {
    if (!this.#second) {
      const v = this.first.pollNext(cx);
      if (v !== End) return v;
      this.#second = true;
      this.first.close();
    }
    return this.rest.pollNext(cx);
  }
  override close(): void {
    try {
      if (!this.#second) this.first.close(); // else already closed when it ended
    } finally {
      this.rest.close();
    }
  }
  override cancelNext(): void {
    (this.#second ? this.rest : this.first).cancelNext?.();
  }
  override describe(): string {
    return `${this.first.describe()}.chain(${this.rest.describe()})`;
  }
}
