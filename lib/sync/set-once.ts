/**
 * `SetOnce<T>`: a value set once, synchronously, that tasks can wait for
 * (tokio's `SetOnce`). Where {@link OnceCell} runs an initializer for its
 * first reader, here some other party sets the value and readers wait.
 */
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { Future } from "../core/future";
import { Pending } from "../core/poll";
import { SetError } from "./errors";
import { Waiter, WaiterList } from "./waiter-list";

/**
 * Future for {@link SetOnce.wait}: its own queue node, so waiting allocates
 * nothing more and a cancelled wait leaves the queue at once.
 *
 * @example
 * const v = yield* ready.wait();
 */
export class SetOnceWait<T> extends Future<T> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  /** @internal */
  constructor(private readonly cell: SetOnce<T>) {
    super();
  }
  poll(cx: Context): Poll<T> {
    const cell = this.cell;
    if (cell.initialized()) return cell.get() as T;
    this.waker = cx.waker;
    if (!this.linked) cell.waiters.push(this);
    return Pending;
  }
  override cancel(): void {
    this.waker = null;
    this.cell.waiters.remove(this);
  }
  override describe(): string {
    return `SetOnce.wait(${this.cell.waiters.length} waiting)`;
  }
}

/**
 * A cell set once; `yield* cell.wait()` waits for the value.
 *
 * @example
 * const addr = new SetOnce<string>();
 * spawn(function* () { addr.set(yield* bindServer()); });
 * const a = yield* addr.wait(); // once the server is listening
 */
export class SetOnce<T> {
  #value: T | undefined = undefined;
  #set = false;
  /** @internal */
  readonly waiters = new WaiterList<SetOnceWait<T>>();

  /** The value, or `undefined` while unset. */
  get(): T | undefined {
    return this.#value;
  }

  /** True once set. */
  initialized(): boolean {
    return this.#set;
  }

  /**
   * Stores `value` and wakes every waiter; a second `set` throws
   * {@link SetError} (`"alreadyInitialized"`, with the value back).
   *
   * @example
   * cell.set(42);
   */
  set(value: T): void {
    if (this.#set) throw new SetError("alreadyInitialized", value);
    this.#value = value;
    this.#set = true;
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as SetOnceWait<T> | null;
      w.qPrev = w.qNext = null;
      w.waker?.wake();
      w = next;
    }
  }

  /**
   * A future of the value: at once if set, otherwise when `set` is called.
   *
   * @example
   * const v = yield* cell.wait();
   */
  wait(): Future<T> {
    return new SetOnceWait(this);
  }
}
