/**
 * A runtime's live tasks: how each is born (an id, its spawn time, site and
 * group, the spawn hook, a place in the run queue) and how it leaves (the
 * terminate hook, its failure handed to the reports if nobody observes it).
 *
 * The list is intrusive (`prevLive`/`nextLive` on the task), so a dump can
 * walk every live task without a Set entry per task.
 */
import type { Future } from "../core/future";
import type { Clock } from "../reactor/time/clock";
import type { Executor } from "./executor";
import type { TaskGroup } from "./group";
import { callHook, TaskInfo, TaskOutcome } from "./hooks";
import type { RuntimeOptions } from "./options";
import type { Reports } from "./reports";
import { captureSpawnSite } from "./spawn-site";
import { JoinHandle, Outcome, running, Task, TaskState } from "./task";

export class TaskList {
  /** Head of the list of live tasks, newest first. */
  head: Task<unknown> | null = null;
  /** Tasks spawned and not yet complete. */
  alive = 0;
  #nextId = 1;
  readonly #exec: Executor;
  readonly #reports: Reports;
  readonly #clock: Clock;
  // Diagnostics. Each is null (false) when unused, so a spawn pays one test.
  readonly #captureSpawnSite: boolean;
  readonly #onTaskSpawn: ((task: TaskInfo) => void) | null;
  readonly #onTaskTerminate: ((task: TaskInfo, outcome: TaskOutcome, error: unknown) => void) | null;
  /** Set by the first grouped spawn: until then `spawn` never looks for a parent group. */
  #grouped = false;
  /**
   * The spawn time of the current drain's tasks (see `#spawnTime`): -1 until
   * the drain's first spawn, -2 outside any drain. Kept here, not read from
   * the executor, to save a call per spawn.
   */
  #drainSpawnTime = -2;

  constructor(exec: Executor, reports: Reports, clock: Clock, options: RuntimeOptions) {
    this.#exec = exec;
    this.#reports = reports;
    this.#clock = clock;
    this.#captureSpawnSite = options.captureSpawnSite === true;
    this.#onTaskSpawn = options.onTaskSpawn ?? null;
    this.#onTaskTerminate = options.onTaskTerminate ?? null;
  }

  /** Tasks ever created. */
  get spawned(): number {
    return this.#nextId - 1;
  }

  /** A drain begins: its first spawn reads the clock afresh. */
  enterDrain(): void {
    this.#drainSpawnTime = -1;
  }

  /** The drain ended: each spawn until the next reads the clock. */
  leaveDrain(): void {
    this.#drainSpawnTime = -2;
  }

  /** Makes a task of `body` and queues it (it is born Scheduled). With `group`, it joins that group. */
  spawn<T>(body: Generator<unknown, T, unknown> | Future<T>, name: string | undefined, group?: TaskGroup): Task<T> {
    const id = this.#nextId++;
    const t = new JoinHandle<T>(id, name, body, this.#exec, this.#spawnTime());
    this.alive++;
    const head = this.head;
    t.nextLive = head;
    if (head !== null) head.prevLive = t as Task<unknown>;
    this.head = t as Task<unknown>;
    if (this.#captureSpawnSite) t.spawnSite = captureSpawnSite();
    if (group !== undefined) this.#grouped = true;
    if (this.#grouped) {
      // Set before the spawn hook runs, so that it sees the group. A task
      // spawned while a grouped task of this runtime is being polled joins
      // that task's group, unless spawnInGroup names one.
      const parent = running.task;
      if (group !== undefined) t.group = group;
      else if (parent !== null && parent.scheduler === this.#exec && parent.group !== null && (parent.state === TaskState.Running || parent.state === TaskState.Notified)) t.group = parent.group;
    }
    if (this.#onTaskSpawn !== null) callHook("onTaskSpawn", this.#onTaskSpawn, t as TaskInfo);
    this.#exec.schedule(t as Task<unknown>);
    return t;
  }

  /** `task` completed: it leaves the list, and its failure goes to the reports if nobody observed it. */
  done(task: Task<unknown>): void {
    if (this.#onTaskTerminate !== null) {
      const o = task.outcome;
      callHook("onTaskTerminate", this.#onTaskTerminate, task as TaskInfo, o === Outcome.Ok ? "ok" : o === Outcome.Err ? "error" : "cancelled", task.error);
    }
    this.alive--;
    const prev = task.prevLive;
    const next = task.nextLive;
    if (prev !== null) prev.nextLive = next;
    else this.head = next;
    if (next !== null) next.prevLive = prev;
    task.prevLive = task.nextLive = null;
    // An error of cleanup that ran because of abort() is as unobserved as any
    // other failure: a cancelled task's error is the one its cleanup threw.
    const o = task.outcome;
    if (!task.observed && (o === Outcome.Err || (o === Outcome.Cancelled && task.error !== undefined))) {
      this.#reports.failed(task);
    }
  }

  /**
   * Stops every live task of `group` where it stands (`task.kill()`).
   * Returns how many it stopped, and how many of them were queued (the
   * executor then takes those off its run queue).
   */
  kill(group: TaskGroup): { killed: number; queued: number } {
    const victims: Task<unknown>[] = [];
    for (let t = this.head; t !== null; t = t.nextLive) if (t.group === group) victims.push(t);
    let queued = 0;
    for (const t of victims) {
      if (t.state === TaskState.Scheduled) queued++;
      t.kill();
    }
    return { killed: victims.length, queued };
  }

  /**
   * The clock time a new task records, in whole milliseconds (a small integer
   * stays in the task; a fraction would be boxed, 16 bytes more). On a real
   * clock one reading per drain serves every spawn in it: a clock read per
   * spawn cost ~100 ns, and dumps show ages in milliseconds anyway. The
   * reading is taken at the drain's first spawn, so a drain that spawns
   * nothing (most of a server's) reads no clock.
   */
  #spawnTime(): number {
    const clock = this.#clock;
    if (this.#drainSpawnTime === -2 || clock.paused) return Math.floor(clock.now());
    if (this.#drainSpawnTime < 0) this.#drainSpawnTime = Math.floor(clock.now());
    return this.#drainSpawnTime;
  }
}
