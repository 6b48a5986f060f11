/**
 * `OnceCell<T>`: a value set at most once, with an async initializer that
 * runs once however many tasks ask at the same time (tokio's `OnceCell`).
 *
 * Built as tokio's is, on a one-permit {@link Semaphore}: the caller holding
 * the permit runs the initializer while the others wait in FIFO order; once
 * a value is stored the semaphore is closed, which wakes every waiter to
 * read it. If the initializer throws or is cancelled, the permit is
 * released (a `using` declaration) and the next waiter tries its own.
 */
import { Coroutine, intoFuture, type IntoFuture } from "../core/coroutine";
import type { Future } from "../core/future";
import { AcquireError, SetError } from "./errors";
import { Semaphore } from "./semaphore";

/**
 * A cell holding at most one value, set once.
 *
 * @example
 * const CONFIG = new OnceCell<Config>();
 * function* config() {
 *   return yield* CONFIG.getOrInit(function* () { return yield* loadConfig(); }); // loaded once
 * }
 */
export class OnceCell<T> {
  #value: T | undefined = undefined;
  #set = false;
  #sem = new Semaphore(1);

  /**
   * A cell already holding `value` (tokio's `new_with(Some(v))`).
   *
   * @example
   * const cell = OnceCell.withValue(42);
   */
  static withValue<T>(value: T): OnceCell<T> {
    const cell = new OnceCell<T>();
    cell.set(value);
    return cell;
  }

  /** The value, or `undefined` while the cell is empty. */
  get(): T | undefined {
    return this.#value;
  }

  /** True once a value is stored. */
  initialized(): boolean {
    return this.#set;
  }

  /**
   * Stores `value`, or throws {@link SetError} (with the value back):
   * `"alreadyInitialized"`, or `"initializing"` while a `getOrInit`
   * initializer runs.
   *
   * @example
   * cell.set(computeNow());
   */
  set(value: T): void {
    if (this.#set) throw new SetError("alreadyInitialized", value);
    if (this.#sem.availablePermits() === 0) throw new SetError("initializing", value);
    this.#store(value);
  }

  /**
   * The value; if the cell is empty, runs `init` (a function giving a
   * future or generator object, or a generator function) to make it. One
   * initializer runs at a time: concurrent callers wait and get its value.
   * If it throws, that caller gets the error and the next waiter runs its
   * own initializer; if it is cancelled (a lost `select`, an aborted task),
   * the next waiter likewise tries. Nothing is stored by a failed attempt.
   *
   * @example
   * const conn = yield* pool.getOrInit(() => connect("db:5432"));
   */
  getOrInit(init: () => IntoFuture<T>): Future<T> {
    if (typeof init !== "function") throw new TypeError(`OnceCell.getOrInit(init): init must be a function, got ${String(init)}`);
    return new Coroutine(this.#getOrInit(init), "OnceCell.getOrInit");
  }

  /**
   * Empties the cell and gives the value it held (`undefined` if none), so
   * a later `getOrInit` initializes it again. A `TypeError` while an
   * initializer runs.
   *
   * @example
   * const old = cell.take();
   */
  take(): T | undefined {
    if (!this.#set) {
      if (this.#sem.availablePermits() === 0) throw new TypeError("OnceCell.take(): an initializer is running");
      return undefined;
    }
    const v = this.#value;
    this.#value = undefined;
    this.#set = false;
    this.#sem = new Semaphore(1);
    return v;
  }

  *#getOrInit(init: () => IntoFuture<T>): Generator<unknown, T, unknown> {
    for (;;) {
      if (this.#set) return this.#value as T;
      const sem = this.#sem;
      let permit;
      try {
        permit = yield* sem.acquire();
      } catch (e) {
        // Closed: a value was stored while this caller waited (and, if it
        // was taken since, the loop waits on the fresh semaphore).
        if (e instanceof AcquireError) continue;
        throw e;
      }
      using _ = permit;
      if (this.#set) return this.#value as T;
      const v = yield* intoFuture(init(), "OnceCell.getOrInit()");
      this.#store(v);
      return v;
    }
  }

  #store(value: T): void {
    this.#value = value;
    this.#set = true;
    this.#sem.close(); // wakes every waiter: the value is there
  }
}
