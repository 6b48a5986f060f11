/**
 * Timers: one Node timer for the nearest deadline, however many sleeps wait.
 *
 * Entries live in a binary min-heap keyed by deadline; each entry knows its
 * heap slot, so cancelling is a direct removal with no search and nothing
 * left behind. The driver knows wakers, never tasks.
 *
 * Invariant: the Node timer is armed (and keeps the process alive) exactly
 * while the heap is non-empty on a real clock.
 */
import { Waker } from "../core";
import { Clock } from "./clock";

/** Slot value of an entry that is not in the heap. */
export const UNREGISTERED = -1;
/** Slot value of an entry whose deadline has passed and whose waker was woken. */
export const FIRED = -2;

/** What the driver stores: a deadline and the waker to wake at it. */
export interface TimerEntry {
  deadline: number;
  waker: Waker | null;
  /** Heap index, or UNREGISTERED / FIRED. Owned by the driver. */
  slot: number;
}

export class TimerDriver {
  readonly #clock: Clock;
  readonly #heap: TimerEntry[] = [];
  #nodeTimer: NodeJS.Timeout | null = null;
  #armedFor = Infinity;
  /** Node timers armed over the driver's life (for metrics and tests). */
  armCount = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Number of registered, unfired timers. */
  get size(): number {
    return this.#heap.length;
  }

  /** Earliest registered deadline, or Infinity. */
  nextDeadline(): number {
    return this.#heap.length === 0 ? Infinity : this.#heap[0].deadline;
  }

  insert(e: TimerEntry): void {
    const h = this.#heap;
    e.slot = h.length;
    h.push(e);
    this.#up(e.slot);
    if (e.slot === 0) this.#rearm();
  }

  remove(e: TimerEntry): void {
    const i = e.slot;
    if (i < 0) return;
    const h = this.#heap;
    const last = h.pop()!;
    e.slot = UNREGISTERED;
    if (last !== e) {
      h[i] = last;
      last.slot = i;
      this.#down(i);
      this.#up(last.slot);
    }
    if (i === 0) this.#rearm();
  }

  /** Wakes every entry due at or before `t`, in deadline order. Returns how many. */
  fireUntil(t: number): number {
    const h = this.#heap;
    let n = 0;
    while (h.length > 0 && h[0].deadline <= t) {
      const e = h[0];
      const last = h.pop()!;
      if (last !== e) {
        h[0] = last;
        last.slot = 0;
        this.#down(0);
      }
      e.slot = FIRED;
      const w = e.waker;
      e.waker = null;
      n++;
      w?.wake();
    }
    this.#rearm();
    return n;
  }

  /** Releases the Node timer (runtime shutdown). */
  close(): void {
    if (this.#nodeTimer !== null) clearTimeout(this.#nodeTimer);
    this.#nodeTimer = null;
    this.#armedFor = Infinity;
  }

  #rearm(): void {
    if (this.#clock.paused) return;
    const next = this.nextDeadline();
    if (next === this.#armedFor) return;
    if (this.#nodeTimer !== null) clearTimeout(this.#nodeTimer);
    this.#nodeTimer = null;
    this.#armedFor = next;
    if (next === Infinity) return;
    this.armCount++;
    this.#nodeTimer = setTimeout(this.#onNodeTimer, Math.max(0, Math.ceil(next - this.#clock.now())));
  }

  readonly #onNodeTimer = (): void => {
    this.#nodeTimer = null;
    this.#armedFor = Infinity;
    this.fireUntil(this.#clock.now());
  };

  #up(i: number): void {
    const h = this.#heap;
    const e = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].deadline <= e.deadline) break;
      h[i] = h[p];
      h[i].slot = i;
      i = p;
    }
    h[i] = e;
    e.slot = i;
  }

  #down(i: number): void {
    const h = this.#heap;
    const n = h.length;
    const e = h[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1].deadline < h[c].deadline) c++;
      if (h[c].deadline >= e.deadline) break;
      h[i] = h[c];
      h[i].slot = i;
      i = c;
    }
    h[i] = e;
    e.slot = i;
  }
}
