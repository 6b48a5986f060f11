/**
 * `zip`: pairs of items, one from each stream, until either ends.
 */
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";

const EMPTY: unique symbol = Symbol("empty");

/** Stream for the {@link Stream.zip} method. */
export class ZipStream<A, B> extends Stream<[A, B]> {
  /** An item already taken from one side while the other was pending: kept, never lost. */
  #a: A | typeof EMPTY = EMPTY;
  #b: B | typeof EMPTY = EMPTY;
  #done = false;
  constructor(
    private readonly left: Stream<A>,
    private readonly right: Stream<B>,
  ) {
    super();
  }
  pollNext(cx: Context): Poll<[A, B] | End> {
    if (this.#done) return End;
    if (this.#a === EMPTY) {
      const v = this.left.pollNext(cx);
      if (v === End) return this.#end();
      if (v !== Pending) this.#a = v;
    }
    if (this.#b === EMPTY) {
      const v = this.right.pollNext(cx);
      if (v === End) return this.#end();
      if (v !== Pending) this.#b = v;
    }
    if (this.#a === EMPTY || this.#b === EMPTY) return Pending;
    const pair: [A, B] = [this.#a, this.#b];
    this.#a = EMPTY;
    this.#b = EMPTY;
    return pair;
  }
  #end(): End {
    this.close();
    return End;
  }
  override close(): void {
    if (this.#done) return;
    this.#done = true;
    try {
      this.left.close();
    } finally {
      this.right.close();
    }
  }
  override cancelNext(): void {
    this.left.cancelNext?.();
    this.right.cancelNext?.();
  }
  override describe(): string {
    return `${this.left.describe()}.zip(${this.right.describe()})`;
  }
}
