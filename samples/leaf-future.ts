/**
 * leaf-future: writing your own leaf future, woken by a Node callback.
 *
 * A leaf future is where genfut meets the outside world. Its poll tries the
 * operation; if it cannot finish yet it stores `cx.waker` (always the latest
 * one) and returns `Pending`; when Node's callback fires it wakes that waker,
 * and the executor polls the task again. `cancel()` undoes whatever the
 * future registered, so a lost race leaves nothing behind.
 *
 * This is the async book's TimerFuture, plus a future over a callback API.
 *
 * Run: npm run sample -- leaf-future
 */
import * as fs from "node:fs";
import { Context, Future, Pending, Poll, run, Waker } from "../lib";

/** Completes after `ms` milliseconds, using one Node timer of its own. */
class TimerFuture extends Future<void> {
  #timer: NodeJS.Timeout | null = null;
  #done = false;
  #waker: Waker | null = null;

  constructor(private readonly ms: number) {
    super(); // lazy: no timer until the first poll
  }

  poll(cx: Context): Poll<void> {
    if (this.#done) return;
    this.#waker = cx.waker; // the task may have moved: keep the latest waker
    if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#done = true;
        this.#waker?.wake();
      }, this.ms);
    }
    return Pending;
  }

  override cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer); // nothing left behind
    this.#timer = null;
    this.#waker = null;
  }

  override describe(): string {
    return `TimerFuture(${this.ms}ms)`;
  }
}

/** The size of a file, from Node's callback-style fs.stat. */
class FileSize extends Future<number> {
  #started = false;
  #result: { size: number } | { error: Error } | null = null;
  #waker: Waker | null = null;

  constructor(private readonly file: string) {
    super();
  }

  poll(cx: Context): Poll<number> {
    const r = this.#result;
    if (r !== null) {
      if ("error" in r) throw r.error; // thrown into the coroutine at its yield*
      return r.size;
    }
    this.#waker = cx.waker;
    if (!this.#started) {
      this.#started = true;
      fs.stat(this.file, (error, stats) => {
        this.#result = error ? { error } : { size: stats.size };
        this.#waker?.wake();
      });
    }
    return Pending;
  }

  override cancel(): void {
    this.#waker = null; // fs.stat cannot be aborted; its result is simply dropped
  }
}

run(function* main() {
  const t0 = Date.now();
  yield* new TimerFuture(50);
  console.log(`TimerFuture(50ms) completed after ~${Math.round((Date.now() - t0) / 10) * 10}ms`);

  const size = yield* new FileSize(__filename);
  console.log(`this sample is ${size > 0 ? "a non-empty" : "an empty"} file (${size} bytes)`);

  try {
    yield* new FileSize("/no/such/file");
  } catch (e) {
    console.log(`the error reached the coroutine: ${(e as NodeJS.ErrnoException).code}`);
  }
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
