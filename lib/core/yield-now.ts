/**
 * `yieldNow()`: give the other tasks, and Node's event loop, a turn.
 */
import { current, Future } from "./future";
import { Pending, Poll } from "./poll";
import { Context } from "./waker";

/** Future for the {@link yieldNow} function. */
export class YieldNow extends Future<void> {
  /** @internal Polled once already. A plain field: see `Sleep.driver`. */
  yielded = false;

  // Written out: a derived class without one compiles to
  // `constructor() { super(...arguments) }`, a spread call per construction
  // that costs ~300 ns in unoptimized code.
  constructor() {
    super();
  }
  poll(cx: Context): Poll<void> {
    if (this.yielded) return;
    this.yielded = true;
    // As tokio does, defer the wake until the host loop has had a turn, so a
    // task looping on yieldNow() cannot starve I/O and timers. Outside an
    // executor there is no host turn to wait for: wake at once.
    if (current.defer !== null) current.defer(cx.waker);
    else cx.waker.wake();
    return Pending;
  }
  override describe(): string {
    return "yieldNow()";
  }
}

/**
 * Suspends the task once and re-queues it behind the others. Its wake is
 * deferred until Node's event loop has had a turn.
 *
 * @example
 * for (const item of bigArray) {
 *   process(item);
 *   yield* yieldNow(); // let timers and sockets in
 * }
 */
export function yieldNow(): Future<void> {
  return new YieldNow();
}
