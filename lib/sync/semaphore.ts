/**
 * `Semaphore`: a fair, FIFO counting semaphore whose permits are `Disposable`.
 */
import { checkInteger } from "../core/check";
import { Acquire, PermitPool } from "./permit-pool";
import { TryAcquireError } from "./errors";
import { OwnedSemaphorePermit, SemaphorePermit } from "./semaphore-permit";
import type { Future } from "../core/future";

function checkCount(what: string, n: number, name = "n"): void {
  // Before the whole-number check: past MAX_SAFE_INTEGER a number is no longer
  // exact, and the limit is what the caller needs to hear about.
  if (typeof n === "number" && n > MAX_PERMITS) throw new RangeError(`${what}: ${name} must be at most Semaphore.MAX_PERMITS (${MAX_PERMITS}) permits, got ${String(n)}`);
  checkInteger(what, name, n, 0);
}

/**
 * The most permits a semaphore holds: the largest integer a `number` counts
 * exactly (tokio's is `usize::MAX >> 3`; past 2^53 adding 1 would be lost).
 */
const MAX_PERMITS = Number.MAX_SAFE_INTEGER;

/**
 * Future for {@link Semaphore.acquire}.
 *
 * @example
 * using p = yield* sem.acquire(2);
 */
export class SemaphoreAcquire extends Acquire<SemaphorePermit> {
  protected output(): SemaphorePermit {
    return new SemaphorePermit(this.pool, this.needed);
  }
  override describe(): string {
    const p = this.pool;
    return `Semaphore.acquire(${this.needed} of ${p.permits} available, ${p.waiters.length} waiting)`;
  }
}

/**
 * A counting semaphore: `acquire(n)` waits until `n` permits are free and
 * takes them. Fair: waiters are served strictly in the order they first
 * waited, so a waiting `acquire(5)` holds back a later `acquire(1)`.
 * Cancelling a waiting `acquire` leaves the queue at once; permits it had
 * been granted but not taken pass to the next waiter.
 *
 * @example
 * const sem = new Semaphore(3);            // at most 3 downloads at once
 * function* download(url: string) {
 *   using _ = yield* sem.acquire();
 *   yield* fetchIt(url);
 * }
 */
export class Semaphore {
  readonly #pool: PermitPool;

  constructor(permits: number) {
    checkCount("new Semaphore(permits)", permits, "permits");
    this.#pool = new PermitPool(permits);
  }

