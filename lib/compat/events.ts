/**
 * `fromEvent`: Node's EventEmitters (and DOM-style EventTargets) as streams.
 */
import { checkBoolean, checkInteger, checkOneOf, checkOptions } from "../core/check";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context, Waker } from "../core/waker";
import { currentRuntime } from "../task/runtime";
import { checkEmitter, checkEventName, type EmitterLike, isEmitter, listen } from "./emitter";
import { IoCount } from "./io-count";

const OVERFLOW: readonly OverflowPolicy[] = ["error", "drop-oldest", "drop-newest"];

/**
 * What `fromEvent` does when events arrive faster than they are taken and
 * the buffer is full. The emitter is never blocked and never thrown into.
 *
 * - `"error"` (default): the oldest buffered events are dropped to make room,
 *   and the next `next()` throws an {@link EventOverflowError} saying how many;
 *   the stream then carries on with the events it kept. Nothing is lost silently.
 * - `"drop-oldest"`: the same, without the error (you asked for it).
 * - `"drop-newest"`: the new event is dropped, without an error.
 */
export type OverflowPolicy = "error" | "drop-oldest" | "drop-newest";

/** Options for {@link fromEvent}. */
export interface FromEventOptions {
  /**
   * Most events buffered while nobody is taking them.
   * @default 1024
   */
  capacity?: number;
  /** @default "error" */
  overflow?: OverflowPolicy;
  /** Event name(s) that end the stream (e.g. `"end"`, `"close"`). */
  end?: string | string[];
  /**
   * Event that fails the stream: its argument is thrown from `next()` after
   * the events buffered before it. `false` to not listen for errors.
   * @default "error" for an EventEmitter (as `events.on` does), none for an EventTarget
   */
  error?: string | false;
  /**
   * Give each event's arguments as an array instead of its first argument.
   * @default false
   */
  multiArgs?: boolean;
}

/**
 * `fromEvent`'s buffer overflowed under the `"error"` policy; `dropped` events were lost.
 *
 * @example
 * const clicks = fromEvent(button, "click", { capacity: 100, overflow: "error" });
 * try {
 *   for (let e; (e = yield* clicks.next()) !== undefined; ) handle(e);
 * } catch (e) {
 *   if (e instanceof EventOverflowError) console.warn(`${e.dropped} clicks lost`);
 *   else throw e;
 * }
 */
export class EventOverflowError extends Error {
  override name = "EventOverflowError";
  constructor(
    /** How many events were dropped since the last report. */
    readonly dropped: number,
    eventName: string,
    capacity: number,
  ) {
    super(`fromEvent("${eventName}"): ${dropped} event(s) dropped: more than ${capacity} arrived while nobody was taking them`);
  }
}

/** Stream for the {@link fromEvent} function. */
export class EventStream<T> extends Stream<T> {
  /** Buffered events, oldest first; `#head` is the index of the oldest (amortised O(1) shift). */
  #buf: T[] = [];
  #head = 0;
  #dropped = 0;
  #failure: { error: unknown } | null = null;
  #ended = false;
  #removers: (() => void)[] = [];
  #waker: Waker | null = null;
  readonly #io = new IoCount();
  readonly #name: string;

  /** @internal */
  constructor(
    target: EmitterLike,
    name: string | symbol,
    private readonly capacity: number,
    private readonly overflow: OverflowPolicy,
    multiArgs: boolean,
    end: string[],
    error: string | false,
  ) {
    super();
    this.#name = String(name);
    // Listening starts now, not on the first poll: an event fired between
    // creating the stream and awaiting it is buffered, not missed.
    const onEvent = multiArgs ? (...args: unknown[]) => this.#push(args as T) : (arg: unknown) => this.#push(arg as T);
    this.#removers.push(listen(target, name, onEvent));
    for (const e of end) this.#removers.push(listen(target, e, () => this.#stop(null)));
    if (error !== false) this.#removers.push(listen(target, error, (err: unknown) => this.#stop({ error: err })));
  }

