/**
 * `fromAsyncIterable` and `toAsyncIterable`: streams and `for await`, both ways.
 */
import { badArgument } from "../core/check";
import { describeValue } from "../core/coroutine";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context, Waker } from "../core/waker";
import { reportToStderr } from "../reactor/host";
import { JoinHandle } from "../task/task";
import { Runtime, currentRuntime, tryCurrentRuntime } from "../task/runtime";
import { IoCount } from "./io-count";

const NOTHING: unique symbol = Symbol("nothing");

/**
 * Stream for the {@link fromAsyncIterable} function.
 *
 * At most one `next()` of the iterator is in flight. Its result is kept until
 * a `pollNext` takes it, so a cancelled `next()` of the stream loses nothing:
 * the item is given to the next `next()`.
 */
export class AsyncIterableStream<T> extends Stream<T> {
  #it: AsyncIterator<T> | null = null;
  #inFlight = false;
  /** The iterator finished (done, threw, or was returned): never call `return()` on it. */
  #finished = false;
  #closed = false;
  #ready: { value: T } | { error: unknown } | typeof End | typeof NOTHING = NOTHING;
  #waker: Waker | null = null;
  readonly #io = new IoCount();

  constructor(private readonly source: AsyncIterable<T> | AsyncIterator<T>) {
    super();
  }

