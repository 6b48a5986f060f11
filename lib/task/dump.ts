/**
 * Task dumps: every live task, its state, and what it waits on, as text or JSON.
 */

/**
 * One task in a {@link RuntimeDump}.
 *
 * @example
 * const stuck = rt.dump().tasks.filter((t) => t.lostWaker || t.joining !== null);
 *
 * @category Diagnostics
 */
export interface TaskSnapshot {
  id: number;
  name: string;
  /** idle, scheduled, running, notified, cancelling */
  state: string;
  /** Milliseconds on the runtime's clock since the task was spawned. */
  ageMs: number;
  /** The leaf the task is suspended on, as users wrote it (`sleep(250ms)`), or null. */
  waitingOn: string | null;
  /** When it waits on another task's `JoinHandle`: that task's id (the dump follows the chain). */
  joining: number | null;
  /** Idle after a poll that registered its waker nowhere: it can never wake again (see lost-waker.ts). */
  lostWaker: boolean;
  /** Where it was spawned (`main (/app/server.ts:42:7)`), when the runtime captures spawn sites; else null. */
  spawnSite: string | null;
}

/**
 * A snapshot of a runtime's live tasks, from {@link Runtime.dump}.
 * `String(dump)` reads like a story; `JSON.stringify(dump)` gives
 * `{ at, tasks: TaskSnapshot[] }` for tools.
 *
 * @example
 * console.log(String(rt.dump()));
 * // 2 live tasks at t=40ms:
 * //   #1 main [idle, 40ms old] waiting on JoinHandle(worker) → #2 worker waiting on sleep(250ms)
 * //   #2 worker [idle, 40ms old] waiting on sleep(250ms)
 *
 * @category Diagnostics
 */
export class RuntimeDump {
  constructor(
    readonly at: number,
    readonly tasks: TaskSnapshot[],
  ) {}

  /** One line per task (id, name, state, age, what it waits on, followed through joins), plus lost-waker marks and spawn sites. */
  toString(): string {
    if (this.tasks.length === 0) return "no live tasks";
    const lines = [`${this.tasks.length} live task${this.tasks.length === 1 ? "" : "s"} at t=${round(this.at)}ms:`];
    const byId = new Map(this.tasks.map((t) => [t.id, t]));
    for (const t of this.tasks) {
      let line = `  #${t.id} ${t.name} [${t.state}, ${round(t.ageMs)}ms old]${t.waitingOn === null ? "" : ` waiting on ${t.waitingOn}`}`;
      line += joinChain(t, byId);
      if (t.lostWaker) line += "\n      LOST WAKER: its last poll returned Pending without storing cx.waker anywhere; nothing can wake it";
      if (t.spawnSite !== null) line += `\n      spawned at ${t.spawnSite}`;
      lines.push(line);
    }
    return lines.join("\n");
  }

  /** The same facts as plain data: `JSON.stringify(dump)`. */
  toJSON(): { at: number; tasks: TaskSnapshot[] } {
    return { at: this.at, tasks: this.tasks };
  }
}

/**
 * ` → #3 worker waiting on sleep(250ms)`: follows `JoinHandle` awaits from
 * task to task, so a chain reads in one line and a cycle (a join deadlock)
 * is named as one.
 */
function joinChain(t: TaskSnapshot, byId: Map<number, TaskSnapshot>): string {
  let out = "";
  const seen = new Set<number>([t.id]);
  for (let id = t.joining; id !== null; ) {
    const next = byId.get(id);
    if (next === undefined) break;
    if (seen.has(id)) return `${out} → #${id} ${next.name} (a cycle: these tasks wait on each other)`;
    seen.add(id);
    out += ` → #${id} ${next.name}${next.waitingOn === null ? ` [${next.state}]` : ` waiting on ${next.waitingOn}`}`;
    id = next.joining;
  }
  return out;
}

function round(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}
