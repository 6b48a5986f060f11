/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and
 * Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
 * Finding Bugs", ASPLOS 2010), over genfut's scheduling decisions.
 *
 * Each task gets a random priority, distinct from every other, when the
 * policy first sees it; whenever there is a choice, the queued task with the
 * highest priority runs. Before the run, `depth - 1` change points are drawn
 * among the `steps` decisions the program is expected to make; at the i-th
 * change point, the task about to run drops to priority i, below every
 * initial one. A bug that needs `d` ordering constraints (its depth) is then
 * found by one run with probability at least 1 / (n · k^(d-1)), for n tasks
 * and k steps, where a uniform random pick gives no such bound: it spreads
 * its runs over interleavings that mostly differ in ways that do not matter.
 *
 * `steps` is the number of decisions of the program's FIFO run (explore
 * measures it first): change points beyond the real length are never hit,
 * which only makes that run shallower.
 */
import { Prng } from "../core/prng";
import type { SchedulePolicy } from "../task/policy";

export class PctPolicy implements SchedulePolicy {
  readonly #prng: Prng;
  readonly #depth: number;
  /**
   * Priority by task id (ids are small, dense integers from 1 in each
   * runtime); a hole is a task not seen yet. Initial priorities are in
   * [depth, depth + 1), lowered ones are 1..depth-1. Rejected: a `Map`,
   * the first version: its lookups were ~9% of an explored run (S1, ten
   * tasks under a lock), the array's are too few to show in the profile.
   */
  readonly #priority: number[] = [];
  /** Decision numbers (1-based) where the running task is lowered, in the order drawn. */
  readonly #changeAt: number[] = [];
  /** The priority the task drops to at the matching `#changeAt`. */
  readonly #changeTo: number[] = [];
  #step = 0;

  constructor(seed: number, depth: number, steps: number) {
    this.#prng = new Prng(seed);
    this.#depth = depth;
    const k = Math.max(1, steps);
    const at = this.#changeAt;
    for (let i = 1; i < depth; i++) {
      // Distinct change points while there are enough steps to hold them.
      let point = 1 + this.#prng.nextInt(k);
      for (let tries = 0; at.includes(point) && tries < 8; tries++) point = 1 + this.#prng.nextInt(k);
      if (!at.includes(point)) {
        at.push(point);
        this.#changeTo.push(depth - i);
      }
    }
  }

  pickTask(ids: readonly number[]): number {
    const step = ++this.#step;
    let best = this.#highest(ids);
    const at = this.#changeAt;
    for (let c = 0; c < at.length; c++) {
      if (at[c] !== step) continue;
      this.#priority[ids[best]] = this.#changeTo[c];
      best = this.#highest(ids);
      break;
    }
    return best;
  }

  random(): number {
    return this.#prng.next();
  }

  #highest(ids: readonly number[]): number {
    const priority = this.#priority;
    let best = 0;
    let top = -1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      let p = priority[id];
      if (p === undefined) {
        p = this.#depth + this.#prng.next();
        priority[id] = p;
      }
      if (p > top) {
        top = p;
        best = i;
      }
    }
    return best;
  }
}
