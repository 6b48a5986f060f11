/**
 * Lost wakers: a task that is idle and whose waker nobody holds can never
 * run again (tokio-console's "lost waker" lint).
 *
 * ## How it is detected, and what it costs
 *
 * In Rust the waker is reference counted, so tokio-console sees the count
 * fall to zero. JavaScript has no such count, but it has the next best thing:
 * a future can only register a waker it has *read*, and a task's waker is
 * read through `cx.waker`, a getter on the task that sets a flag. The task
 * clears the flag before each poll. A poll that returns `Pending` with the
 * task not re-woken and the flag still clear registered the waker nowhere:
 * the leaf broke the protocol (register the waker of the latest poll), and
 * nothing can wake the task again except `abort()`.
 *
 * Cost: one store before each poll, one per `cx.waker` read, one test after a
 * pending poll. Nothing is allocated unless a lost waker is found.
 *
 * Rejected: a WeakRef/FinalizationRegistry per task (allocates per task, and
 * reports only when the garbage collector happens to run), and a check only
 * when the whole runtime is idle (that is deadlock detection: it cannot tell
 * the task that lost its waker from the tasks waiting on it).
 *
 * ## Non-guarantees
 *
 * - Combinators give each child a waker of its own and read the task's waker
 *   for themselves, so a child that loses *its* waker inside `join`/`select`
 *   is not seen here (the task then shows in dumps and deadlock reports).
 * - A leaf that kept the waker of an earlier poll and does not read
 *   `cx.waker` again is reported, although the same task waker would still
 *   work: it breaks the "latest waker" rule, and would lose its wake once
 *   moved into a combinator.
 * - `pending()` never wakes anyone by design and is not reported.
 */
import { Future } from "../core/future";
import { Never } from "../core/ready";
import { TaskInfo } from "./hooks";

/**
 * A task found idle with no waker registered anywhere, as given to
 * `RuntimeOptions.onLostWaker`.
 *
 * @example
 * new Runtime({ onLostWaker: (r) => log.warn(`task ${r.task.name} can never wake (waits on ${r.waitingOn})`) });
 *
 * @category Diagnostics
 */
export interface LostWakerReport {
  readonly task: TaskInfo;
  /** The leaf it is suspended on, described (`MyLeaf`, `sleep(250ms)`), or null. */
  readonly waitingOn: string | null;
  /** Where it was spawned, when the runtime captures spawn sites. */
  readonly spawnSite: string | null;
}

/** True when a task suspended on `leaf` is parked on purpose (`pending()`), not lost. @internal */
export function isDeliberatelyParked(leaf: Future<unknown> | null): boolean {
  return leaf instanceof Never;
}

/** The default report: one warning on stderr per lost task. @internal */
export function formatLostWaker(r: LostWakerReport): string {
  const on = r.waitingOn === null ? "" : ` on ${r.waitingOn}`;
  const at = r.spawnSite === null ? "" : `\n  spawned at ${r.spawnSite}`;
  return (
    `genfut: lost waker: task "${r.task.name}" (#${r.task.id}) is suspended${on}, but that poll registered its waker nowhere, ` +
    `so nothing can ever wake it (a leaf future must store cx.waker before returning Pending)${at}`
  );
}
