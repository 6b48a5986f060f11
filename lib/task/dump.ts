/**
 * Task dumps: every live task, its state, and what it waits on, as text or JSON.
 */

/** One task in a {@link RuntimeDump}. */
export interface TaskSnapshot {
  id: number;
  name: string;
  /** idle, scheduled, running, notified, cancelling */
  state: string;
  /** Milliseconds on the runtime's clock since the task was spawned. */
  ageMs: number;
  /** The leaf the task is suspended on, as users wrote it (`sleep(250ms)`), or null. */
  waitingOn: string | null;
}

/** A snapshot of a runtime's live tasks. `String(dump)` reads like a story. */
export class RuntimeDump {
  constructor(
    readonly at: number,
    readonly tasks: TaskSnapshot[],
  ) {}

  toString(): string {
    if (this.tasks.length === 0) return "no live tasks";
    const lines = [`${this.tasks.length} live task${this.tasks.length === 1 ? "" : "s"} at t=${round(this.at)}ms:`];
    for (const t of this.tasks) {
      lines.push(`  #${t.id} ${t.name} [${t.state}, ${round(t.ageMs)}ms old]${t.waitingOn === null ? "" : ` waiting on ${t.waitingOn}`}`);
    }
    return lines.join("\n");
  }

  toJSON(): { at: number; tasks: TaskSnapshot[] } {
    return { at: this.at, tasks: this.tasks };
  }
}

function round(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}
