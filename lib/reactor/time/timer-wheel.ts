/**
 * The hierarchical timing wheel: where every pending timer of a runtime lives.
 *
 * Six levels of 64 slots (tokio's shape). A slot of level `L` spans `64^L`
 * milliseconds, so level 0 holds the next 64 ms one millisecond per slot,
 * level 1 the next 4 s in 64 ms slots, …, level 5 about 2.2 years. Which
 * level an entry goes to is the highest bit in which its deadline differs
 * from `elapsed` (the last millisecond the wheel has processed), divided by
 * 6; its slot is the deadline's 6-bit digit at that level. When the wheel
 * reaches a slot of a higher level, the slot's entries are re-inserted one
 * level down ("cascade"); at level 0 they fire. A 64-bit occupancy mask per
 * level (two 32-bit words) finds the next non-empty slot with `clz32`.
 *
 * Each slot is an array of entries, and each entry remembers its slot and
 * its index there (`bucket`, `index`), so insert is a push and cancel is
 * O(1): the entry's cell is set to null (a tombstone). Tombstones are
 * dropped when the slot is processed, or compacted away once they outnumber
 * the live entries (a slot with no live entry keeps fewer than 64), so a
 * cancelled timer costs at most a null cell for a while and never fires.
 * Order within a slot is insertion order.
 *
 * Rejected: a binary heap. Insert and cancel are O(log n), and expiring
 * 1,000,000 random deadlines took 4–7x the wheel's time. Rejected too:
 * intrusive doubly linked slot lists: the same O(1) without tombstones, but
 * walking a list is a chain of dependent loads. With a million entries scattered over the heap
 * every step is a cache miss the CPU cannot overlap (the same walk over
 * entries in memory order is 10x faster); walking an array issues those
 * loads independently, for 1.4x less CPU per million expired.
 *
 * Entries further than 64^6 ms ahead wait in an overflow slot that is
 * re-sorted when the top level wraps around.
 *
 * Invariants:
 * - Every registered entry has a whole `when` of at most 2^53 - 1 (the
 *   driver registers nothing further: "never"): `levelFor` divides by 2^32
 *   and keeps 32 bits of the quotient, which wraps past 2^64 and put
 *   `when = 2^64` on level 0, due at once.
 * - Every registered entry has `when > elapsed`, and `elapsed` never exceeds
 *   the clock's time when the driver polls the wheel.
 * - An entry at level `L` fires after every entry at a lower level, so the
 *   first occupied slot at the lowest occupied level holds the earliest one.
 * - `slots[e.bucket][e.index] === e` for every registered entry; `live[b]`
 *   counts the non-null cells of slot `b`, and its occupancy bit is set
 *   exactly when that count is non-zero.
 * - Entries with equal deadlines fire in the order they were inserted.
 */
import { RuntimeError } from "../../core/errors";
import { FIRED, TimerEntry, UNREGISTERED } from "./timer-entry";

const LEVELS = 6;
const SLOTS = 64;
const OVERFLOW = LEVELS * SLOTS;
/** Milliseconds spanned by one slot of each level, and by a whole level. */
const SLOT_RANGE = [1, 64, 4096, 262144, 16777216, 1073741824, 68719476736];
const TWO_32 = 4294967296;
/** Slots at least this long are compacted once tombstones outnumber live entries. */
const COMPACT_MIN = 64;

/** The level for a deadline `when` seen from `elapsed` (LEVELS and above: overflow). */
function levelFor(elapsed: number, when: number): number {
  // The highest bit where the two differ, with the 6 slot bits forced on
  // so that anything inside the current 64 ms lands on level 0. `^` keeps
  // the low 32 bits of each operand, the division the bits above.
  const hi = (elapsed / TWO_32) ^ (when / TWO_32);
  const significant = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32((elapsed ^ when) | 63);
  return (significant / 6) | 0;
}

/** Index of the lowest set bit of a non-zero 32-bit word. */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The first set bit at position `p` or above in the 64-bit word (lo, hi); -1 if none. */
function firstFrom(lo: number, hi: number, p: number): number {
  if (p < 32) {
    const m = lo & (-1 << p);
    if (m !== 0) return ctz(m);
    return hi !== 0 ? 32 + ctz(hi) : -1;
  }
  const m = hi & (-1 << (p - 32));
  return m !== 0 ? 32 + ctz(m) : -1;
}

