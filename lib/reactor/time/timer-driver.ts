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
 * Registering is deferred to the end of the task poll. A sleep polled for
 * the first time goes into a batch; after each task poll the executor
 * calls `Driver.afterPoll()`, whose `flushDeferred()` inserts each entry into the wheel. A sleep
 * that loses a race in the same poll (the usual fate of a timeout branch) is
 * therefore never inserted nor removed (W7 with the sleep polled first, in
 * the bench: 0.53x -> 0.50x native). Most entries bring their deadline (a
 * sleep made inside a runtime fixes it when made); one that has none yet (a
 * sleep made outside any runtime) gets it from one clock reading per batch,
 * counting from the end of that poll.
 *
 * Two limits of the host: Node's `setTimeout` takes at most 2^31-1 ms
 * (~24.8 days) and fires a longer delay after 1 ms, with a
 * `TimeoutOverflowWarning`; so the Node timer is armed for at most that
 * long, and when it fires early it finds nothing due and re-arms. And a
 * deadline past 2^53 ms (~285,000 years: `sleep(1e300)`,
 * `timeout(Number.MAX_VALUE, ..)`) is "never", like `Infinity`: it is not
 * registered at all. Milliseconds that large are no longer whole numbers
 * in a double, and the wheel's level arithmetic assumes they are.
 *
 * The driver knows wakers, never tasks.
 */
import { Clock } from "./clock";
import { DEFERRED, DEFERRED_CANCELLED, DeferredEntry, FIRED, NO_DEADLINE, TimerEntry, UNREGISTERED } from "./timer-entry";
import { TimerWheel } from "./timer-wheel";

/** The longest delay Node's `setTimeout` honours; a longer one fires after 1 ms. */
export const MAX_HOST_DELAY = 2 ** 31 - 1;
/** Deadlines beyond this (2^53 - 1 ms) are never reached: such an entry is not registered. */
export const NEVER_AFTER = Number.MAX_SAFE_INTEGER;

export class TimerDriver {
  readonly #clock: Clock;
  readonly #wheel = new TimerWheel();
  #nodeTimer: NodeJS.Timeout | null = null;
  /** The deadline the Node timer is armed for (Infinity: none armed). */
  #armedFor = Infinity;
  #rearmQueued = false;
  #closed = false;
  /** Entries first polled during the current task poll, not yet in the wheel. */
  #batch: (DeferredEntry | null)[] = [];
  /**
   * Entries in the batch (its cells are reused: truncating an array frees
   * its storage). A field, not a getter: `Driver.afterPoll()` reads it after
   * every task poll.
   */
  batched = 0;
  /** Entries of the batch not cancelled. */
  #batchLive = 0;
  /** Entries inserted into the wheel over the driver's life (for tests). */
  insertCount = 0;
  /** Node timers armed over the driver's life (for metrics and tests). */
  armCount = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Registered, unfired timers (including those batched for the end of the task poll). */
  get size(): number {
    return this.#wheel.size + this.#batchLive;
  }

  /** The earliest registered deadline, or Infinity. */
  nextDeadline(): number {
    return this.#wheel.size === 0 ? Infinity : this.#wheel.nextDeadline();
  }

