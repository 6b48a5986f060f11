/**
 * The time driver: the timing wheel plus the one Node timer that wakes it.
 *
 * However many sleeps wait, at most one Node `Timeout` is armed, for the
 * nearest deadline. It is what keeps the process alive while timers wait,
 * and it is cleared as soon as the wheel is empty, so a program whose sleeps
 * were all cancelled exits by itself. On a paused clock no Node timer is
 * ever armed: time moves by `advance` and auto-advance only.
 *
 * Re-arming is coalesced: inserts and cancels only mark the Node timer
 * stale, and one microtask (after the executor's current synchronous slice)
 * sets it right. 100,000 races of a ready value against a sleep therefore
 * arm no Node timer at all, instead of a `setTimeout` + `clearTimeout` each.
 * A timer armed for a deadline that was cancelled is left to fire early
 * (it finds nothing due and re-arms) unless the wheel is empty: an early
 * wake-up is cheaper than a clear and a set on every cancel (tokio parks
 * the same way).
 *
 * The driver knows wakers, never tasks.
 */
import { Clock } from "./clock";
import { FIRED, TimerEntry, TimerWheel } from "./timer-wheel";

export { FIRED, UNREGISTERED, type TimerEntry } from "./timer-wheel";

export class TimerDriver {
  readonly #clock: Clock;
  readonly #wheel = new TimerWheel();
  #nodeTimer: NodeJS.Timeout | null = null;
  /** The deadline the Node timer is armed for (Infinity: none armed). */
  #armedFor = Infinity;
  #rearmQueued = false;
  #closed = false;
  /** Node timers armed over the driver's life (for metrics and tests). */
  armCount = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Registered, unfired timers. */
  get size(): number {
    return this.#wheel.size;
  }

  /** The earliest registered deadline, or Infinity. */
  nextDeadline(): number {
    return this.#wheel.size === 0 ? Infinity : this.#wheel.nextDeadline();
  }

  /**
   * Registers `e` to have its waker woken at `e.when` (a whole millisecond).
   * The caller has checked that `e.when` is after the clock's time (it read
   * the clock to compute it: reading it again here would cost as much as the
   * insert). Returns false, registering nothing, if the wheel has already
   * passed `e.when`: the caller is then ready at once.
   */
  insert(e: TimerEntry): boolean {
    if (!this.#wheel.insert(e)) return false;
    if (e.when < this.#armedFor) this.#queueRearm();
    return true;
  }

  /** Deregisters `e` (no-op if it is not registered). O(1). */
  remove(e: TimerEntry): void {
    if (e.bucket < 0) return;
    this.#wheel.remove(e);
    if (this.#wheel.size === 0 && this.#nodeTimer !== null) this.#queueRearm();
  }

  /** Wakes every entry due at or before `t`, in deadline order. Returns how many. */
  fireUntil(t: number): number {
    const fired = this.#wheel.expire(Math.floor(t));
    const n = fired.length;
    for (let i = 0; i < n; i++) {
      const e = fired[i];
      // Skip an entry that a waker already re-registered or cancelled
      // (a waker may poll synchronously): its registration is newer.
      if (e.bucket !== FIRED) continue;
      const w = e.waker;
      e.waker = null;
      w?.wake();
    }
    fired.length = 0;
    this.#rearm();
    return n;
  }

  /** Releases the Node timer (runtime shutdown); registered entries stay, unarmed. */
  close(): void {
    this.#closed = true;
    this.#clear();
  }

  #queueRearm(): void {
    if (this.#rearmQueued || this.#clock.paused) return;
    this.#rearmQueued = true;
    queueMicrotask(this.#rearmTask);
  }

  readonly #rearmTask = (): void => {
    this.#rearmQueued = false;
    this.#rearm();
  };

  #rearm(): void {
    if (this.#clock.paused || this.#closed) return;
    const next = this.nextDeadline();
    if (next === Infinity) {
      this.#clear();
      return;
    }
    // An armed timer that fires no later than needed is kept (see above).
    if (this.#nodeTimer !== null && this.#armedFor <= next) return;
    this.#clear();
    this.#armedFor = next;
    this.armCount++;
    const delay = Math.max(1, Math.ceil(next - this.#clock.now()));
    this.#nodeTimer = setTimeout(this.#onNodeTimer, delay);
  }

  #clear(): void {
    if (this.#nodeTimer !== null) clearTimeout(this.#nodeTimer);
    this.#nodeTimer = null;
    this.#armedFor = Infinity;
  }

  readonly #onNodeTimer = (): void => {
    this.#nodeTimer = null;
    this.#armedFor = Infinity;
    this.fireUntil(this.#clock.now());
  };
}
