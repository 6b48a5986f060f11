/**
 * `once`: the next event of a Node EventEmitter (or a DOM-style EventTarget) as a future.
 */
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { Context, Waker } from "../core/waker";
import { currentRuntime } from "../task/runtime";
import { checkEmitter, checkEventName, type EmitterLike, isEmitter, listen } from "./emitter";
import { IoCount } from "./io-count";

/** Future for the {@link once} function. */
export class Once<A extends unknown[]> extends Future<A> {
  #removers: (() => void)[] | null = null;
  #result: { args: A } | { error: unknown } | null = null;
  #waker: Waker | null = null;
  readonly #io = new IoCount();
  constructor(
    private readonly target: EmitterLike,
    private readonly name: string | symbol,
  ) {
    super();
  }

  poll(cx: Context): Poll<A> {
    const r = this.#result;
    if (r !== null) {
      if ("error" in r) throw r.error;
      return r.args;
    }
    if (this.#removers === null) {
      // Lazy, like every future: the listener is added on the first poll.
      this.#removers = [listen(this.target, this.name, (...args: unknown[]) => this.#settle({ args: args as A }))];
      if (isEmitter(this.target) && this.name !== "error") {
        this.#removers.push(listen(this.target, "error", (error: unknown) => this.#settle({ error })));
      }
    }
    this.#waker = cx.waker;
    this.#io.hold(currentRuntime("once()"));
    return Pending;
  }

  #settle(r: { args: A } | { error: unknown }): void {
    if (this.#result !== null) return;
    this.#result = r;
    this.#unlisten();
    this.#io.release();
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  }

  #unlisten(): void {
    const rs = this.#removers;
    if (rs === null) return;
    this.#removers = [];
    for (const f of rs) f();
  }

  override cancel(): void {
    this.#unlisten();
    this.#waker = null;
    this.#io.release();
  }

  override describe(): string {
    return `once("${String(this.name)}")`;
  }
}

/**
 * The next `name` event of an emitter, as a future of its arguments (an
 * array, like Node's `events.once`). An `error` event fails it. The listener
 * is added on the first poll and removed when it completes or is cancelled.
 *
 * @example
 * const server = net.createServer().listen(0);
 * yield* once(server, "listening");
 * const [socket] = yield* once(server, "connection");
 */
export function once<A extends unknown[] = unknown[]>(target: EmitterLike, name: string | symbol): Future<A> {
  checkEmitter("once(target, name)", target);
  checkEventName("once(target, name)", "name", name);
  return new Once<A>(target, name);
}
