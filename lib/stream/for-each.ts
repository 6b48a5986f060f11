/**
 * `forEach` and `forEachConcurrent(n)`: drive a stream to its end.
 *
 * Both own the stream: when they finish, fail or are cancelled, the stream
 * is closed, so whatever it holds (a listener, an iterator) is released.
 */
import { Context, current, End, Future, IntoFuture, Pending, Poll, Stream } from "../core";
import { stepFuture } from "./into";
import { cancelAll } from "./drop";

/** What a `forEach` body may return: nothing, or something to await. */
export type StepResult = void | IntoFuture<unknown>;

/** Future for the {@link Stream.forEach} method. */
export class ForEach<T> extends Future<void> {
  #inFlight: Future<unknown> | null = null;
  constructor(
    private readonly stream: Stream<T>,
    private readonly f: (value: T) => StepResult,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    try {
      for (;;) {
        const fut = this.#inFlight;
        if (fut !== null) {
          if (fut.poll(cx) === Pending) return Pending;
          this.#inFlight = null;
        }
        const v = this.stream.pollNext(cx);
        if (v === Pending) return Pending;
        if (v === End) {
          this.stream.close();
          return;
        }
        const r = this.f(v);
        if (r !== undefined) this.#inFlight = stepFuture(r as IntoFuture<unknown>, this.f.name, "forEach()");
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      this.#inFlight = null;
      this.stream.close();
      throw e;
    }
  }
  override cancel(cx?: Context): void | typeof Pending {
    const fut = this.#inFlight;
    try {
      if (fut !== null && fut.cancel !== undefined && fut.cancel(cx) === Pending) return Pending;
    } catch (e) {
      this.#inFlight = null;
      this.stream.close();
      throw e;
    }
    this.#inFlight = null;
    this.stream.cancelNext?.();
    this.stream.close();
  }
  override describe(): string {
    const f = this.#inFlight;
    return `${this.stream.describe()}.forEach(${f === null ? this.f.name : f.describe()})`;
  }
}

/** Future for the {@link Stream.forEachConcurrent} method. */
export class ForEachConcurrent<T> extends Future<void> {
  #running: Future<unknown>[] = [];
  #streamDone = false;
  /** Set by the first failure: the other bodies are being cancelled, then it is thrown. */
  #failed = false;
  #error: unknown = undefined;
  constructor(
    private readonly stream: Stream<T>,
    private readonly limit: number,
    private readonly f: (value: T) => StepResult,
  ) {
    super();
  }
  poll(cx: Context): Poll<void> {
    if (this.#failed) return this.#finishFailing(cx);
    const running = this.#running;
    try {
      for (;;) {
        let progressed = false;
        while (!this.#streamDone && running.length < this.limit) {
          const v = this.stream.pollNext(cx);
          if (v === Pending) break;
          if (v === End) {
            this.#streamDone = true;
            this.stream.close();
            break;
          }
          const r = this.f(v);
          if (r !== undefined) running.push(stepFuture(r as IntoFuture<unknown>, this.f.name, "forEachConcurrent()"));
          progressed = true;
        }
        for (let i = 0; i < running.length; ) {
          if (running[i].poll(cx) === Pending) i++;
          else {
            running.splice(i, 1);
            progressed = true;
          }
        }
        if (this.#streamDone && running.length === 0) return;
        if (!progressed) return Pending;
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      // Fail fast, as join does: cancel the other bodies, then throw.
      this.#failed = true;
      this.#error = e;
      // The body that threw is finished; cancelling it again does nothing.
      return this.#finishFailing(cx);
    }
  }
  /** The bodies that threw are already done; cancel the rest (their cleanup may suspend). */
  #finishFailing(cx: Context): Poll<void> {
    if (!this.#streamDone) {
      this.#streamDone = true;
      this.stream.close();
    }
    try {
      if (cancelAll(this.#running, cx) === Pending) return Pending;
    } catch (cleanupError) {
      throw new AggregateError([this.#error, cleanupError], "forEachConcurrent(): a body failed, and cancelling the others failed too");
    }
    throw this.#error;
  }
  override cancel(cx?: Context): void | typeof Pending {
    if (!this.#streamDone) {
      this.#streamDone = true;
      this.stream.cancelNext?.();
      this.stream.close();
    }
    return cancelAll(this.#running, cx);
  }
  override describe(): string {
    return `${this.stream.describe()}.forEachConcurrent(${this.limit}, ${this.#running.length} running)`;
  }
}