  get #size(): number {
    return this.#buf.length - this.#head;
  }

  #push(v: T): void {
    if (this.#ended) return;
    if (this.#size >= this.capacity) {
      if (this.overflow === "drop-newest") return this.#wake();
      this.#buf[this.#head++] = undefined as T; // drop the oldest
      if (this.overflow === "error") this.#dropped++;
    }
    this.#buf.push(v);
    this.#wake();
  }

  #stop(failure: { error: unknown } | null): void {
    if (this.#ended) return;
    this.#failure = failure;
    this.#ended = true;
    this.#unlisten();
    this.#wake();
  }

  #wake(): void {
    const w = this.#waker;
    if (w === null) return;
    this.#waker = null;
    this.#io.release();
    w.wake();
  }

  #unlisten(): void {
    const rs = this.#removers;
    this.#removers = [];
    for (const r of rs) r();
  }

  pollNext(cx: Context): Poll<T | End> {
    if (this.#dropped > 0) {
      const n = this.#dropped;
      this.#dropped = 0;
      throw new EventOverflowError(n, this.#name, this.capacity);
    }
    if (this.#size > 0) {
      const v = this.#buf[this.#head];
      this.#buf[this.#head++] = undefined as T;
      if (this.#head > 64 && this.#head * 2 > this.#buf.length) {
        this.#buf = this.#buf.slice(this.#head);
        this.#head = 0;
      }
      return v;
    }
    if (this.#ended) {
      const f = this.#failure;
      this.#failure = null;
      if (f !== null) throw f.error;
      return End;
    }
    this.#waker = cx.waker;
    this.#io.hold(currentRuntime("fromEvent()"));
    return Pending;
  }

  override cancelNext(): void {
    this.#waker = null;
    this.#io.release();
  }

  /** Removes every listener and drops what is buffered. */
  override close(): void {
    this.#ended = true;
    this.#failure = null;
    this.#dropped = 0;
    this.#buf = [];
    this.#head = 0;
    this.#waker = null;
    this.#io.release();
    this.#unlisten();
  }

  override describe(): string {
    return `fromEvent("${this.#name}", ${this.#size} buffered)`;
  }
}

/**
 * A stream of an emitter's `name` events (each event's first argument, or
 * all of them with `multiArgs`). It listens from the moment it is created and
 * buffers up to `capacity` events; see {@link OverflowPolicy} for what
 * happens beyond. It ends on an `end` event, fails on an `error` event, and
 * `close()` (or cancelling the `forEach` that owns it) removes every listener
 * it added.
 *
 * @example
 * const server = http.createServer();
 * const requests = fromEvent<http.IncomingMessage>(server, "request", { end: "close" });
 * yield* requests.forEachConcurrent(64, handle);
 */
export function fromEvent<T = unknown>(target: EmitterLike, name: string | symbol, options: FromEventOptions = {}): Stream<T> {
  const where = "fromEvent(target, name, options)";
  checkEmitter(where, target);
  checkEventName(where, "name", name);
  checkOptions(where, "options", options);
  const capacity = options.capacity ?? 1024;
  checkInteger(where, "options.capacity", capacity, 1);
  const overflow = options.overflow ?? "error";
  checkOneOf(where, "options.overflow", overflow, OVERFLOW);
  const end = options.end === undefined ? [] : Array.isArray(options.end) ? options.end : [options.end];
  for (const e of end) checkEventName(where, "options.end", e);
  if (options.error !== undefined && options.error !== false) checkEventName(where, "options.error", options.error);
  if (options.multiArgs !== undefined) checkBoolean(where, "options.multiArgs", options.multiArgs);
  const error = options.error ?? (isEmitter(target) && name !== "error" ? "error" : false);
  return new EventStream<T>(target, name, capacity, overflow, options.multiArgs ?? false, end, error);
}
