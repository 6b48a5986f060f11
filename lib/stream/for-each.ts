/**
 * `forEach` and `forEachConcurrent(n)`: drive a stream to its end.
 *
 * Both own the stream: when they finish, fail or are cancelled, the stream
 * is closed, so whatever it holds (a listener, an iterator) is released.
 */
import { IntoFuture } from "../core/coroutine";
import { current, Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { stepFuture } from "./into";
import { Child, Woken } from "./woken";
import { cancelAll, StepConsumer } from "./drop";

/** What a `forEach` body may return: nothing, or something to await. */
export type StepResult = void | IntoFuture<unknown>;

/** Future for the {@link Stream.forEach} method. */
export class ForEach<T> extends StepConsumer<T, void> {
  constructor(
    stream: Stream<T>,
    private readonly f: (value: T) => StepResult,
  ) {
    super(stream);
  }
  poll(cx: Context): Poll<void> {
    try {
      for (;;) {
        const fut = this.inFlight;
        if (fut !== null) {
          if (fut.poll(cx) === Pending) return Pending;
          this.inFlight = null;
        }
        const v = this.stream.pollNext(cx);
        if (v === Pending) return Pending;
        if (v === End) {
          this.stream.close();
          return;
        }
        const r = this.f(v);
        if (r !== undefined) this.inFlight = stepFuture(r as IntoFuture<unknown>, this.f.name, "forEach()");
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      return this.fail(e);
    }
  }
  override describe(): string {
    const f = this.inFlight;
    return `${this.stream.describe()}.forEach(${f === null ? this.f.name : f.describe()})`;
  }
}

/** Future for the {@link Stream.forEachConcurrent} method. */
export class ForEachConcurrent<T> extends Future<void> {
  /** Bodies still running; each has its own waker, so a wake polls only that body. */
  readonly #running = new Set<Child<unknown>>();
  readonly #woken = new Woken<Child<unknown>>();
  #streamDone = false;
  /** Set by the first failure: the other bodies are being cancelled, then it is thrown. */
  #failed = false;
  #error: unknown = undefined;
  #cancelling: Future<unknown>[] = [];
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
    this.#woken.parent = cx.waker;
    try {
      for (;;) {
        let progressed = false;
        while (!this.#streamDone && running.size < this.limit) {
          const v = this.stream.pollNext(cx);
          if (v === Pending) break;
          if (v === End) {
            this.#closeStream();
            break;
          }
          const r = this.f(v);
          if (r !== undefined) running.add(new Child(stepFuture(r as IntoFuture<unknown>, this.f.name, "forEachConcurrent()"), this.#woken));
          progressed = true;
        }
        for (const c of this.#woken.take()) {
          if (c.done) continue;
          if (c.fut.poll(c.cx) !== Pending) {
            c.done = true;
            running.delete(c);
            progressed = true;
          }
        }
        if (this.#streamDone && running.size === 0) return;
        if (!progressed) return Pending;
        if (--current.budget < 0) {
          cx.waker.wake();
          return Pending;
        }
      }
    } catch (e) {
      // Fail fast, as join does: cancel the other bodies, then throw.
      // (The body that threw is finished; cancelling it again does nothing.)
      this.#failed = true;
      this.#error = e;
      return this.#finishFailing(cx);
    }
  }
  #closeStream(): void {
    if (this.#streamDone) return;
    this.#streamDone = true;
    this.stream.close();
  }
  /** Moves the running bodies to the cancelling list (their later wakes are ignored). */
  #dropRunning(): void {
    for (const c of this.#running) {
      c.done = true;
      this.#cancelling.push(c.fut);
    }
    this.#running.clear();
    this.#woken.clear();
  }
  #finishFailing(cx: Context): Poll<void> {
    this.#closeStream();
    this.#dropRunning();
    try {
      if (cancelAll(this.#cancelling, cx) === Pending) return Pending;
    } catch (cleanupError) {
      throw new AggregateError([this.#error, cleanupError], "forEachConcurrent(): a body failed, and cancelling the others failed too");
    }
    throw this.#error;
  }
  override cancel(cx?: Context): void | typeof Pending {
    if (!this.#streamDone) this.stream.cancelNext?.();
    this.#closeStream();
    this.#dropRunning();
    return cancelAll(this.#cancelling, cx);
  }
  override describe(): string {
    return `${this.stream.describe()}.forEachConcurrent(${this.limit}, ${this.#running.size} running)`;
  }
}
