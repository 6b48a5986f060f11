/**
 * Wakers and contexts: how a pending future asks to be polled again.
 *
 * A task is its own waker (one object per task, reused for every poll), and
 * combinators hand their children wakers of their own so that a wake can say
 * *which* child is ready. Nothing here allocates per poll.
 */
import { badArgument } from "./check";

/**
 * Something to call when a pending future can make progress.
 * Waking is idempotent and cheap: waking twice before the task runs polls it once,
 * and waking a finished task does nothing.
 */
export interface Waker {
  /** Asks for the task to be polled again; does not poll it here and now. */
  wake(): void;
}

/**
 * What a future receives when polled. `cx.waker` is the waker to register
 * with whatever will make the future ready (a timer, a socket, a channel).
 *
 * Futures must register the waker of the *latest* poll: a future can move
 * between tasks or combinator slots, and a stale waker wakes the wrong one.
 *
 * @example
 * const cx = new Context({ wake() { console.log("woken") } });
 * fut.poll(cx);
 */
export class Context {
  constructor(public readonly waker: Waker) {
    if (typeof (waker as Waker | null)?.wake !== "function") badArgument(TypeError, "new Context(waker)", "waker", "an object with a wake() method", waker);
  }
}

/**
 * A waker that does nothing: for polling a future once to see if it is ready.
 *
 * @example
 * ready(42).poll(new Context(noopWaker)); // 42: ready at the first poll
 */
export const noopWaker: Waker = Object.freeze({ wake() {} });