  /**
   * Registers `e` to have its waker woken at `e.when` (a whole millisecond).
   * The clock is not read here (that would cost as much as the insert): a
   * deadline behind the clock but ahead of the wheel fires at the wheel's
   * next turn, never early. Returns false if the wheel has already passed
   * `e.when`: `e` is then FIRED, nothing registered, and the caller is ready
   * at once (its waker is left to it). A deadline past {@link NEVER_AFTER}
   * is never reached: true, and `e` is UNREGISTERED.
   */
  insert(e: TimerEntry): boolean {
    if (e.when > NEVER_AFTER) {
      e.bucket = UNREGISTERED;
      return true;
    }
    if (!this.#wheel.insert(e)) {
      e.bucket = FIRED;
      return false;
    }
    this.insertCount++;
    if (e.when < this.#armedFor) this.#queueRearm();
    return true;
  }

  /**
   * Registers `e` at the end of the current task poll (`flushDeferred`), at
   * its deadline `e.when`, or (when that is {@link NO_DEADLINE}) `e.delayMs`
   * (> 0) after the clock then. Until that flush, cancelling `e` (`remove`)
   * only marks it `DEFERRED_CANCELLED`, and deferring it again unmarks it.
   */
  defer(e: DeferredEntry): void {
    if (e.bucket !== DEFERRED_CANCELLED) this.#batch[this.batched++] = e;
    e.bucket = DEFERRED;
    this.#batchLive++;
  }

  /**
   * Fixes the deadline of every batched entry that has none (one clock
   * reading for all) and inserts the ones still wanted; one whose deadline
   * has passed fires at the wheel's next turn. Cancelled ones keep their
   * deadline (a later poll registers them for it) but go nowhere. Called
   * through `Driver.afterPoll()` after each task poll.
   */
  flushDeferred(): void {
    const batch = this.#batch;
    const n = this.batched;
    this.batched = 0;
    this.#batchLive = 0;
    // A huge batch (a joinAll of a million sleeps) is not kept around once flushed.
    if (n > 4096) this.#batch = [];
    let now = -1; // read once, and only for an entry still without a deadline
    for (let i = 0; i < n; i++) {
      const e = batch[i]!;
      batch[i] = null;
      if (e.when === NO_DEADLINE) {
        if (now < 0) now = this.#clock.now();
        e.when = Math.ceil(now + e.delayMs);
      }
      if (e.bucket !== DEFERRED) {
        e.bucket = UNREGISTERED;
      } else if (!this.insert(e)) {
        const w = e.waker;
        e.waker = null;
        w?.wake();
      }
    }
  }

  /**
   * Deregisters `e`: out of the wheel (UNREGISTERED), or out of the batch
   * (DEFERRED_CANCELLED). A no-op in any other state. O(1).
   */
  remove(e: TimerEntry): void {
    if (e.bucket < 0) {
      if (e.bucket === DEFERRED) {
        e.bucket = DEFERRED_CANCELLED;
        this.#batchLive--;
      }
      return;
    }
    this.#wheel.remove(e);
    if (this.#wheel.size === 0 && this.#nodeTimer !== null) this.#queueRearm();
  }

  /**
   * Marks `e`, which is not registered, FIRED: its owner read the clock past
   * its deadline (or it had nothing to wait for), so it is ready without a
   * trip through the wheel.
   */
  markFired(e: TimerEntry): void {
    e.bucket = FIRED;
  }

  /**
   * Forgets that `e` fired (an interval took its tick): UNREGISTERED, so
   * its owner's next poll looks at the clock again. A no-op in any other state.
   */
  clearFired(e: TimerEntry): void {
    if (e.bucket === FIRED) e.bucket = UNREGISTERED;
  }

  /**
   * Moves `e`'s deadline to `when` (`Sleep.reset`), in whatever state it is.
   * In the wheel: moved there now, keeping the waker of its last poll, and
   * woken at once if the wheel has passed `when`. Batched (or cancelled in
   * the batch): the flush, or the next poll, registers the new deadline.
   * Otherwise (never polled, fired, cancelled) it becomes UNREGISTERED, for
   * its next poll to register; one that waits with a waker and no
   * registration (a deadline of "never") is registered now, as nobody would
   * poll it again to hear of the new deadline.
   */
  reset(e: TimerEntry, when: number): void {
    const b = e.bucket;
    if (b >= 0) {
      this.remove(e);
      e.when = when;
      if (!this.insert(e)) wakeNow(e);
      return;
    }
    e.when = when;
    if (b === DEFERRED || b === DEFERRED_CANCELLED) return;
    e.bucket = UNREGISTERED;
    if (e.waker !== null && !this.insert(e)) wakeNow(e);
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
    const now = this.#clock.now();
    const delay = Math.max(1, Math.ceil(next - now));
    this.armCount++;
    if (delay > MAX_HOST_DELAY) {
      // Node would fire after 1 ms (and warn): wake up at the longest delay
      // it takes instead; `fireUntil` finds nothing due then and re-arms.
      this.#armedFor = now + MAX_HOST_DELAY;
      this.#nodeTimer = setTimeout(this.#onNodeTimer, MAX_HOST_DELAY);
      return;
    }
    this.#armedFor = next;
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

  /**
   * The clock was paused or resumed while the runtime runs: a paused clock
   * needs no Node timer (and one left armed would hold the process open),
   * a resumed one needs one for the nearest deadline.
   */
  clockChanged(): void {
    this.#clear();
    this.#rearm();
  }
}

/** Wakes the waker of `e`, which the wheel has passed, and clears it. */
function wakeNow(e: TimerEntry): void {
  const w = e.waker;
  e.waker = null;
  w?.wake();
}
