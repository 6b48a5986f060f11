/**
 * `interval(ms, { missedTick })`: ticks at a fixed period, as a future per
 * tick (`tick()`) or as a {@link Stream} of tick times.
 */
import { checkOneOf, checkOptions } from "../core/check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context, Waker } from "../core/waker";
import { Clock } from "../reactor/time/clock";
import { FIRED, TimerDriver, TimerEntry, UNREGISTERED } from "../reactor/time/timer-driver";
import { currentRuntime, tryCurrentRuntime } from "../task/runtime";
import { checkDuration, checkPeriod, checkTime } from "./check";

/**
 * What an {@link Interval} does when ticks were missed (the task was busy,
 * or the event loop stalled, for longer than a period). tokio's
 * `MissedTickBehavior`, with the same schedules:
 *
 * - `"burst"` (default): fire the missed ticks at once, back to back, until
 *   caught up; later ticks stay on the original schedule (`start + n·period`).
 * - `"delay"`: fire one tick now and restart the schedule from now
 *   (`now + period`, …): ticks are never closer than a period.
 * - `"skip"`: fire one tick now, skip the missed ones, and continue on the
 *   original grid (the next `start + n·period` after now).
 */
export type MissedTickBehavior = "burst" | "delay" | "skip";
const MISSED: readonly MissedTickBehavior[] = ["burst", "delay", "skip"];

/** Options for {@link interval}. */
export interface IntervalOptions {
  /**
   * What to do about missed ticks.
   * @default "burst"
   */
  missedTick?: MissedTickBehavior;
}

/**
 * Lateness (ms) under which a tick counts as on time, and the next one is
 * scheduled a period after it whatever the behaviour (tokio's 5 ms): a tick
 * a little late is jitter, not a missed tick.
 */
const MISSED_TICK_SLACK = 5;

/**
 * Ticks every `period` milliseconds. Made by {@link interval}. An interval is
 * its own timer entry; `tick()` gives a future of the next tick's scheduled
 * time, and `for (let t; (t = yield* iv.next()) !== undefined; )` reads it as
 * a stream. `close()` (or `using`) stops it.
 *
 * @example
 * using iv: Interval = interval(1_000);
 * for (let i = 0; i < 3; i++) console.log("tick at", yield* iv.tick());
 */
export class Interval extends Stream<number> implements TimerEntry {
  /** @internal */ when = NaN;
  /** @internal */ waker: Waker | null = null;
  /** @internal */ index = 0;
  /** @internal */ bucket = UNREGISTERED;
  /** The period in milliseconds. */
  readonly period: number;
  /** What happens to missed ticks. */
  readonly missedTick: MissedTickBehavior;
  #driver: TimerDriver | null = null;
  #clock: Clock | null = null;
  /** The scheduled time of the next tick (NaN until bound to a runtime). */
  #nextTick = NaN;
  #closed = false;
  readonly #tick = new IntervalTick(this);

  /** @internal */
  constructor(period: number, missedTick: MissedTickBehavior) {
    super();
    this.period = period;
    this.missedTick = missedTick;
    // Made inside a runtime: the schedule starts now (tokio). Made outside:
    // it starts at the first poll.
    const rt = tryCurrentRuntime();
    if (rt !== null) this.#bind(rt.driver.timers, rt.driver.clock);
  }

  /**
   * A future of the next tick: its scheduled time on the runtime's clock.
   * The first tick is immediate. Cancelling the future deregisters the timer;
   * the schedule is kept.
   *
   * @example
   * const iv = interval(1000);
   * for (;;) { const t = yield* iv.tick(); console.log("tick at", t); }
   */
  tick(): Future<number> {
    return this.#tick;
  }

