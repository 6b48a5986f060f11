/**
 * What a runtime tells about its tasks, apart from running them: errors
 * nobody will receive (`onUnhandledError`), tasks that lost their waker
 * (`onLostWaker`), the task dump (`dump()`, and printed on `dumpOnSignal`).
 *
 * Failed tasks and lost wakers are collected during a drain and reported
 * when it ends: by then a task that failed may have been joined after all
 * (its error was observed), and one that went idle with no waker may have
 * been woken or polled again. A report that throws is itself reported to
 * stderr, and the other reports still go out.
 */
import { Coroutine } from "../core/coroutine";
import type { Future } from "../core/future";
import { markProcessFailed, onSignal, reportToStderr } from "../reactor/host";
import { RuntimeDump, TaskSnapshot } from "./dump";
import { formatLostWaker, isDeliberatelyParked, LostWakerReport } from "./lost-waker";
import type { RuntimeMetrics, RuntimeOptions } from "./options";
import { formatSpawnSite } from "./spawn-site";
import { JoinHandle, Outcome, Task, TaskState } from "./task";

type UnhandledHandler = NonNullable<RuntimeOptions["onUnhandledError"]>;

/** A runtime's reports: one per runtime, fed by its executor. */
export class Reports {
  readonly #onUnhandledError: UnhandledHandler;
  readonly #onLostWaker: (report: LostWakerReport) => void;
  /** Failed tasks to report if nobody awaits their handles by the end of the drain. */
  #unobserved: Task<unknown>[] = [];
  /** Tasks that went idle with a lost waker during this drain, to report at its end. */
  #lost: Task<unknown>[] = [];
  /** Lost wakers over the runtime's life (for metrics). */
  lostCount = 0;
  /** The signal that prints a dump (`dumpOnSignal`), or null. */
  readonly #dumpSignal: string | null;
  #removeSignalListener: (() => void) | null = null;
  /** What the signal prints. */
  readonly #describe: () => { dump: RuntimeDump; metrics: RuntimeMetrics };

  constructor(options: RuntimeOptions, describe: () => { dump: RuntimeDump; metrics: RuntimeMetrics }) {
    this.#onUnhandledError = options.onUnhandledError ?? defaultUnhandled;
    this.#onLostWaker = options.onLostWaker ?? defaultLostWaker;
    const sig = options.dumpOnSignal ?? false;
    this.#dumpSignal = sig === true ? "SIGUSR2" : sig === false ? null : sig;
    this.#describe = describe;
  }

  // ---- Errors nobody receives ----------------------------------------------

  /** `task` failed and nobody has observed it yet: report it at the end of the drain unless someone does. */
  failed(task: Task<unknown>): void {
    this.#unobserved.push(task);
  }

  /** See `Runtime.disown`. `draining`: the report waits for the end of the drain. */
  disown(task: Task<unknown>, draining: boolean): void {
    task.observed = false;
    if (task.state !== TaskState.Complete) return;
    const o = task.outcome;
    if (o === Outcome.Err || (o === Outcome.Cancelled && task.error !== undefined)) {
      this.#unobserved.push(task);
      if (!draining) this.reportUnobserved();
    }
  }

