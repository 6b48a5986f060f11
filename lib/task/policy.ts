/**
 * Schedule policies: what decides, in a seeded runtime, which runnable task
 * runs next and what `random()` returns.
 *
 * The executor asks its policy only when there is a choice (two or more tasks
 * queued), in `Executor.#pickNext` (executor.ts), the one place that picks
 * the next task; an unseeded runtime has no policy at all and pops its run
 * queue in FIFO order without asking anyone.
 */
import { Prng } from "../core/prng";

/**
 * The seam between the executor and whatever chooses its schedule: a seeded
 * generator ({@link SeededPolicy}), or a simulator's recorder and replayer.
 *
 * @example
 * class Fifo implements SchedulePolicy {
 *   pickTask(): number { return 0; }          // always the head: plain FIFO
 *   random(): number { return 0.5; }
 * }
 * const rt = runtimeWithPolicy({ startPaused: true }, new Fifo());
 */
export interface SchedulePolicy {
  /**
   * Chooses the next task to poll. `ids` are the ids of the queued runnable
   * tasks, head of the run queue first; there are always at least two.
   * Returns an index into `ids` (0 = FIFO). The array is reused by the
   * runtime: copy it to keep it past the call.
   */
  pickTask(ids: readonly number[]): number;
  /**
   * A number in [0, 1): what `random()` returns, and which branch an
   * unbiased `select`/`race`/`join`/`joinAll` polls first.
   */
  random(): number;
}

/**
 * The policy of `new Runtime({ seed })`: a uniform pick among the queued
 * tasks, and random numbers, from one {@link Prng} seeded with `seed`.
 *
 * @example
 * const rt = runtimeWithPolicy({ startPaused: true }, new SeededPolicy(42)); // as new Runtime({ startPaused: true, seed: 42 })
 */
export class SeededPolicy implements SchedulePolicy {
  readonly #prng: Prng;

  constructor(seed: number) {
    this.#prng = new Prng(seed);
  }

  pickTask(ids: readonly number[]): number {
    return this.#prng.nextInt(ids.length);
  }

  /** @internal `pickTask` from the count alone: the runtime's fast path, with no ids to gather. */
  pickIndex(n: number): number {
    return this.#prng.nextInt(n);
  }

  random(): number {
    return this.#prng.next();
  }
}