/**
 * What an unused slot holds: one shared empty array, replaced by a slot of
 * its own at the first `#link` there (and never pushed to). A runtime's wheel
 * then starts with one array of slot references instead of 385 arrays (~20 kB
 * of garbage per runtime, which a simulation makes once per explored run).
 * Rejected: `Array.from({ length }, () => [])` per wheel (~14 µs and the
 * garbage, measured).
 */
const NO_SLOT: (TimerEntry | null)[] = [];

/**
 * The slots and the live counts of a wheel that never had an entry, shared
 * by every such wheel; its first `#link` gives it its own (the slots copied
 * with `slice()`, one allocation of the final size, ~3 kB). A runtime that
 * never sets a timer, such as most explored runs of a simulation, one per
 * schedule, then allocates nothing for its wheel. Before: 385 `push`es
 * (~12 kB of garbage as the array grew, ~4 µs) and an `Int32Array` of 385
 * counts, whose 1.5 kB lives outside the JavaScript heap (a `calloc`, and an
 * `ArrayBuffer` for the collector to track), per runtime: a new wheel made
 * ~12 kB of garbage and took ~5 µs, against under 0.5 kB and ~0.4 µs now
 * (measured; S1 gained ~1.2x in-process from this alone). Rejected:
 * `new Array(385).fill(NO_SLOT)`, as cheap to make but a holey array, whose
 * every read on the timer paths checks for a hole.
 */
const EMPTY_SLOTS: (TimerEntry | null)[][] = [];
for (let i = 0; i <= OVERFLOW; i++) EMPTY_SLOTS.push(NO_SLOT);
const NO_COUNTS = new Int32Array(0);

export class TimerWheel {
  /** The last millisecond processed: every entry's `when` is greater. */
  #elapsed = 0;
  /** Slot `level * 64 + slot` (and the overflow slot last): entries, or null where one was cancelled. */
  #slots: (TimerEntry | null)[][] = EMPTY_SLOTS;
  /** Live (non-null) entries per slot. */
  #live = NO_COUNTS;
  /** Occupancy bits: level L's slots 0–31 in word 2L, 32–63 in word 2L+1. */
  readonly #occupied = new Int32Array(LEVELS * 2);
  /** Registered entries. */
  size = 0;
  /** The next expiration found by `#nextSlot` (bucket index), valid right after it. */
  #expBucket = -1;
  /** Cached exact earliest `when` (NaN: unknown). */
  #earliest = Infinity;
  /** Entries taken out by `expire`, reused between calls (no allocation per tick). */
  #fired: TimerEntry[] = [];

  get elapsed(): number {
    return this.#elapsed;
  }

