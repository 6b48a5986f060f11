/**
 * `QueuedSource`: what a listening TCP server and a bound UDP socket share.
 *
 * Node hands over items (connections, datagrams) whenever its loop turns,
 * whether or not anyone asked; genfut takes them with a poll. The two meet
 * in a bounded queue. One task at a time waits, for the next item or for the
 * bind to finish, in a {@link WaiterSlot}. The first error and `close()` are
 * reported to that waiter. While the source can still deliver, it counts as
 * an I/O source on its driver, so a runtime waiting on it is not deadlocked.
 */
import { Pending, Poll } from "../../core/poll";
import { Ring } from "../../core/ring";
import type { Context } from "../../core/waker";
import type { Driver } from "../driver";
import { ClosedResourceError } from "../../core/errors";
import { WaiterSlot } from "./waiter-slot";

export abstract class QueuedSource<T> {
  protected readonly queue = new Ring<T>();
  readonly #slot: WaiterSlot;
  /** The message of the error thrown by a poll after `close()`. */
  readonly #closedMessage: string;
  #driver: Driver | null;
  /** Node said `'listening'`: bound, ready to deliver. */
  #ready = false;
  #error: Error | null = null;
  #closed = false;

  protected constructor(driver: Driver | null, busyMessage: string, closedMessage: string) {
    this.#slot = new WaiterSlot(busyMessage);
    this.#closedMessage = closedMessage;
    this.#driver = driver;
    if (driver !== null) driver.ioSources++;
  }

  /** The driver the source is counted on (null once closed, or failed before it was ready). */
  get driver(): Driver | null {
    return this.#driver;
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** Items waiting for a poll. */
  get queued(): number {
    return this.queue.length;
  }

  /** Ready once bound; throws the bind error (`EADDRINUSE`) otherwise. */
  pollReady(cx: Context, owner: object): Poll<true> {
    this.#check();
    if (this.#ready) return this.#slot.done(owner, true);
    this.#slot.register(cx, owner);
    return Pending;
  }

  /** The next waiting item, or `Pending` with the waker registered. */
  pollNext(cx: Context, owner: object): Poll<T> {
    this.#check();
    if (this.queue.length > 0) return this.#slot.done(owner, this.queue.shift());
    this.#slot.register(cx, owner);
    return Pending;
  }

  /** Forgets `owner`'s registration (its future was cancelled). */
  cancel(owner: object): void {
    this.#slot.cancel(owner);
  }

  /** Closes the Node handle and wakes a waiting poll, which then throws `ClosedResourceError`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.closeHandle();
    this.#release();
    this.#slot.wake();
  }

  /** Drops the queued items and closes the Node handle (called once, by `close`). */
  protected abstract closeHandle(): void;

  /** Queues an item Node delivered and wakes the waiter. */
  protected deliver(item: T): void {
    this.queue.push(item);
    this.#slot.wake();
  }

  /**
   * Node reported an error: the first one is thrown by every later poll.
   * With `releaseIfNeverReady`, a source that never became ready (a failed
   * bind) stops counting as an I/O source at once.
   */
  protected fail(e: Error, releaseIfNeverReady: boolean): void {
    if (this.#error === null) this.#error = e;
    if (releaseIfNeverReady && !this.#ready) this.#release();
    this.#slot.wake();
  }

  /** Node's `'listening'`: the source is bound. */
  protected readonly onReady = (): void => {
    this.#ready = true;
    this.#slot.wake();
  };

  #check(): void {
    if (this.#closed) throw new ClosedResourceError(this.#closedMessage);
    if (this.#error !== null) throw this.#error;
  }

  #release(): void {
    const d = this.#driver;
    this.#driver = null;
    if (d !== null) d.ioSources--;
  }
}
