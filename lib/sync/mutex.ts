/**
 * `Mutex<T>`: an async lock owning its value, fair (FIFO), with `Disposable` guards.
 */
import type { Future } from "../core/future";
import { Acquire, PermitPool } from "./permit-pool";
import { TryLockError } from "./errors";

/**
 * Exclusive access to a {@link Mutex}'s value until `release()` (or the end
 * of a `using` block). Releasing twice is harmless; using `value` after
 * release throws a `TypeError`.
 *
 * @example
 * using g = yield* m.lock();
 * g.value.push(item);
 */
export class MutexGuard<T> implements Disposable {
  #mutex: Mutex<T> | null;

  /** @internal */
  constructor(mutex: Mutex<T>) {
    this.#mutex = mutex;
  }

  /** The protected value; assign to replace it. */
  get value(): T {
    return this.#held().inner;
  }
  set value(v: T) {
    this.#held().inner = v;
  }

  /** Unlocks the mutex; the next waiter (in order) gets it. */
  release(): void {
    const m = this.#mutex;
    if (m === null) return;
    this.#mutex = null;
    m.pool.release(1);
  }

  /** Same as `release()`, so `using guard = yield* m.lock()` unlocks when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }

  #held(): Mutex<T> {
    if (this.#mutex === null) throw new TypeError("a MutexGuard was used after release()");
    return this.#mutex;
  }
}

/**
 * Future for {@link Mutex.lock}.
 *
 * @example
 * using g = yield* mutex.lock();
 */
export class MutexLock<T> extends Acquire<MutexGuard<T>> {
  constructor(readonly mutex: Mutex<T>) {
    super(mutex.pool, 1);
  }
  protected output(): MutexGuard<T> {
    return new MutexGuard(this.mutex);
  }
  override describe(): string {
    return `Mutex.lock(${this.pool.waiters.length} waiting)`;
  }
}

/**
 * An async mutual-exclusion lock around a value. `yield* m.lock()` waits for
 * the lock and gives a guard; tasks get the lock in the order they first
 * asked. A cancelled `lock()` leaves the queue at once, and if the lock had
 * already been handed to it, passes it on.
 *
 * @example
 * const counter = new Mutex({ n: 0 });
 * function* bump() {
 *   using g = yield* counter.lock();
 *   g.value.n++;
 * }
 */
export class Mutex<T> {
  /** @internal */
  readonly pool = new PermitPool(1);
  /** @internal */
  inner: T;

  constructor(value: T) {
    this.inner = value;
  }

  /** Waits for the lock. */
  lock(): Future<MutexGuard<T>> {
    return new MutexLock(this);
  }

  /** Takes the lock now, or throws `TryLockError` if it is held or awaited. */
  tryLock(): MutexGuard<T> {
    if (!this.pool.tryTake(1)) throw new TryLockError("the mutex is locked");
    return new MutexGuard(this);
  }

  /** True while some guard holds the lock. */
  isLocked(): boolean {
    return this.pool.permits === 0;
  }
}
