/**
 * `Semaphore`: a fair, FIFO counting semaphore whose permits are `Disposable`.
 */
import { checkInteger } from "../core/check";
import { Acquire, PermitPool } from "./permit-pool";
import { TryAcquireError } from "./errors";
import type { Future } from "../core/future";

function checkCount(what: string, n: number, name = "n"): void {
  checkInteger(what, name, n, 0);
}

/**
 * Permits taken from a {@link Semaphore}. `release()` (or leaving a `using`
 * block) gives them back; releasing twice is harmless.
 *
 * @example
 * using permit = yield* sem.acquire(2);
 * // ... two permits held until the end of the block, whatever happens
 */
export class SemaphorePermit implements Disposable {
  #pool: PermitPool | null;
  #count: number;

  /** @internal */
  constructor(pool: PermitPool, count: number) {
    this.#pool = pool;
    this.#count = count;
  }

  /** How many permits this holds (0 once released or forgotten). */
  get count(): number {
    return this.#count;
  }

  /** Gives the permits back to the semaphore, waking the next waiters in order. */
  release(): void {
    const pool = this.#pool;
    if (pool === null) return;
    this.#pool = null;
    const n = this.#count;
    this.#count = 0;
    pool.release(n);
  }

  /** Drops the permits without returning them: the semaphore shrinks by `count`. */
  forget(): void {
    this.#pool = null;
    this.#count = 0;
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

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

  /** Adds `n` permits, waking waiters in order. */
  addPermits(n: number): void {
    checkCount("Semaphore.addPermits(n)", n);
    this.#pool.release(n);
  }

  /** Removes up to `n` free permits; returns how many it removed. */
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

  isClosed(): boolean {
    return this.#pool.closed;
  }

  /** How many acquires are queued. */
  waiting(): number {
    return this.#pool.waiters.length;
  }
}
