/** Helpers for the diagnostics specs. */
import { Future, LostWakerReport, Pending, Poll } from "../../lib";

/** A deliberately broken leaf: pending forever, and it never stores `cx.waker`. */
export class BrokenLeaf extends Future<number> {
  polls = 0;
  poll(): Poll<number> {
    this.polls++;
    return Pending;
  }
}

/** An `onLostWaker` that keeps the test output clean. */
export function silentLostWakers(_: LostWakerReport): void {}

/** Collects lost-waker reports. */
export function lostWakerLog(): { reports: LostWakerReport[]; onLostWaker: (r: LostWakerReport) => void } {
  const reports: LostWakerReport[] = [];
  return { reports, onLostWaker: (r) => reports.push({ ...r, task: { id: r.task.id, name: r.task.name, spawnedAt: r.task.spawnedAt } }) };
}
