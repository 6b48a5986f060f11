/**
 * The permits a {@link Semaphore} hands out: `Disposable` counts of a
 * `PermitPool`, which they give back on `release()`. They know the semaphore
 * only as a type (an owned permit's `semaphore()`), so nothing here is
 * loaded in a cycle with semaphore.ts.
 */
import type { PermitPool } from "./permit-pool";
import type { Semaphore } from "./semaphore";

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

  /** Same as `release()`, so `using permit = ...` gives the permit back when the block ends. */
  [Symbol.dispose](): void {
    this.release();
  }

  /**
   * Moves `other`'s permits into this one (`other` is left empty). Both must
   * come from the same semaphore and this one must not be released: a
   * `TypeError` otherwise (tokio panics).
   *
   * @example
   * using a = yield* sem.acquire();
   * a.merge(yield* sem.acquire()); // a.count === 2
   */
  merge(other: SemaphorePermit): void {
    if (other === this || other.#count === 0) return;
    if (this.#pool === null) throw new TypeError("SemaphorePermit.merge(): this permit was already released or forgotten");
    if (other.#pool !== this.#pool) throw new TypeError("SemaphorePermit.merge(): the permits come from different semaphores");
    this.#count += other.#count;
    other.#pool = null;
    other.#count = 0;
  }

  /**
   * Splits `n` permits off into a new permit of the same kind, or gives
   * `undefined` (and changes nothing) when this holds fewer than `n`.
   *
   * @example
   * using both = yield* sem.acquire(2);
   * const one = both.split(1)!;  // both.count === 1, one.count === 1
   * spawn(function* () { using _ = one; yield* work(); });
   */
  split(n: number): SemaphorePermit | undefined {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`SemaphorePermit.split(n): n must be a whole number >= 0, got ${String(n)}`);
    const pool = this.#pool;
    if (pool === null || n > this.#count) return undefined;
    this.#count -= n;
    return this.withCount(pool, n);
  }

  /** @internal a new permit of this one's kind holding `n` of `pool`'s permits. */
  protected withCount(pool: PermitPool, n: number): SemaphorePermit {
    return new SemaphorePermit(pool, n);
  }
}

/**
 * Permits that name their {@link Semaphore} (tokio's `OwnedSemaphorePermit`,
 * from `acquireOwned`/`acquireManyOwned`). In TypeScript every permit already
 * outlives the scope that took it, so the difference from
 * {@link SemaphorePermit} is only `semaphore()`: a task handed the permit
 * can reach the semaphore it came from.
 *
 * @example
 * const permit = yield* sem.acquireOwned();
 * spawn(function* () { using _ = permit; yield* work(); });
 */
export class OwnedSemaphorePermit extends SemaphorePermit {
  readonly #semaphore: Semaphore;
  /** @internal */
  constructor(semaphore: Semaphore, pool: PermitPool, count: number) {
    super(pool, count);
    this.#semaphore = semaphore;
  }

  /** The semaphore these permits come from. */
  semaphore(): Semaphore {
    return this.#semaphore;
  }

  override split(n: number): OwnedSemaphorePermit | undefined {
    return super.split(n) as OwnedSemaphorePermit | undefined;
  }

  protected override withCount(pool: PermitPool, n: number): OwnedSemaphorePermit {
    return new OwnedSemaphorePermit(this.#semaphore, pool, n);
  }
}
