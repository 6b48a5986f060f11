/**
 * Helpers for the sync specs: poll a future by hand, and run a coroutine on
 * a paused-clock runtime synchronously.
 */
import { Context, Future, Pending, Poll, Runtime, Task, Waker } from "../../lib";
import { CountingWaker } from "./index";

/** Polls `fut` once with a fresh counting waker (or `waker`); returns the poll result and the waker. */
export function pollOnce<T>(fut: Future<T>, waker: Waker = new CountingWaker()): { v: Poll<T>; waker: CountingWaker } {
  const v = fut.poll(new Context(waker));
  return { v, waker: waker as CountingWaker };
}

/** True when `v` is `Pending`. */
export function isPending(v: unknown): boolean {
  return v === Pending;
}

/** Runs `main` to completion on a new paused-clock runtime, synchronously. */
export function block<T>(main: Task<T>): T {
  // A lost waker (a leaf that returned Pending without registering its waker) fails the test.
  const lost: string[] = [];
  const v = new Runtime({
    startPaused: true,
    onLostWaker: (r) => void lost.push(`${r.task.name} on ${r.waitingOn}`),
  }).blockOn(main);
  if (lost.length > 0) throw new Error(`lost waker: ${lost.join("; ")}`);
  return v;
}

/** A hand-driven stand-in for one task: a context whose waker counts, reused for every poll. */
export class Poller<T> {
  readonly waker = new CountingWaker();
  readonly cx = new Context(this.waker);
  constructor(readonly fut: Future<T>) {}
  poll(): Poll<T> {
    return this.fut.poll(this.cx);
  }
  get wakes(): number {
    return this.waker.count;
  }
}
