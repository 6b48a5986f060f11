/**
 * `RwLock<T>`: many readers or one writer, fair (FIFO), with `Disposable` guards.
 */
import { checkInteger } from "../core/check";
import type { Future } from "../core/future";
import { Acquire, PermitPool } from "./permit-pool";
import { TryLockError } from "./errors";

/**
 * The pool holds `maxReaders` permits: a reader takes one, a writer takes them
 * all. With the pool's strict FIFO, a waiting writer holds back readers that
 * came after it, so writers are never starved (tokio's design).
 */
const DEFAULT_MAX_READERS = 0x1fffffff;

/**
 * Shared, read-only access to an {@link RwLock}'s value.
 *
 * @example
 * using r = yield* lock.read();
 * console.log(r.value);
 */
export class RwLockReadGuard<T> implements Disposable {
  #lock: RwLock<T> | null;
  /** @internal */
  constructor(lock: RwLock<T>) {
    this.#lock = lock;
  }
  get value(): T {
    if (this.#lock === null) throw new TypeError("an RwLockReadGuard was used after release()");
    return this.#lock.inner;
  }
  /** Gives up this read access; harmless twice. */
  release(): void {
    const l = this.#lock;
    if (l === null) return;
    this.#lock = null;
    l.pool.release(1);
  }
  /** Same as `release()`, so `using guard = ...` unlocks when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * Exclusive access to an {@link RwLock}'s value.
 *
 * @example
 * using w = yield* lock.write();
 * w.value = next;
 */
export class RwLockWriteGuard<T> implements Disposable {
  #lock: RwLock<T> | null;
  /** @internal */
  constructor(lock: RwLock<T>) {
    this.#lock = lock;
  }
  get value(): T {
    return this.#held().inner;
  }
  set value(v: T) {
    this.#held().inner = v;
  }
  /** Gives up write access; harmless twice. */
  release(): void {
    const l = this.#lock;
    if (l === null) return;
    this.#lock = null;
    l.pool.release(l.maxReaders);
  }
  /** Same as `release()`, so `using guard = ...` unlocks when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }
  #held(): RwLock<T> {
    if (this.#lock === null) throw new TypeError("an RwLockWriteGuard was used after release()");
    return this.#lock;
  }

  /**
   * Turns write access into read access without letting a writer in between
   * (tokio's `downgrade`): this guard is spent, the returned read guard holds
   * the lock, and readers waiting at the head of the queue get in at once.
   * A writer waiting at the head still waits for every reader, this one too.
   *
   * @example
   * const w = yield* lock.write();
   * w.value = computeNext();
   * using r = w.downgrade(); // others may read it now; nobody can change it under us
   */
  downgrade(): RwLockReadGuard<T> {
    const l = this.#held();
    this.#lock = null;
    const guard = new RwLockReadGuard(l);
    l.pool.release(l.maxReaders - 1);
    return guard;
  }
}

/**
 * Future for {@link RwLock.read}.
 *
 * @example
 * const r = yield* lock.read();
 */
export class RwLockRead<T> extends Acquire<RwLockReadGuard<T>> {
  constructor(readonly lock: RwLock<T>) {
    super(lock.pool, 1);
  }
  protected output(): RwLockReadGuard<T> {
    return new RwLockReadGuard(this.lock);
  }
  override describe(): string {
    return `RwLock.read(${this.pool.waiters.length} waiting)`;
  }
}

/**
 * Future for {@link RwLock.write}.
 *
 * @example
 * const w = yield* lock.write();
 */
export class RwLockWrite<T> extends Acquire<RwLockWriteGuard<T>> {
  constructor(readonly lock: RwLock<T>) {
    super(lock.pool, lock.maxReaders);
  }
  protected output(): RwLockWriteGuard<T> {
    return new RwLockWriteGuard(this.lock);
  }
  override describe(): string {
    return `RwLock.write(${this.pool.waiters.length} waiting)`;
  }
}

/**
 * A reader-writer lock: any number of readers at once, or one writer. Fair:
 * requests are served in the order they first waited, so a waiting writer
 * is not starved by a stream of readers.
 *
 * @example
 * const config = new RwLock({ level: 1 });
 * { using r = yield* config.read(); console.log(r.value.level); }
 * { using w = yield* config.write(); w.value = { level: 2 }; }
 */
export class RwLock<T> {
  /** @internal */
  readonly pool: PermitPool;
  /** @internal */
  inner: T;
  /** Readers allowed at once. */
  readonly maxReaders: number;

  constructor(value: T, maxReaders = DEFAULT_MAX_READERS) {
    checkInteger("new RwLock(value, maxReaders)", "maxReaders", maxReaders, 1, DEFAULT_MAX_READERS);
    this.inner = value;
    this.maxReaders = maxReaders;
    this.pool = new PermitPool(maxReaders);
  }

  /** Waits for shared read access. */
  read(): Future<RwLockReadGuard<T>> {
    return new RwLockRead(this);
  }

  /** Waits for exclusive write access. */
  write(): Future<RwLockWriteGuard<T>> {
    return new RwLockWrite(this);
  }

  /** Read access now, or `TryLockError`. */
  tryRead(): RwLockReadGuard<T> {
    if (!this.pool.tryTake(1)) throw new TryLockError("the lock is held for writing (or a writer waits)");
    return new RwLockReadGuard(this);
  }

  /** Write access now, or `TryLockError`. */
  tryWrite(): RwLockWriteGuard<T> {
    if (!this.pool.tryTake(this.maxReaders)) throw new TryLockError("the lock is held");
    return new RwLockWriteGuard(this);
  }
}