  pollNext(cx: Context): Poll<T | End> {
    const r = this.#ready;
    if (r !== NOTHING) {
      this.#ready = NOTHING;
      if (r === End) return End;
      if ("error" in r) throw r.error;
      return r.value;
    }
    if (this.#closed || this.#finished) return End;
    if (!this.#inFlight) {
      // Lazy: the iterator is made, and asked for an item, on the first poll.
      const it = (this.#it ??= iteratorOf(this.source));
      this.#inFlight = true;
      let p: Promise<IteratorResult<T>>;
      try {
        p = Promise.resolve(it.next());
      } catch (e) {
        this.#inFlight = false;
        this.#finished = true;
        throw e;
      }
      p.then(this.#onResult, this.#onError);
    }
    this.#waker = cx.waker;
    this.#io.hold(currentRuntime("fromAsyncIterable()"));
    return Pending;
  }

  readonly #onResult = (r: IteratorResult<T>): void => {
    this.#inFlight = false;
    if (r.done) this.#finished = true;
    if (this.#closed) return;
    this.#ready = r.done ? End : { value: r.value };
    this.#wake();
  };

  readonly #onError = (e: unknown): void => {
    this.#inFlight = false;
    this.#finished = true; // an iterator that threw is done
    if (this.#closed) return;
    this.#ready = { error: e };
    this.#wake();
  };

  #wake(): void {
    this.#io.release();
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  }

  override cancelNext(): void {
    this.#waker = null;
    this.#io.release();
  }

  /** Closes the iterator with `return()`, as `break` out of `for await` would. */
  override close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ready = NOTHING;
    this.#waker = null;
    this.#io.release();
    const it = this.#it;
    if (it === null || this.#finished || typeof it.return !== "function") return;
    this.#finished = true;
    let p: unknown;
    try {
      p = it.return();
    } catch (e) {
      reportReturnError(e);
      return;
    }
    // Nobody awaits close(): a failing return() is reported, not lost.
    Promise.resolve(p).then(undefined, reportReturnError);
  }

  override describe(): string {
    return `fromAsyncIterable(${this.#inFlight ? "next() in flight" : "idle"})`;
  }
}

function reportReturnError(e: unknown): void {
  reportToStderr(`genfut: an async iterator's return() failed while its stream was closed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
}

function iteratorOf<T>(source: AsyncIterable<T> | AsyncIterator<T>): AsyncIterator<T> {
  const f = (source as AsyncIterable<T>)[Symbol.asyncIterator];
  return typeof f === "function" ? f.call(source) : (source as AsyncIterator<T>);
}

/**
 * A stream of an async iterable's items (an async generator, a Node
 * `Readable`, `readline.createInterface(...)`, `events.on(...)`), or of an
 * async iterator's. The iterator is created on the first poll; closing the
 * stream (or cancelling the `forEach`/`collect` that owns it) calls its
 * `return()`, so an async generator's `finally` runs and a Node stream is
 * destroyed. An error from the iterator is thrown from `next()`, and ends
 * the stream.
 *
 * @example
 * const rl = readline.createInterface({ input: process.stdin });
 * const n = yield* fromAsyncIterable(rl).filter((l) => l.includes("TODO")).fold(0, (a) => a + 1);
 */
export function fromAsyncIterable<T>(source: AsyncIterable<T> | AsyncIterator<T>): Stream<T> {
  const ok =
    source != null &&
    (typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === "function" || typeof (source as AsyncIterator<T>).next === "function");
  if (!ok) badArgument(TypeError, "fromAsyncIterable(source)", "source", "an async iterable or an async iterator", source);
  return new AsyncIterableStream(source);
}

interface Request<T> {
  resolve(r: IteratorResult<T, undefined>): void;
  reject(e: unknown): void;
}

const DONE: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The one task that serves an async iterator: it polls the stream while
 * `next()` calls are waiting, and sleeps (waker kept, nothing registered
 * with Node) while none are. One task per iteration, one Promise per item.
 * Rejected: a `run()` per `next()` (two tasks, a Promise chain and a
 * process listener per item; measured about 10x slower).
 */
class Pump<T> extends Future<void> {
  readonly queue: Request<T>[] = [];
  waker: Waker | null = null;
  done = false;
  constructor(private readonly stream: Stream<T>) {
    super();
  }
  poll(cx: Context): Poll<void> {
    const q = this.queue;
    while (q.length > 0) {
      let v: T | End | Pending;
      try {
        v = this.stream.pollNext(cx);
      } catch (e) {
        // The stream's error goes to the waiting next(); the stream is finished.
        q.shift()!.reject(e);
        this.finish();
        return;
      }
      if (v === Pending) return Pending;
      if (v === End) {
        this.finish();
        return;
      }
      q.shift()!.resolve({ done: false, value: v });
    }
    this.waker = cx.waker;
    return Pending;
  }
  /** Ends the iteration: closes the stream, answers every waiting next() with done. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.waker = null;
    const q = this.queue.splice(0);
    try {
      this.stream.close();
    } finally {
      for (const r of q) r.resolve(DONE);
    }
  }
  override cancel(): void {
    this.stream.cancelNext?.();
    this.finish();
  }
  override describe(): string {
    return `toAsyncIterable(${this.stream.describe()})`;
  }
}

/** The async iterator of {@link toAsyncIterable}. */
class StreamAsyncIterator<T> implements AsyncIterableIterator<T> {
  readonly #pump: Pump<T>;
  #task: JoinHandle<void> | null = null;

  constructor(stream: Stream<T>) {
    this.#pump = new Pump(stream);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const pump = this.#pump;
    if (pump.done) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      pump.queue.push({ resolve, reject });
      if (this.#task === null) {
        // First next(): start serving, on the running runtime or a runtime of our own.
        const rt = tryCurrentRuntime() ?? new Runtime();
        this.#task = rt.spawn(pump, { name: "toAsyncIterable" });
      } else {
        const w = pump.waker;
        pump.waker = null;
        w?.wake();
      }
    });
  }

  /** `break` out of `for await`: stops the pump and closes the stream. */
  return(): Promise<IteratorResult<T, undefined>> {
    const t = this.#task;
    if (t !== null && !t.isFinished()) t.abort(); // its cancel() closes the stream
    this.#pump.finish();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * An async iterator over `stream`, for `for await` in native code. Each
 * item is taken by running the stream on the current genfut runtime, or on
 * one of its own when there is none. Leaving the loop early (`break`,
 * `return`, a throw in the body) closes the stream. Every `Stream` is also
 * async iterable directly: `for await (const v of stream)` does the same.
 *
 * @example
 * const [tx, rx] = mpsc.unbounded<string>();
 * for await (const msg of toAsyncIterable(rx)) console.log(msg);
 */
export function toAsyncIterable<T>(stream: Stream<T>): AsyncIterableIterator<T> {
  if (!(stream instanceof Stream)) badArgument(TypeError, "toAsyncIterable(stream)", "stream", "a Stream", stream);
  return new StreamAsyncIterator(stream);
}

declare module "../core/stream" {
  interface Stream<T> {
    /** `for await (const v of stream)`: the same as {@link toAsyncIterable}. */
    [Symbol.asyncIterator](): AsyncIterableIterator<T>;
  }
}

/** Makes every stream async iterable. */
export function installAsyncIterator(): void {
  const proto = Stream.prototype as unknown as Record<symbol, unknown>;
  if (Object.prototype.hasOwnProperty.call(proto, Symbol.asyncIterator)) return;
  Object.defineProperty(proto, Symbol.asyncIterator, {
    value: function (this: Stream<unknown>) {
      return new StreamAsyncIterator(this);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

installAsyncIterator();
