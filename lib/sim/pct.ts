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
  /** Priority by task id; initial ones are in [depth, depth + 1), lowered ones are 1..depth-1. */
  readonly #priority = new Map<number, number>();
  /** Decision numbers (1-based) where the running task is lowered, with the priority it drops to. */
  readonly #changes = new Map<number, number>();
  #step = 0;

  constructor(seed: number, depth: number, steps: number) {
    this.#prng = new Prng(seed);
    this.#depth = depth;
    const k = Math.max(1, steps);
    for (let i = 1; i < depth; i++) {
      // Distinct change points while there are enough steps to hold them.
      let at = 1 + this.#prng.nextInt(k);
      for (let tries = 0; this.#changes.has(at) && tries < 8; tries++) at = 1 + this.#prng.nextInt(k);
      if (!this.#changes.has(at)) this.#changes.set(at, depth - i);
    }
  }

  pickTask(ids: readonly number[]): number {
    this.#step++;
    let best = this.#highest(ids);
    const lowered = this.#changes.get(this.#step);
    if (lowered !== undefined) {
      this.#priority.set(ids[best], lowered);
      best = this.#highest(ids);
    }
    return best;
  }

  random(): number {
    return this.#prng.next();
  }

  #highest(ids: readonly number[]): number {
    let best = 0;
    let top = -1;
    for (let i = 0; i < ids.length; i++) {
      let p = this.#priority.get(ids[i]);
      if (p === undefined) {
        p = this.#depth + this.#prng.next();
        this.#priority.set(ids[i], p);
      }
      if (p > top) {
        top = p;
        best = i;
      }
    }
    return best;
  }
}
