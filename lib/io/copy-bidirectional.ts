/**
 * `copyBidirectional(a, b)`: a two-way pump, the heart of a proxy.
 */
import { checkMethods } from "../core/check";
import { DUPLEX } from "./check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { Copy } from "./copy";
import { labelOf } from "./read-exact";
import type { AsyncRead, AsyncWrite } from "./traits";

type Duplex = AsyncRead & AsyncWrite;

/** One direction: copy until end of stream, then shut the writer down. */
class Direction {
  readonly copy: Copy;
  shutdown: Future<void> | null = null;
  done = false;
  /** Woken since last polled (or never polled). */
  woken = true;
  readonly cx: Context;
  constructor(
    r: AsyncRead,
    readonly w: AsyncWrite,
    parent: CopyBidirectional,
  ) {
    this.copy = new Copy(r, w);
    this.cx = new Context(new DirectionWaker(this, parent));
  }
  poll(): boolean {
    this.woken = false;
    if (this.shutdown === null) {
      if (this.copy.poll(this.cx) === Pending) return false;
      this.shutdown = this.w.shutdown();
    }
    if (this.shutdown.poll(this.cx) === Pending) return false;
    this.done = true;
    return true;
  }
  cancel(): void {
    if (this.done) return;
    if (this.shutdown !== null) this.shutdown.cancel?.();
    else this.copy.cancel();
  }
}

class DirectionWaker implements Waker {
  constructor(
    private readonly d: Direction,
    private readonly parent: CopyBidirectional,
  ) {}
  wake(): void {
    this.d.woken = true;
    this.parent.waker?.wake();
  }
}

/**
 * Future for {@link copyBidirectional}. Each direction has its own waker, so
 * a wake polls only the direction that can move.
 */
export class CopyBidirectional extends Future<[number, number]> {
  /** The waker of the latest poll (directions wake it). @internal */
  waker: Waker | null = null;
  readonly #ab: Direction;
  readonly #ba: Direction;
  readonly #label: string;

  constructor(a: Duplex, b: Duplex) {
    super();
    this.#ab = new Direction(a, b, this);
    this.#ba = new Direction(b, a, this);
    this.#label = `${labelOf(a)} <-> ${labelOf(b)}`;
  }

  poll(cx: Context): Poll<[number, number]> {
    this.waker = cx.waker;
    const ab = this.#ab;
    const ba = this.#ba;
    try {
      if (!ab.done && ab.woken) ab.poll();
      if (!ba.done && ba.woken) ba.poll();
    } catch (e) {
      // One direction failed: stop the other, as a dropped future would be.
      ab.cancel();
      ba.cancel();
      this.waker = null;
      throw e;
    }
    if (!ab.done || !ba.done) return Pending;
    this.waker = null;
    return [ab.copy.copied, ba.copy.copied];
  }

  override cancel(): void {
    this.#ab.cancel();
    this.#ba.cancel();
    this.waker = null;
  }

  override describe(): string {
    return `copyBidirectional(${this.#label}, ${this.#ab.copy.copied}/${this.#ba.copy.copied} bytes)`;
  }
}

/**
 * Copies `a` to `b` and `b` to `a` at the same time. When one side reaches
 * end of stream, the other side's write half is shut down, so the end
 * travels through; it completes when both directions have ended, giving
 * `[bytes a→b, bytes b→a]`. An error in either direction stops both.
 *
 * @example
 * const [up, down] = yield* copyBidirectional(client, upstream);
 */
export function copyBidirectional(a: Duplex, b: Duplex): Future<[number, number]> {
  checkMethods("copyBidirectional(a, b)", "a", a, "an AsyncRead & AsyncWrite", DUPLEX);
  checkMethods("copyBidirectional(a, b)", "b", b, "an AsyncRead & AsyncWrite", DUPLEX);
  return new CopyBidirectional(a, b);
}
