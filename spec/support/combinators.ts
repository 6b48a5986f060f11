/**
 * Helpers for the combinator specs: a log to check ordering, and children
 * whose cleanup is synchronous, asynchronous, or failing.
 */
import { Context, Future, Pending, Poll, sleep, now } from "../../lib";

/** An ordered record of what happened, with the paused clock's time. */
export class Log {
  readonly lines: string[] = [];
  add(line: string): void {
    this.lines.push(`${line} @${now()}`);
  }
}

/** A coroutine that sleeps `ms`, returns `value`, and logs its async cleanup (which takes `cleanupMs`). */
export function* worker<T>(log: Log, name: string, ms: number, value: T, cleanupMs = 0): Generator<unknown, T, unknown> {
  let done = false;
  try {
    yield* sleep(ms);
    done = true;
    return value;
  } finally {
    if (!done) {
      log.add(`${name} cleanup start`);
      if (cleanupMs > 0) yield* sleep(cleanupMs);
      log.add(`${name} cleanup end`);
    }
  }
}

/** A coroutine that sleeps `ms`, then throws `Error(message)`. */
export function* failing(ms: number, message: string): Generator<unknown, never, unknown> {
  yield* sleep(ms);
  throw new Error(message);
}

/**
 * A leaf whose `cancel(cx)` returns `Pending` `steps` times (waking the
 * given context each time), like a composite with asynchronous cleanup.
 */
export class SlowCancel<T> extends Future<T> {
  polls = 0;
  cancelCalls = 0;
  finished = false;
  constructor(private steps: number) {
    super();
  }
  poll(): Poll<T> {
    this.polls++;
    return Pending;
  }
  override cancel(cx?: Context): void | typeof Pending {
    this.cancelCalls++;
    if (this.steps-- > 0) {
      cx?.waker.wake();
      return Pending;
    }
    this.finished = true;
  }
}

/** A pending leaf whose cancel throws `error`. */
export class CancelThrows extends Future<never> {
  constructor(private readonly error: unknown) {
    super();
  }
  poll(): Poll<never> {
    return Pending;
  }
  override cancel(): void {
    throw this.error;
  }
}