  /** Reports every failed task still unobserved, once each. */
  reportUnobserved(): void {
    if (this.#unobserved.length === 0) return;
    const tasks = this.#unobserved;
    this.#unobserved = [];
    for (const t of tasks) {
      if (t.observed) continue;
      t.observed = true; // report once
      try {
        const info = { id: t.id, name: t.name, spawnSite: spawnSiteOf(t) };
        this.#onUnhandledError(t.error, t.outcome === Outcome.Cancelled ? { ...info, cancelled: true } : info);
      } catch (e) {
        reportToStderr(`genfut: onUnhandledError threw while reporting task "${t.name}": ${stackOf(e)}`);
      }
    }
  }

  /** See `Runtime.reportUnhandled`. */
  unhandled(error: unknown, task: Task<unknown> | null): void {
    const info = task === null ? { id: 0, name: "(no task)", spawnSite: null } : { id: task.id, name: task.name, spawnSite: spawnSiteOf(task) };
    if (this.#onUnhandledError === defaultUnhandled) {
      // The default's "failed and nobody joined it" would be wrong: the task goes on.
      reportToStderr(`genfut: task "${info.name}" (#${info.id}) met an error nobody could receive:\n${stackOf(error)}`);
      markProcessFailed(); // as for a failed task nobody joined: the failure shows in the exit code
      return;
    }
    try {
      this.#onUnhandledError(error, info);
    } catch (e) {
      reportToStderr(`genfut: onUnhandledError threw while reporting an error of task "${info.name}": ${stackOf(e)}`);
    }
  }

  // ---- Lost wakers -----------------------------------------------------------

  /** `task` went idle after a poll that read no waker: report it at the end of the drain if it is still lost then. */
  lostWaker(task: Task<unknown>): void {
    if (isDeliberatelyParked(innermost(task.waitingOn()))) return;
    this.lostCount++;
    this.#lost.push(task);
  }

  /** Reports the lost wakers collected so far, if any. */
  reportLost(): void {
    if (this.#lost.length === 0) return;
    const tasks = this.#lost;
    this.#lost = [];
    for (const t of tasks) {
      // Still idle and still lost (not re-polled, woken or finished since)?
      if (!isLost(t)) continue;
      const w = t.waitingOn();
      const report: LostWakerReport = { task: t, waitingOn: w === null ? null : w.describe(), spawnSite: spawnSiteOf(t) };
      try {
        this.#onLostWaker(report);
      } catch (e) {
        reportToStderr(`genfut: onLostWaker threw while reporting task "${t.name}": ${stackOf(e)}`);
      }
    }
  }

  /** Drops the lost wakers collected so far, unreported (a deadlock's dump already marks them). */
  forgetLost(): void {
    this.#lost.length = 0;
  }

  // ---- The signal dump --------------------------------------------------------

  /** Listens for `dumpOnSignal`, if set and not listening yet (while a `run()` is in progress). */
  listenForSignal(): void {
    if (this.#dumpSignal !== null && this.#removeSignalListener === null) this.#removeSignalListener = onSignal(this.#dumpSignal, this.#printDump);
  }

  /** Stops listening for `dumpOnSignal`. */
  stopSignal(): void {
    if (this.#removeSignalListener === null) return;
    this.#removeSignalListener();
    this.#removeSignalListener = null;
  }

  readonly #printDump = (): void => {
    const { dump, metrics } = this.#describe();
    reportToStderr(
      `genfut: task dump (${this.#dumpSignal})\n${String(dump)}\n` +
        `metrics: ${Object.entries(metrics).map(([k, v]) => `${k}=${v}`).join(" ")}`,
    );
  };
}

/** The dump of the live tasks from `head` on (see `Runtime.dump`), at clock time `now`. */
export function dumpTasks(head: Task<unknown> | null, now: number): RuntimeDump {
  const tasks: TaskSnapshot[] = [];
  for (let t = head; t !== null; t = t.nextLive) {
    const w = t.waitingOn();
    const leaf = innermost(w);
    tasks.push({
      id: t.id,
      name: t.group === null ? t.name : `${t.group.name}/${t.name}`,
      state: t.stateName,
      ageMs: now - t.spawnedAt,
      waitingOn: w === null ? null : w.describe(),
      joining: leaf instanceof JoinHandle && !leaf.isFinished() ? leaf.id : null,
      lostWaker: isLost(t),
      spawnSite: spawnSiteOf(t),
    });
  }
  tasks.sort((a, b) => a.id - b.id);
  return new RuntimeDump(now, tasks);
}

/** Where `task` was spawned, when spawn sites are captured. */
function spawnSiteOf(task: Task<unknown>): string | null {
  const site = task.spawnSite;
  return site === null ? null : formatSpawnSite(site);
}

/** An error's stack (or message) for stderr; anything else thrown, as a string. */
export function stackOf(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

function defaultUnhandled(error: unknown, task: { id: number; name: string; spawnSite?: string | null; cancelled?: boolean }): void {
  const at = task.spawnSite == null ? "" : `\n  (task spawned at ${task.spawnSite})`;
  const how = task.cancelled === true ? "failed while being cancelled" : "failed";
  reportToStderr(`genfut: task "${task.name}" (#${task.id}) ${how} and nobody joined it:\n${stackOf(error)}${at}`);
  markProcessFailed();
}

function defaultLostWaker(report: LostWakerReport): void {
  reportToStderr(formatLostWaker(report));
}

/** Through coroutines suspended on coroutines, to the future at the bottom. */
function innermost(f: Future<unknown> | null): Future<unknown> | null {
  for (let i = 0; f instanceof Coroutine && i < 64; i++) {
    const w = f.waitingOn();
    if (w === null) break;
    f = w;
  }
  return f;
}

/** Idle, its last poll read no waker, and not parked on `pending()` on purpose. */
function isLost(t: Task<unknown>): boolean {
  return t.state === TaskState.Idle && !t.wakerTaken && !t.abortRequested && !isDeliberatelyParked(innermost(t.waitingOn()));
}
