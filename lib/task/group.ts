/**
 * Task groups: the tasks of one simulated host, which can be stopped all at
 * once as a machine crashes.
 *
 * A task joins a group when spawned with {@link spawnInGroup}, or when it is
 * spawned (by `spawn`, `JoinSet`, `scope`…) while a task of that group is
 * being polled: everything a host's `main` starts belongs to the host. Tasks
 * spawned outside any group have none. Dumps show a grouped task as
 * `group/name`.
 *
 * Internal: exported from lib/task for lib/sim, not from the public barrel.
 *
 * Non-guarantees: a killed task's registrations (a sleep's timer, a place in
 * a channel's or lock's waiter list) are not withdrawn, since withdrawing
 * them would run the cancellation a crash must not run; they stay until they
 * fire or are dropped, and waking the dead task does nothing. A task that
 * kills its own group runs on to its next suspension (JavaScript cannot stop
 * a running generator from outside); a task it spawns in that stretch
 * belongs to no group.
 */
import { intoBody, Spawnable, taskName } from "../core/coroutine";
import type { SpawnOptions } from "./options";
import { executorOf, Runtime } from "./runtime";
import { JoinHandle } from "./task";

/**
 * A named set of tasks of one runtime (a simulated host).
 *
 * @example
 * const db = new TaskGroup("db");
 * spawnInGroup(rt, db, function* main() { spawn(serve); }); // main and serve are in "db"
 */
export class TaskGroup {
  constructor(readonly name: string) {
    if (typeof name !== "string") throw new TypeError(`TaskGroup: name must be a string, got ${typeof name} ${String(name)}`);
  }
}

/**
 * Spawns `task` on `rt` as a member of `group` (whatever group the spawning
 * task has). The tasks it spawns join `group` too.
 *
 * @example
 * const h = spawnInGroup(rt, new TaskGroup("web"), function* main() { yield* sleep(10); });
 * groupOf(h)!.name; // "web"
 */
export function spawnInGroup<T>(rt: Runtime, group: TaskGroup, task: Spawnable<T>, options?: SpawnOptions): JoinHandle<T> {
  if (!(rt instanceof Runtime)) throw new TypeError(`spawnInGroup(): rt must be a Runtime, got ${String(rt)}`);
  if (!(group instanceof TaskGroup)) throw new TypeError(`spawnInGroup(): group must be a TaskGroup, got ${String(group)}`);
  return executorOf(rt).tasks.spawn(intoBody(task, "spawnInGroup()"), options?.name ?? taskName(task), group);
}

/**
 * The group of the task behind `handle`, or null if it has none.
 *
 * @example
 * groupOf(spawn(function* () {})); // null outside any group
 */
export function groupOf(handle: JoinHandle<unknown>): TaskGroup | null {
  if (!(handle instanceof JoinHandle)) throw new TypeError(`groupOf(): handle must be a JoinHandle, got ${String(handle)}`);
  return handle.group;
}

/**
 * Stops every live task of `group` on `rt` where it stands, as a crash
 * stops a machine: no `finally` runs (a crash is not a cancellation), the
 * tasks leave the run queue and the live list, their handles complete as
 * cancelled (a joiner elsewhere gets a `JoinError` with `.cancelled`), and
 * later wakes of them do nothing. A task that kills its own group stops at
 * its next suspension. Returns how many tasks it stopped.
 *
 * @example
 * const host = new TaskGroup("db");
 * const h = spawnInGroup(rt, host, function* main() { try { yield* sleep(1000); } finally { console.log("never printed"); } });
 * killGroup(rt, host); // 1
 */
export function killGroup(rt: Runtime, group: TaskGroup): number {
  if (!(rt instanceof Runtime)) throw new TypeError(`killGroup(): rt must be a Runtime, got ${String(rt)}`);
  if (!(group instanceof TaskGroup)) throw new TypeError(`killGroup(): group must be a TaskGroup, got ${String(group)}`);
  return executorOf(rt).killGroup(group);
}
