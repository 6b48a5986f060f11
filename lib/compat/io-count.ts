/**
 * Counting a pending Promise or listener as an I/O source of the runtime.
 *
 * While a bridge future is pending on something only Node can deliver (a
 * Promise settling, an event), the runtime must know that "nothing is
 * runnable" does not mean "deadlock": `blockOn` reports that it cannot wait
 * for I/O instead of blaming the program, and dumps stay honest. The count
 * is held from the poll that returned `Pending` until the source delivers, or
 * the wait is cancelled; `hold` and `release` are idempotent so every exit
 * path can call `release` without double counting.
 */
import { Runtime } from "../task/runtime";

/** One unit of `driver.ioSources`, held at most once. */
export class IoCount {
  #rt: Runtime | null = null;

  /** Counts one source on `rt` (once). */
  hold(rt: Runtime): void {
    if (this.#rt !== null) return;
    this.#rt = rt;
    rt.driver.ioSources++;
  }

  /** Stops counting (if counting). */
  release(): void {
    const rt = this.#rt;
    if (rt === null) return;
    this.#rt = null;
    rt.driver.ioSources--;
  }
}