  /** Registers `e` at `e.when`. False (and nothing registered) if that is not after `elapsed`. */
  insert(e: TimerEntry): boolean {
    const when = e.when;
    if (!(when > this.#elapsed)) return false;
    this.#link(e, levelFor(this.#elapsed, when));
    this.size++;
    if (when < this.#earliest) this.#earliest = when;
    return true;
  }

  /** Deregisters `e` if it is registered. O(1) amortized. */
  remove(e: TimerEntry): void {
    const b = e.bucket;
    if (b < 0) return;
    const slot = this.#slots[b];
    slot[e.index] = null;
    e.bucket = UNREGISTERED;
    this.size--;
    const live = --this.#live[b];
    if (live === 0) {
      if (b < OVERFLOW) this.#occupied[b >> 5] &= ~(1 << (b & 31));
      // A short run of tombstones is kept: truncating frees the array's
      // storage, and a race that registers and cancels a sleep over and
      // over would then allocate it again every time.
      if (slot.length >= COMPACT_MIN) slot.length = 0;
    } else if (slot.length >= COMPACT_MIN && live * 2 < slot.length) {
      compact(slot);
    }
    if (e.when === this.#earliest) this.#earliest = this.size === 0 ? Infinity : NaN;
  }

  /** The earliest registered deadline, exactly; Infinity if none. */
  nextDeadline(): number {
    const cached = this.#earliest;
    if (cached === cached) return cached; // not NaN
    let min = this.#nextSlot();
    const b = this.#expBucket;
    if (b >= SLOTS) {
      // A slot of a higher level (or the overflow slot) spans many
      // milliseconds: its earliest entry is the answer. Scanned once, cached.
      min = Infinity;
      const slot = this.#slots[b];
      for (let i = 0; i < slot.length; i++) {
        const e = slot[i];
        if (e !== null && e.when < min) min = e.when;
      }
    }
    this.#earliest = min;
    return min;
  }

  /**
   * Takes every entry due at or before `now` out of the wheel, in deadline
   * order (insertion order among equals), marks it FIRED, and returns them
   * in an array that is valid until the next call. Moves `elapsed` to `now`.
   */
  expire(now: number): TimerEntry[] {
    const fired = this.#fired;
    fired.length = 0;
    if (now <= this.#elapsed) return fired;
    while (this.size > 0) {
      const at = this.#nextSlot();
      if (at > now) break;
      const b = this.#expBucket;
      const slot = this.#slots[b];
      // A fresh array: the overflow slot may receive its own entries back.
      this.#slots[b] = [];
      const live = this.#live[b];
      this.#live[b] = 0;
      if (b < OVERFLOW) this.#occupied[b >> 5] &= ~(1 << (b & 31));
      // Time moves to the slot's start before its entries are re-inserted,
      // so they fall to a lower level (tokio's `set_elapsed`).
      this.#elapsed = at;
      if (b < SLOTS) {
        // Level 0: a slot is one millisecond, so every entry is due. Not
        // reading `when` spares a dependent cache miss per entry.
        for (let i = 0; i < slot.length; i++) {
          const e = slot[i];
          if (e === null) continue;
          e.bucket = FIRED;
          fired.push(e);
        }
        this.size -= live;
        continue;
      }
      for (let i = 0; i < slot.length; i++) {
        const e = slot[i];
        if (e === null) continue;
        if (e.when <= at) {
          e.bucket = FIRED;
          this.size--;
          fired.push(e);
        } else {
          this.#link(e, levelFor(at, e.when));
        }
      }
    }
    this.#elapsed = now;
    this.#earliest = this.size === 0 ? Infinity : NaN;
    return fired;
  }

  /** Appends `e` to its slot at `level`. */
  #link(e: TimerEntry, level: number): void {
    let b: number;
    if (level >= LEVELS) {
      b = OVERFLOW;
    } else {
      b = level * SLOTS + ((e.when / SLOT_RANGE[level]) & (SLOTS - 1));
      this.#occupied[b >> 5] |= 1 << (b & 31);
    }
    let slot = this.#slots[b];
    if (slot === NO_SLOT) {
      if (this.#slots === EMPTY_SLOTS) this.#own();
      this.#slots[b] = slot = [];
    }
    e.bucket = b;
    e.index = slot.length;
    slot.push(e);
    this.#live[b]++;
  }

  /** The first entry of a wheel: its own slots and counts instead of the shared empty ones. */
  #own(): void {
    this.#slots = EMPTY_SLOTS.slice();
    this.#live = new Int32Array(OVERFLOW + 1);
  }

  /**
   * The start of the next slot to process (sets `#expBucket`), or Infinity.
   * The lowest occupied level wins: its slots all come before any higher level's.
   */
  #nextSlot(): number {
    const elapsed = this.#elapsed;
    const occ = this.#occupied;
    for (let level = 0; level < LEVELS; level++) {
      const lo = occ[2 * level];
      const hi = occ[2 * level + 1];
      if ((lo | hi) === 0) continue;
      const range = SLOT_RANGE[level];
      const p = (elapsed / range) & (SLOTS - 1);
      const slot = firstFrom(lo, hi, p);
      if (slot < 0) throw new RuntimeError(`timer wheel corrupted: level ${level} has entries behind elapsed ${elapsed}`);
      const levelRange = SLOT_RANGE[level + 1];
      const levelStart = elapsed - (elapsed % levelRange);
      this.#expBucket = level * SLOTS + slot;
      return levelStart + slot * range;
    }
    if (this.#live[OVERFLOW] > 0) {
      // Far entries: look again when the top level wraps around.
      const top = SLOT_RANGE[LEVELS];
      this.#expBucket = OVERFLOW;
      return elapsed - (elapsed % top) + top;
    }
    this.#expBucket = -1;
    return Infinity;
  }
}

/** Drops the tombstones of a slot, keeping order and fixing the moved entries' indexes. */
function compact(slot: (TimerEntry | null)[]): void {
  let j = 0;
  for (let i = 0; i < slot.length; i++) {
    const e = slot[i];
    if (e === null) continue;
    e.index = j;
    slot[j++] = e;
  }
  slot.length = j;
}