  /**
   * Polls for the next tick: its scheduled time, or `Pending` with the
   * waker registered. Throws if the interval was closed.
   */
  pollTick(cx: Context): Poll<number> {
    if (this.#closed) throw new RangeError(`${this.describe()}.tick() was awaited after close()`);
    if (this.bucket >= 0) {
      this.waker = cx.waker;
      return Pending;
    }
    if (this.#clock === null) {
      const rt = currentRuntime("interval().tick()");
      this.#bind(rt.driver.timers, rt.driver.clock);
    }
    const now = this.#clock!.now();
    const scheduled = this.#nextTick;
    if (this.bucket !== FIRED) {
      const when = Math.ceil(scheduled);
      if (when > now) {
        this.when = when;
        this.waker = cx.waker;
        if (this.#driver!.insert(this)) return Pending;
        this.waker = null;
      }
    }
    this.bucket = UNREGISTERED;
    this.#nextTick = now > scheduled + MISSED_TICK_SLACK ? this.#afterMissed(scheduled, now) : scheduled + this.period;
    return scheduled;
  }

  /** Stream: the next tick's time (never `End` until closed). */
  pollNext(cx: Context): Poll<number | End> {
    if (this.#closed) return End;
    return this.pollTick(cx);
  }

  /** Stream: a `next()` was cancelled; drop the timer registration. */
  override cancelNext(): void {
    this.deregister();
  }

  /**
   * Restarts the schedule: the next tick comes one period from now.
   *
   * @example
   * iv.reset(); // a keep-alive that was just refreshed by real traffic
   */
  reset(): void {
    if (this.#clock === null) {
      const rt = currentRuntime("interval().reset()");
      this.#bind(rt.driver.timers, rt.driver.clock);
    }
    this.deregister();
    this.#nextTick = this.#clock!.now() + this.period;
  }

  /** Stops the interval: its timer is removed, the stream ends, `tick()` throws. */
  override close(): void {
    this.#closed = true;
    this.deregister();
  }

  /** @internal Removes the timer registration, keeping the schedule. */
  deregister(): void {
    if (this.bucket >= 0) this.#driver!.remove(this);
    else if (this.bucket === FIRED) this.bucket = UNREGISTERED; // due: found again by the next poll
    this.waker = null;
  }

  override describe(): string {
    return `interval(${this.period}ms)`;
  }

  #bind(driver: TimerDriver, clock: Clock): void {
    this.#driver = driver;
    this.#clock = clock;
    // A schedule set before binding (`intervalAt`, `resetAt`) is kept.
    if (Number.isNaN(this.#nextTick)) this.#nextTick = clock.now();
  }

  /**
   * Moves the next tick to `t` on the runtime's clock; later ticks follow a
   * period apart from it (tokio's `reset_at`). Works before the interval is
   * first polled, even outside a runtime. A task waiting in `tick()` is
   * woken to wait for the new time. `t` must be finite: a `RangeError` otherwise.
   *
   * @example
   * iv.resetAt(now() + 5_000); // next tick in 5 s, then every period
   */
  resetAt(t: number): void {
    checkTime("Interval.resetAt()", t);
    if (!Number.isFinite(t)) throw new RangeError(`Interval.resetAt() needs a finite time in milliseconds, got ${String(t)}`);
    this.#reschedule(t);
  }

  /**
   * Moves the next tick to `ms` from now (tokio's `reset_after`).
   *
   * @example
   * iv.resetAfter(250); // next tick in 250 ms, then every period
   */
  resetAfter(ms: number): void {
    checkDuration("Interval.resetAfter()", ms);
    if (!Number.isFinite(ms)) throw new RangeError(`Interval.resetAfter() needs a finite duration in milliseconds, got ${String(ms)}`);
    this.#reschedule(this.#boundClock("interval().resetAfter()").now() + ms);
  }

  /**
   * Makes the next tick due now (tokio's `reset_immediately`); later ticks
   * follow a period apart from it.
   *
   * @example
   * iv.resetImmediately(); // flush now, then every period again
   */
  resetImmediately(): void {
    this.#reschedule(this.#boundClock("interval().resetImmediately()").now());
  }

  #boundClock(what: string): Clock {
    if (this.#clock === null) {
      const rt = currentRuntime(what);
      this.#bind(rt.driver.timers, rt.driver.clock);
    }
    return this.#clock!;
  }

  /** Sets the next tick's time; a waiting `tick()` is woken to look again. */
  #reschedule(t: number): void {
    const w = this.waker;
    this.deregister();
    this.#nextTick = t;
    w?.wake();
  }

  /** The next scheduled time after the tick `scheduled` was found late at `now`. */
  #afterMissed(scheduled: number, now: number): number {
    const p = this.period;
    switch (this.missedTick) {
      case "burst":
        return scheduled + p;
      case "delay":
        return now + p;
      case "skip":
        return now + p - ((now - scheduled) % p);
    }
  }
}

/** Future for {@link Interval.tick}: one object per interval, reused for every tick. */
class IntervalTick extends Future<number> {
  constructor(private readonly interval: Interval) {
    super();
  }
  poll(cx: Context): Poll<number> {
    return this.interval.pollTick(cx);
  }
  override cancel(): void {
    this.interval.deregister();
  }
  override describe(): string {
    return `${this.interval.describe()}.tick()`;
  }
}

/**
 * An {@link Interval} ticking every `ms` milliseconds; the first tick is
 * immediate. `missedTick` chooses what happens after a stall (see
 * {@link MissedTickBehavior}). Throws a `RangeError` for a period that is
 * under 1 ms (the clock's resolution: deadlines are whole milliseconds, so
 * a shorter period could only tick in bursts), NaN or infinite, or an
 * unknown `missedTick`. Rejected: rounding a short period up to 1 ms, which
 * would hide a unit mistake (seconds for milliseconds) behind a busy loop.
 *
 * @example
 * const iv = interval(100, { missedTick: "skip" });
 * yield* iv.tick();            // at once
 * yield* iv.tick();            // 100 ms later
 */
export function interval(ms: number, options: IntervalOptions = {}): Interval {
  checkPeriod("interval(ms, options)", ms);
  checkOptions("interval(ms, options)", "options", options);
  if (ms < 1) throw new RangeError(`interval(ms, options): ms must be a period of at least 1 ms, the clock's resolution, got ${ms}`);
  const missed = options.missedTick ?? "burst";
  checkOneOf("interval(ms, options)", "options.missedTick", missed, MISSED);
  return new Interval(ms, missed);
}

/**
 * An {@link Interval} whose first tick is at `start` on the runtime's clock
 * (at once if that has passed) and then every `ms` (tokio's `interval_at`).
 * Same checks as {@link interval}; `start` must be finite.
 *
 * @example
 * const iv = intervalAt(now() + 1000, 100); // ticks at +1000, +1100, ...
 * yield* iv.tick();
 */
export function intervalAt(start: number, ms: number, options: IntervalOptions = {}): Interval {
  checkTime("intervalAt(start, ms, options)", start, "start");
  if (!Number.isFinite(start)) throw new RangeError(`intervalAt(start, ms, options): start must be a finite time in milliseconds, got ${String(start)}`);
  const iv = interval(ms, options);
  iv.resetAt(start);
  return iv;
}
