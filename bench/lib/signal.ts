/**
 * A one-shot "done" signal for genfut workloads: set it from any task, await
 * it with `yield* signal`. The benchmarks' main tasks wait on it instead of
 * joining every handle where the peers count completions with a counter and
 * a resolved Promise (tokio's benchmarks use a done-channel the same way).
 * Built on the public leaf-future API only.
 */
import { Context, Future, Pending, Poll, Waker } from "../../lib";

export class Signal extends Future<void> {
  #set = false;
  #waker: Waker | null = null;

  poll(cx: Context): Poll<void> {
    if (this.#set) return;
    this.#waker = cx.waker;
    return Pending;
  }

  override cancel(): void {
    this.#waker = null;
  }

  /** Completes the signal and wakes its waiter; later calls do nothing. */
  set(): void {
    if (this.#set) return;
    this.#set = true;
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  }

  override describe(): string {
    return `Signal(${this.#set ? "set" : "unset"})`;
  }
}
