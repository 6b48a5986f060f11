/**
 * `interval(ms, { missedTick })`: ticks at a fixed period, as a future per
 * tick (`tick()`) or as a {@link Stream} of tick times.
 */
import { checkOneOf, checkOptions } from "../core/check";
import { Future } from "../core/future";
import { Pending, Poll } from "../core/poll";
import { End, Stream } from "../core/stream";
import { Context } from "../core/waker";
import { currentDriver, running } from "../reactor/current";
import type { Driver } from "../reactor/driver";
import { FIRED, NO_DEADLINE } from "../reactor/time/timer-entry";
import { checkDuration, checkPeriod, checkTime } from "./check";
import { Sleep, SleepUntil, waitUntil } from "./sleep";

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
 * Ticks every `period` milliseconds. Made by {@link interval}. An interval
 * holds a {@link Sleep} until its next tick (tokio's `Interval { delay }`);
 * `tick()` gives a future of the next tick's scheduled time, and
 * `for (let t; (t = yield* iv.next()) !== undefined; )` reads it as a
 * stream. `close()` (or `using`) stops it.
 *
 * @example
 * using iv: Interval = interval(1_000);
 * for (let i = 0; i < 3; i++) console.log("tick at", yield* iv.tick());
 */
export class Interval extends Stream<number> {
  /** The period in milliseconds. */
  readonly period: number;
  /** What happens to missed ticks. */
  readonly missedTick: MissedTickBehavior;
  /**
   * The timer of the next tick, registered for `ceil(#nextTick)` while a
   * tick waits. Its driver is the runtime the interval was made in, or
   * first polled by (null until then).
   */
  readonly #delay: Sleep;
  /** The scheduled time of the next tick (NaN until bound to a runtime). */
  #nextTick = NaN;
  #closed = false;
  readonly #tick = new IntervalTick(this);

  /** @internal */
  constructor(period: number, missedTick: MissedTickBehavior) {
    super();
    this.period = period;
    this.missedTick = missedTick;
    this.#delay = new SleepUntil(NO_DEADLINE, null, NO_DEADLINE);
    // Made inside a runtime: the schedule starts now (tokio). Made outside:
    // it starts at the first poll.
    const driver = running.driver;
    if (driver !== null) this.#bind(driver);
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
    const d = this.#delay;
    if (d.bucket >= 0) {
      d.waker = cx.waker;
      return Pending;
    }
    const driver = d.driver ?? this.#bind(currentDriver("interval().tick()"));
    const now = driver.clock.now();
    const scheduled = this.#nextTick;
    if (d.bucket !== FIRED) {
      d.when = Math.ceil(scheduled);
      if (waitUntil(d, cx, now) === Pending) return Pending;
    }
    driver.timers.clearFired(d); // the tick is taken: the next poll waits for the next one
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
    this.#deregister();
  }

  /**
   * Restarts the schedule: the next tick comes one period from now.
   *
   * @example
   * iv.reset(); // a keep-alive that was just refreshed by real traffic
   */
  reset(): void {
    const driver = this.#delay.driver ?? this.#bind(currentDriver("interval().reset()"));
    this.#deregister();
    this.#nextTick = driver.clock.now() + this.period;
  }

  /** Stops the interval: its timer is removed, the stream ends, `tick()` throws. */
  override close(): void {
    this.#closed = true;
    this.#deregister();
  }

  /** Removes the timer registration, keeping the schedule; a tick that is due stays due (the next poll finds it). */
  #deregister(): void {
    const d = this.#delay;
    if (d.bucket >= 0) d.driver!.timers.remove(d);
    else if (d.driver !== null) d.driver.timers.clearFired(d);
    d.waker = null;
  }

  override describe(): string {
    return `interval(${this.period}ms)`;
  }

  /** Ties the interval to `driver`'s clock and timers; returns it. */
  #bind(driver: Driver): Driver {
    this.#delay.driver = driver;
    // A schedule set before binding (`intervalAt`, `resetAt`) is kept.
    if (Number.isNaN(this.#nextTick)) this.#nextTick = driver.clock.now();
    return driver;
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
    this.#reschedule(this.#bound("interval().resetAfter()").clock.now() + ms);
  }

  /**
   * Makes the next tick due now (tokio's `reset_immediately`); later ticks
   * follow a period apart from it.
   *
   * @example
   * iv.resetImmediately(); // flush now, then every period again
   */
  resetImmediately(): void {
    this.#reschedule(this.#bound("interval().resetImmediately()").clock.now());
  }

  /** The driver the interval is bound to, binding it to the running one (named `what` in the error outside a runtime). */
  #bound(what: string): Driver {
    return this.#delay.driver ?? this.#bind(currentDriver(what));
  }

  /** Sets the next tick's time; a waiting `tick()` is woken to look again. */
  #reschedule(t: number): void {
    const w = this.#delay.waker;
    this.#deregister();
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
    this.interval.cancelNext();
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
