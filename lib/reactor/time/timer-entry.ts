/**
 * A timer entry and the states of its `bucket`: the one place they are
 * numbered.
 *
 * An entry is the object that waits (a sleep, the sleep a timeout or an
 * interval holds, a simulated link), so registering allocates nothing. Its
 * owner writes `when` and `waker`, and gives `bucket` its first state;
 * from then on the time driver alone moves it (`TimerDriver`'s methods),
 * and the owner only reads it:
 *
 * ```text
 *  UNPOLLED ──defer──▶ DEFERRED ──flush──▶ in the wheel (slot ≥ 0) ──deadline──▶ FIRED
 *                       │    ▲                 │   ▲                              │
 *                 remove│    │defer      remove│   │insert              clearFired│
 *                       ▼    │                 ▼   │                              ▼
 *                 DEFERRED_CANCELLED          UNREGISTERED ◀──────────────────────┘
 * ```
 *
 * `insert` goes from any state but the wheel's and the batch's to the wheel,
 * or straight to FIRED when the wheel has already passed the deadline (or to
 * UNREGISTERED for a deadline of "never"); a flush sends a
 * DEFERRED_CANCELLED entry to UNREGISTERED; `markFired` records a deadline
 * its owner saw pass on the clock; `reset` moves a deadline in any state.
 * A fired entry's waker has been woken and cleared.
 */
import type { Waker } from "../../core/waker";

/** `bucket` of an entry not registered: cancelled, never due, or taken after it fired. */
export const UNREGISTERED = -1;
/** `bucket` of an entry whose deadline was reached (its waker is woken or about to be). */
export const FIRED = -2;
/** `bucket` of an entry in the batch waiting for the end of the task poll (`TimerDriver.defer`). */
export const DEFERRED = -3;
/** `bucket` of a batched entry that was cancelled before the batch was flushed. */
export const DEFERRED_CANCELLED = -4;
/** `bucket` of an entry its owner has not polled yet (a sleep's first poll decides how it registers). */
export const UNPOLLED = -5;

/**
 * `when` of an entry whose deadline is not fixed yet: a sleep or a timeout
 * made outside any runtime has no clock to count from until it is polled.
 * A deadline that is fixed is a whole millisecond on the clock, which starts
 * at 0 (`sleepUntil` keeps a time before 0 as given: it never needs this test).
 */
export const NO_DEADLINE = -1;

/**
 * What the wheel stores. A leaf future (a sleep, a timeout, an interval's
 * sleep) is its own entry, so registering allocates nothing. The members are
 * internal, as they are on those public classes: they leave the published
 * declarations.
 */
export interface TimerEntry {
  /** @internal The deadline: a whole millisecond on the runtime's clock. Set by the owner before insert. */
  when: number;
  /** @internal Woken when the deadline is reached, then cleared. Set by the owner. */
  waker: Waker | null;
  /** @internal Position in its slot's array. Owned by the wheel. */
  index: number;
  /** @internal Slot index (`level * 64 + slot`), or one of the markers above. Owned by the driver. */
  bucket: number;
}

/** An entry that may be batched; if its `when` is still {@link NO_DEADLINE} then, its deadline is `delayMs` after the clock at the flush. */
export interface DeferredEntry extends TimerEntry {
  /** @internal The sleep's duration, counted from the flush's clock reading. */
  readonly delayMs: number;
}
