/**
 * Schedules: the decisions of one simulated run, recorded, written as a
 * short string, and played back.
 *
 * A run's schedule is two streams of numbers, in the order the runtime asked
 * for them:
 *
 * - picks: for each time two or more tasks were queued, the index of the one
 *   polled (0 is the head of the run queue: plain FIFO; anything else is a
 *   preemption of the FIFO order);
 * - draws: each number handed out by `random()` (which `random()` reads and
 *   which branch an unbiased `select`/`race`/`join` polls first), as 32 bits.
 *
 * Past the end of either stream a replay takes the default: FIFO (0) and a
 * draw of 0. So trailing defaults are never written, and cutting the tail of
 * a schedule is the same as setting it to the defaults.
 *
 * Two streams rather than one interleaved list: when shrinking removes a
 * preemption the program may then ask for a draw where it used to ask for a
 * pick; with one list every later entry would be read as the wrong kind.
 *
 * The written form is `seed@picks/draws`, each stream a comma-separated list
 * of `gap:value` (skip `gap` defaults, then `value`), draws in hex. A run that
 * preempted the third decision by picking the second queued task:
 * `1234@2:1/`.
 */
import { Prng } from "../core/prng";
import type { SchedulePolicy } from "../task/policy";

const TWO_32 = 4294967296;

/** The decisions of one run. */
export interface Decisions {
  /** Pick indexes, one per decision among two or more queued tasks. */
  readonly picks: readonly number[];
  /** `random()` draws, as unsigned 32-bit integers (the value is `draw / 2^32`). */
  readonly draws: readonly number[];
}

/** Without its trailing zeros (the defaults a replay uses past the end). */
export function trimmed(xs: readonly number[]): number[] {
  let n = xs.length;
  while (n > 0 && xs[n - 1] === 0) n--;
  return xs.slice(0, n);
}

/** How many decisions differ from FIFO. */
export function preemptionsOf(d: Decisions): number {
  let n = 0;
  for (const p of d.picks) if (p !== 0) n++;
  return n;
}

/** `seed@picks/draws` (see the module comment). */
export function formatSchedule(seed: number, d: Decisions): string {
  return `${seed}@${sparse(d.picks, 10)}/${sparse(d.draws, 16)}`;
}

function sparse(xs: readonly number[], radix: number): string {
  const out: string[] = [];
  let gap = 0;
  for (const x of trimmed(xs)) {
    if (x === 0) gap++;
    else {
      out.push(`${gap}:${x.toString(radix)}`);
      gap = 0;
    }
  }
  return out.join(",");
}

/** Parses what {@link formatSchedule} wrote; a `RangeError` naming the schedule otherwise. */
export function parseSchedule(schedule: string): { seed: number; decisions: Decisions } {
  if (typeof schedule !== "string") throw new TypeError(`schedule must be a string (from ExploreError.schedule), got ${typeof schedule} ${String(schedule)}`);
  const m = /^(-?\d+)@([^/]*)\/(.*)$/.exec(schedule.trim());
  const bad = (): never => {
    throw new RangeError(`schedule must look like "1234@2:1,0:3/1:8f3a21c0" (from ExploreError.schedule), got "${schedule}"`);
  };
  if (m === null) return bad();
  const seed = Number(m[1]);
  if (!Number.isSafeInteger(seed)) bad();
  const dense = (s: string, radix: number, max: number): number[] => {
    const out: number[] = [];
    if (s === "") return out;
    for (const item of s.split(",")) {
      const parts = item.split(":");
      if (parts.length !== 2 || !/^\d+$/.test(parts[0]) || !(radix === 10 ? /^\d+$/ : /^[0-9a-f]+$/i).test(parts[1])) bad();
      const gap = Number(parts[0]);
      const v = parseInt(parts[1], radix);
      if (gap > 1e7 || v > max) bad();
      for (let i = 0; i < gap; i++) out.push(0);
      out.push(v);
    }
    return out;
  };
  return { seed, decisions: { picks: dense(m[2], 10, 1e6), draws: dense(m[3], 16, TWO_32 - 1) } };
}

/**
 * Wraps the policy that decides and writes down what it decided. Draws are
 * cut to 32 bits before the program sees them, so the written value replays
 * exactly whatever the wrapped policy's resolution.
 */
export class Recorder implements SchedulePolicy {
  readonly picks: number[] = [];
  readonly draws: number[] = [];
  constructor(readonly inner: SchedulePolicy) {}

  pickTask(ids: readonly number[]): number {
    const k = this.inner.pickTask(ids);
    this.picks.push(k);
    return k;
  }

  random(): number {
    const u = Math.floor(this.inner.random() * TWO_32) >>> 0;
    this.draws.push(u);
    return u / TWO_32;
  }

  decisions(): Decisions {
    return { picks: trimmed(this.picks), draws: trimmed(this.draws) };
  }
}

/**
 * Plays recorded decisions back, then the defaults (FIFO, draws of 0). A
 * recorded pick that names no queued task (the program took another path
 * since a decision before it was changed) is taken as FIFO.
 */
export class Replayer implements SchedulePolicy {
  #p = 0;
  #d = 0;
  constructor(readonly recorded: Decisions) {}

  pickTask(ids: readonly number[]): number {
    const picks = this.recorded.picks;
    const k = this.#p < picks.length ? picks[this.#p] : 0;
    this.#p++;
    return k < ids.length ? k : 0;
  }

  random(): number {
    const draws = this.recorded.draws;
    const u = this.#d < draws.length ? draws[this.#d] : 0;
    this.#d++;
    return u / TWO_32;
  }
}

/**
 * A uniform pick among the queued tasks and uniform draws, from one seed:
 * the "random" strategy and a plain `Sim`'s schedule. Not the runtime's
 * `SeededPolicy`: the runtime recognizes that one and, its pick being
 * uniform, refills the chosen slot from the queue's head instead of shifting
 * the tasks before it. That is faster, but leaves the queue in another order
 * than a wrapped policy (the recorder, the trace's annotator) would, so the
 * same seed would give one schedule bare and another recorded or traced.
 */
export function uniformPolicy(seed: number): SchedulePolicy {
  const prng = new Prng(seed);
  return {
    pickTask: (ids) => prng.nextInt(ids.length),
    random: () => prng.next(),
  };
}