  /**
   * Waits for `n` permits (default 1) and takes them. Throws `AcquireError`
   * if the semaphore is (or gets) closed.
   */
  acquire(n = 1): Future<SemaphorePermit> {
    checkCount("Semaphore.acquire(n)", n);
    return new SemaphoreAcquire(this.#pool, n);
  }

  /**
   * Takes `n` permits now, or throws `TryAcquireError` (`kind` `"noPermits"`
   * when too few are free or others wait first, `"closed"`).
   *
   * @example
   * try { using p = sem.tryAcquire(); serve(); } catch { reject(); }
   */
  tryAcquire(n = 1): SemaphorePermit {
    checkCount("Semaphore.tryAcquire(n)", n);
    const pool = this.#pool;
    if (pool.closed) throw new TryAcquireError("closed");
    if (!pool.tryTake(n)) throw new TryAcquireError("noPermits");
    return new SemaphorePermit(pool, n);
  }

  /**
   * Adds `n` permits, waking waiters in order. Past `Semaphore.MAX_PERMITS`
   * it is a `RangeError`.
   *
   * @example
   * sem.addPermits(2); // two more downloads at once from now on
   */
  addPermits(n: number): void {
    checkCount("Semaphore.addPermits(n)", n);
    if (this.#pool.permits + n > MAX_PERMITS) throw new RangeError(`Semaphore.addPermits(n): ${this.#pool.permits} + ${n} permits would pass Semaphore.MAX_PERMITS (${MAX_PERMITS})`);
    this.#pool.release(n);
  }

  /**
   * Removes up to `n` free permits; returns how many it removed.
   *
   * @example
   * sem.forgetPermits(1); // shrink the pool by one, if one is free
   */
  forgetPermits(n: number): number {
    checkCount("Semaphore.forgetPermits(n)", n);
    const pool = this.#pool;
    const k = Math.min(n, pool.permits);
    pool.permits -= k;
    return k;
  }

  /** Permits free right now. */
  availablePermits(): number {
    return this.#pool.permits;
  }

  /** Closes the semaphore: waiters and later acquires throw `AcquireError`. Held permits stay valid. */
  close(): void {
    this.#pool.close();
  }

  /** True once `close()` was called: every acquire now throws `AcquireError`. */
  isClosed(): boolean {
    return this.#pool.closed;
  }

  /** How many acquires are queued. */
  waiting(): number {
    return this.#pool.waiters.length;
  }

  /**
   * The most permits a semaphore can hold (`Number.MAX_SAFE_INTEGER`).
   * More, in the constructor, `addPermits` or an acquire, is a `RangeError`.
   *
   * @example
   * const unlimited = new Semaphore(Semaphore.MAX_PERMITS);
   */
  static readonly MAX_PERMITS: number = MAX_PERMITS;

  /**
   * tokio's name for `acquire(n)`: waits for `n` permits and takes them.
   *
   * @example
   * using batch = yield* sem.acquireMany(4);
   */
  acquireMany(n: number): Future<SemaphorePermit> {
    return this.acquire(n);
  }

  /**
   * tokio's name for `tryAcquire(n)`.
   *
   * @example
   * using batch = sem.tryAcquireMany(4);
   */
  tryAcquireMany(n: number): SemaphorePermit {
    return this.tryAcquire(n);
  }

  /**
   * Like `acquire()`, giving an {@link OwnedSemaphorePermit} that knows its
   * semaphore.
   *
   * @example
   * const permit = yield* sem.acquireOwned();
   */
  acquireOwned(): Future<OwnedSemaphorePermit> {
    return new SemaphoreAcquireOwned(this, this.#pool, 1);
  }

  /**
   * Like `acquire(n)`, giving an {@link OwnedSemaphorePermit}.
   *
   * @example
   * const permits = yield* sem.acquireManyOwned(3);
   */
  acquireManyOwned(n: number): Future<OwnedSemaphorePermit> {
    checkCount("Semaphore.acquireManyOwned()", n);
    return new SemaphoreAcquireOwned(this, this.#pool, n);
  }

  /**
   * Like `tryAcquire()`, giving an {@link OwnedSemaphorePermit}.
   *
   * @example
   * const permit = sem.tryAcquireOwned();
   */
  tryAcquireOwned(): OwnedSemaphorePermit {
    return this.tryAcquireManyOwned(1);
  }

  /**
   * Like `tryAcquire(n)`, giving an {@link OwnedSemaphorePermit}.
   *
   * @example
   * const permits = sem.tryAcquireManyOwned(2);
   */
  tryAcquireManyOwned(n: number): OwnedSemaphorePermit {
    checkCount("Semaphore.tryAcquireManyOwned()", n);
    const pool = this.#pool;
    if (pool.closed) throw new TryAcquireError("closed");
    if (!pool.tryTake(n)) throw new TryAcquireError("noPermits");
    return new OwnedSemaphorePermit(this, pool, n);
  }
}

/**
 * Future for {@link Semaphore.acquireOwned} and {@link Semaphore.acquireManyOwned}.
 *
 * @example
 * const permit = yield* sem.acquireOwned();
 */
export class SemaphoreAcquireOwned extends Acquire<OwnedSemaphorePermit> {
  /** @internal */
  constructor(
    private readonly semaphore: Semaphore,
    pool: PermitPool,
    n: number,
  ) {
    super(pool, n);
  }
  protected output(): OwnedSemaphorePermit {
    return new OwnedSemaphorePermit(this.semaphore, this.pool, this.needed);
  }
  override describe(): string {
    const p = this.pool;
    return `Semaphore.acquireOwned(${this.needed} of ${p.permits} available, ${p.waiters.length} waiting)`;
  }
}
